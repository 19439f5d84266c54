"""Large synthetic reports generated on the fly (never committed), for the scale tests
(tests/test_align_scale.py) and benchmarks (bench_align.py, bench_compare.py): a report of N
numbered sections in three levels, its next year edited the way real reports change, and a
pathological report of tens of thousands of tiny sections. The sentences are written for these
tests in the style of the reports; no report text is copied."""

from __future__ import annotations

import random

_CN = "零一二三四五六七八九"
_VERBS = ("加强", "完善", "推进", "深化", "健全", "规范", "落实", "强化", "提升", "优化")
_OBJECTS = ("行政执法监督", "重大行政决策程序", "行政复议应诉", "法治宣传教育", "政务公开标准化",
            "基层法治建设", "规范性文件审核", "矛盾纠纷调解", "营商环境法治保障", "执法人员培训",
            "公共法律服务体系", "权责清单动态管理", "行政调解工作机制", "信用监管制度", "证明事项清理")
_UNITS = ("件", "次", "人次", "项", "场")
_SENTENCES = (
    "全年{v}{o}相关工作{x}{u}，同比增长{p}%。",
    "组织开展{o}专项检查{x}次，发现并督促整改问题{y}个。",
    "围绕{o}制定工作方案，明确责任分工和完成时限，推动各项任务按期落实。",
    "建立{o}定期会商机制，每季度通报工作进展，及时研究解决存在的问题。",
    "{o}覆盖率达到{p}%，群众满意度较上年提高{q}个百分点。",
)


def cn_numeral(k: int) -> str:
    """1..99 as written in headings (十一, 二十, 九十九)."""
    tens, ones = divmod(k, 10)
    head = "" if tens == 0 else "十" if tens == 1 else _CN[tens] + "十"
    return head + (_CN[ones] if ones else "")


def _body(rnd: random.Random) -> str:
    o = rnd.choice(_OBJECTS)
    return "".join(rnd.choice(_SENTENCES).format(v=rnd.choice(_VERBS), o=o, x=rnd.randint(5, 900),
                                                 y=rnd.randint(1, 60), u=rnd.choice(_UNITS),
                                                 p=rnd.randint(10, 99), q=rnd.randint(1, 9))
                   for _ in range(2))


def sections_report(year: int, n_sections: int, *, seed: int = 0, items: int = 15, subitems: int = 19) -> str:
    """A report of about `n_sections` headings: parts 一、 holding items （一） holding sub-items 1.
    Year `year + k` of the same seed keeps the structure and edits it like real reports: figures
    change, one title in five is reworded, two items of every part swap places."""
    rnd = random.Random(seed)  # the structure: the same every year
    edit = random.Random(seed * 7919 + year)  # this year's edits
    parts: list[tuple[str, list[tuple[str, list[tuple[str, str]]]]]] = []
    count = 0
    while count < n_sections:
        part_items = []
        count += 1
        for _ in range(items):
            if count >= n_sections:
                break
            subs = []
            count += 1
            for _ in range(subitems):
                if count >= n_sections:
                    break
                subs.append((rnd.choice(_VERBS) + rnd.choice(_OBJECTS), _body(rnd)))
                count += 1
            part_items.append((rnd.choice(_VERBS) + rnd.choice(_OBJECTS) + "工作", subs))
        parts.append((f"围绕{rnd.choice(_OBJECTS)}全面推进法治政府建设", part_items))
    lines = [f"某区人民政府关于{year}年度法治政府建设情况的报告", "", f"{year}年，某区扎实推进法治政府建设。", ""]
    for p, (ptitle, part_items) in enumerate(parts, start=1):
        lines += [f"{cn_numeral(p)}、{ptitle}", ""]
        order = list(range(len(part_items)))
        if len(order) > 3:
            a, b = edit.sample(range(len(order)), 2)
            order[a], order[b] = order[b], order[a]
        for k, idx in enumerate(order, start=1):
            ititle, subs = part_items[idx]
            lines.append(f"（{cn_numeral(k)}）{_reword(ititle, edit)}")
            for s, (stitle, body) in enumerate(subs, start=1):
                lines.append(f"{s}.{_reword(stitle, edit)}。{_vary(body, edit)}")
            lines.append("")
    lines += ["某区人民政府", f"{year + 1}年1月15日"]
    return "\n".join(lines)


def _reword(title: str, rnd: random.Random) -> str:
    return title.replace("加强", "强化", 1).replace("完善", "健全", 1) if rnd.random() < 0.2 else title


def _vary(body: str, rnd: random.Random) -> str:
    out, num = [], ""
    for ch in body + " ":
        if ch.isdigit():
            num += ch
            continue
        if num:
            out.append(str(int(num) + rnd.randint(0, 9)))
            num = ""
        out.append(ch)
    return "".join(out).rstrip()


def tiny_sections_report(year: int, n_sections: int = 40_000, parts: int = 4) -> str:
    """The pathological shape: `n_sections` one-line items （N）事项M。 under a few parts, numbering
    running 1..99 and starting again (a heading numeral goes up to 99)."""
    lines = [f"某区人民政府关于{year}年度法治政府建设情况的报告", "", f"{year}年，某区扎实推进法治政府建设。", ""]
    per = n_sections // parts
    k = 0
    for h in range(1, parts + 1):
        lines.append(f"{cn_numeral(h)}、第{h}部分工作")
        for i in range(per):
            k += 1
            lines.append(f"（{i % 99 + 1}）事项{k}。")
    lines += ["某区人民政府", f"{year + 1}年1月15日"]
    return "\n".join(lines)
