"""Does decoded text read as Chinese? Telling a right decoding from mojibake.

Bytes in Big5 (Taiwan, Hong Kong), Shift-JIS (Japan) or EUC-KR (Korea) nearly always decode
without error as GB18030: every two-byte sequence of those encodings is a valid GB18030 sequence.
What comes out is mojibake, and nothing downstream would notice. What gives it away is which
characters come out:

- Chinese prose is dominated by a few thousand characters. The ~2,200 below (frequent characters
  of modern written Chinese plus the vocabulary of government reports, in simplified and
  traditional forms) cover 90-100% of the Han characters of a report; mojibake picks characters
  without regard to frequency and hits this set for 0-45% of them (measured on our own sentences
  encoded each way, tests/test_encodings.py; figures in README "Input formats").
- Japanese carries kana (Chinese text has none), Korean carries hangul.

`profile` counts these on a sample; `looks_chinese` is the quick verdict compare.read.formats.text
asks of every GB18030 file (~0.2 ms for a report).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Frequent characters of written Chinese: general vocabulary first, then words of government
#: reports (法治 依法行政 复议 诉讼 执法 监督 …), then traditional forms of the frequent ones (for text
#: correctly decoded from Big5). Judgement, not a corpus count: the test is a share, and the gap
#: between prose (>0.9) and mojibake (<0.45) is wide enough that the exact list hardly matters.
_FREQUENT = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产"
    "种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从"
    "业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又"
    "么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位"
    "入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放"
    "决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受"
    "联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离"
    "华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复"
    "容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值"
    "号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参"
    "红细引听该铁价严首底液官德随病苏失尔死讲配女黄推显谈罪神艺呢席含企望密批营项防举球英氧势告李台落木"
    "帮轮破亚师围注远字材排供河态封另施减树溶怎止案言士均武固叶鱼波视仅费紧爱左章早朝害续轻服试食充兵源"
    "判护司足某练差致板田降黑犯负击范继兴似余坚曲输修故城夫够送笔船占右财吃富春职觉汉画功巴跟虽杂飞检吸"
    "助升阳互初创抗考投坏策古径换未跑留钢曾端责站简述钱副尽帝射草冲承独令限阿宣环双请超微让控州良轴找否"
    "纪益依优顶础载倒房突坐粉敌略客袁冷胜绝析块剂测丝协诉念陈仍罗盐友洋错苦夜刑移频逐靠混母短皮终聚汽村"
    "云哪既距卫停烈央察烧迅境若印洲刻括激孔搞甚室待核校散侵吧甲游久菜味旧模湖货损预阻毫普稳乙妈植息扩银"
    "语挥酒守拿序纸医缺雨吗针刘啊急唱误训愿审附获茶鲜粮斤孩脱硫肥善龙演父渐血欢械掌歌沙刚攻谓盾讨晚粒乱"
    "燃矛乎杀药宁鲁贵钟煤读班伯香介迫句丰培握兰担弦蛋沉假穿执答乐谁顺烟缩征脸喜松脚困异免背星福买染井概"
    "慢怕磁倍祖皇促静补评翻肉践尼衣宽扬棉希伤操垂秋宜氢套督振架亮末宪庆编牛触映雷销诗座居抓裂胞呼娘景威"
    "绿晶厚盟衡鸡孙延危胶屋乡临陆顾掉呀灯岁措束耐剧玉赵跳哥季课凯胡额款绍卷齐伟蒸殷永宗苗川炉岩弱零杨奏"
    "沿露杆探滑镇饭浓航怀赶库夺伊灵税途灭赛归召鼓播盘裁险康唯录菌纯借糖盖横符私努堂域枪润幅哈竟熟虫泽脑"
    "壤碳欧遍侧寨敢彻虑斜薄庭纳弹饲伸折麦湿暗荷瓦塞床筑恶户访塔奇透梁刀旋迹卡氯遇份毒泥退洗摆灰彩卖耗夏"
    "择忙铜献硬予繁圈雪函亦抽篇阵阴丁尺追堆雄迎泛爸楼避谋吨野猪旗累偏典馆索秦脂潮爷豆忽托惊塑遗愈朱替纤"
    "粗倾尚痛楚谢奋购磨君池旁碎骨监捕弟暴割贯殊释词亡壁顿宝午尘闻揭炮残冬桥妇警综招吴付浮遭徐您摇谷赞箱"
    "隔订男吹园纷唐败宋玻巨耕坦荣闭湾键凡驻锅救恩剥凝碱齿截炼麻纺禁废盛版缓净睛昌婚涉筒嘴插岸朗庄街藏姑"
    "贸腐奴啦惯乘伙恢匀纱扎辩耳彪臣亿璃抵脉秀萨俄网舞店喷纵寸汗挂洪贺闪柬爆烯津稻墙软勇像滚厘蒙芳肯坡柱"
    "荡腿仪旅尾轧冰贡登黎削钻勒逃障氨郭峰币港伏轨亩毕擦莫刺浪秘援株健售股岛甘泡睡童铸汤阀休汇舍牧绕炸哲"
    "磷绩朋淡尖启陷柴呈徒颜泪稍忘泵蓝拖洞授镜辛壮锋贫虚弯摩泰幼廷尊窗纲弄隶疑氏宫姐震瑞怪尤琴循描膜违夹"
    "腰缘珠穷森枝竹沟催绳忆邦剩幸浆栏拥牙贮礼滤钠纹罢拍咱喊袖埃勤罚焦潜伍墨欲缝姓刊饱仿奖铝鬼丽跨默挖链"
    "扫喝袋炭污幕诸弧励梅奶洁灾舟鉴苯讼抱毁懂寒智埔寄届跃渡挑丹艰贝碰拔爹戴码梦芽熔赤渔哭敬颗奔铅仲虎稀"
    "妹乏珍申桌遵允隆螺仓魏锐晓氮兼隐碍赫拨忠肃缸牵抢博巧壳兄杜讯诚碧祥柯页巡矩悲灌龄伦票寻桂铺圣恐恰郑"
    "趣抬荒腾贴柔滴猛阔辆妻填撤储签闹扰紫砂递戏吊陶伐喂疗瓶婆抚臂摸忍虾蜡邻胸巩挤偶弃槽劲乳邓吉仁烂砖租"
    "乌舰伴瓜浅丙暂燥橡柳迷暖牌秧胆详簧踏瓷谱呆宾糊洛辉愤竞隙怒粘乃绪肩籍敏涂熙皆侦悬掘享纠醒狂锁淀恨牲"
    "霸爬赏逆玩陵祝秒浙貌役彼悉鸭趋凤晨畜辈秩卵署梯炎滩棋驱筛峡冒啥寿译浸泉帽迟硅疆贷漏稿冠嫩胁芯牢叛蚀"
    "奥鸣岭羊凭串塘绘酵融盆锡庙筹冻辅摄袭筋拒僚旱钾鸟漆沈眉疏添棒穗硝韩逼扭侨凉挺碗栽炒杯患馏劝豪辽勃鸿"
    "旦吏拜狗埋辊掩饮搬骂辞勾扣估蒋绒雾丈朵姆拟宇辑陕雕偿蓄崇剪倡厅咬驶薯刷斥番赋奉佛浇漫曼扇钙桃扶仔返"
    "俗亏腔鞋棱覆框悄叔撞骗勘旺沸孤吐孟渠屈疾妙惜仰狠胀谐抛霉桑岗嘛衰盗渗脏赖涌甜曹阅肌哩厉烃纬毅昨伪症"
    "煮叹钉搭茎笼酷偷弓锥恒杰坑鼻翼纶叙狱逮罐络棚抑膨蔬寺骤穆冶枯册尸凸绅坯牺焰轰欣晋瘦御锭锦丧旬锻垄搜"
    "扑邀亭酯迈舒脆酶闲忧酚顽羽涨卸仗陪辟惩杭姚肚捉飘漂昆欺吾郎烷汁呵饰萧雅邮迁燕撒姻赴宴烦债帐斑铃旨醇"
    "董饼雏姿拌傅腹妥揉贤拆歪葡胺丢浩徽昂垫挡览贪慰缴汪慌冯诺姜谊凶劣诬耀昏躺盈骑乔溪丛卢抹闷咨刮驾缆悟"
    "摘铒掷颇幻柄惠惨佳仇腊窝涤剑瞧堡泼葱罩霍捞胎苍滨俩捅湘砍霞邵萄疯淮遂熊粪烘宿档戈驳嫂裕徙箭捐肠撑晒"
    "辨殿莲摊搅酱屏疫哀蔡堵沫皱畅叠阁莱敲辖钩痕坝巷饿祸丘玄溜曰逻彭尝卿妨艇吞韦怨矮歇"
    # the vocabulary of rule-of-law reports
    "治依规章程序审查复议诉讼执法监督公开透明廉洁诚信职能许可处罚强制裁量权责清单备案合法性决策听证"
    "顾问律师调解仲裁信访矛盾纠纷普法宣传教育培训考核评估督察整改问责履职营商环境放管服改革政务服务"
    "事项窗口网办跑腿承诺证照综合行政执法队伍案件办结率应诉出庭败诉纠错赔偿标准化规范化数字化智慧"
    "街道乡镇社区村居委员会司法局人民政府办公室年度报告情况举措成效不足问题下一步工作安排计划推进落实"
    "深化完善健全加强提升优化巩固坚持贯彻学习习近平思想新时代特色社会主义领导干部第一责任人述法"
    # traditional forms of frequent characters (text correctly decoded from Big5)
    "們這為會來說時後實現發經過對與動種從當點業將還麼開應關問題頭長見數進學樣體產區門東車書無們國個"
    "興記處萬變議義條歲單據辦師廣傳農協報場務區團幾圖對導層歷參獲規劃辦類總舉術論設計際權環團營護許"
    "檢驗執復審查訴訟調解糾紛監督責職務許可證罰強製裁決聽顧問律師達費術準則統計級縣鄉鎮區縣街資濟價"
    "網絡線電腦視聯係統員會議辦公廳員組織領導幹部黨組織紀檢監察規範標準制度體系類別質量項專門"
)

COMMON = frozenset(c for c in _FREQUENT if "\u3400" <= c <= "\u9fff")

#: Runs of the characters counted (regexes over runs, not single characters: a run is one match,
#: and the count is the length removed; ~0.1 ms per 1,000 characters in all).
_COMMON_RUN = re.compile("[" + "".join(sorted(COMMON)) + "]+")
_KANA_RUN = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]+")
_HANGUL_RUN = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]+")
#: Non-ASCII characters that are not letters: punctuation, symbols, full-width forms, controls.
_NOT_LETTER_RUN = re.compile(r"[\u0080-\u00bf\u2000-\u24ff\u3000-\u303f\ufe30-\ufe4f\uff00-\uff65\ufff0-\uffff]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")

#: How much text is looked at, from its first non-ASCII character (an HTML page's head is markup):
#: ~1,700 letters of a report, enough for a share stable to about a percent, and cheap on any file.
SAMPLE_CHARS = 2_000

#: Fewer letters than this: too little text to judge, the decoding stands.
MIN_LETTERS = 30

#: Share of letters in COMMON from which text reads as Chinese. The seed and real report pages
#: score 0.97-1.0, traditional text read as Big5 0.90-0.93; read as GB18030, Big5 text scores
#: ~0.15, Shift-JIS ~0.02, UTF-16 ~0.0 and EUC-KR (whose hangul land on common GB2312 characters)
#: up to ~0.45. The threshold sits in the gap.
MIN_COMMON_SHARE = 0.7

#: Below MIN_COMMON_SHARE and in no other encoding we know, text from this share up is kept with a
#: warning (a list of names and places scores ~0.65); below it, it is refused as mojibake.
MIN_PLAUSIBLE_SHARE = 0.5

#: Share of letters that are kana (hangul) from which text is Japanese (Korean): Chinese has none,
#: and a Japanese sentence is a third to a half kana.
MIN_KANA_SHARE = 0.1
MIN_HANGUL_SHARE = 0.3


@dataclass(frozen=True)
class Profile:
    """Character counts of a decoded sample."""

    letters: int  # non-ASCII characters other than punctuation and symbols (Han, kana, hangul, ...)
    common: int  # letters in COMMON
    kana: int  # Japanese hiragana / katakana
    hangul: int  # Korean

    @property
    def common_share(self) -> float:
        return self.common / self.letters if self.letters else 0.0

    @property
    def judgeable(self) -> bool:
        return self.letters >= MIN_LETTERS

    @property
    def japanese(self) -> bool:
        return self.judgeable and self.kana >= MIN_KANA_SHARE * self.letters

    @property
    def korean(self) -> bool:
        return self.judgeable and self.hangul >= MIN_HANGUL_SHARE * self.letters

    @property
    def chinese(self) -> bool:
        """Reads as Chinese, or too short to tell."""
        if not self.judgeable:
            return True
        return not self.japanese and not self.korean and self.common_share >= MIN_COMMON_SHARE


def _removed(pattern: re.Pattern[str], sample: str) -> int:
    return len(sample) - len(pattern.sub("", sample))


def _sample(text: str) -> str:
    m = _NON_ASCII.search(text)
    return text[m.start():m.start() + SAMPLE_CHARS] if m else ""


def profile(text: str, *, scripts: bool = True) -> Profile:
    """Counts on SAMPLE_CHARS characters of `text` from its first non-ASCII one. `scripts=False`
    leaves kana and hangul uncounted (0), for `looks_chinese`."""
    sample = _sample(text)
    non_ascii = len(sample) - len(sample.encode("ascii", "ignore"))
    return Profile(
        letters=non_ascii - _removed(_NOT_LETTER_RUN, sample),
        common=_removed(_COMMON_RUN, sample),
        kana=_removed(_KANA_RUN, sample) if scripts else 0,
        hangul=_removed(_HANGUL_RUN, sample) if scripts else 0,
    )


def looks_chinese(text: str) -> bool:
    """True when `text` reads as Chinese (or is too short to tell): the test on every GB18030 file,
    so it counts only letters and common characters (mojibake with kana or hangul scores low on
    common characters anyway)."""
    return profile(text, scripts=False).chinese
