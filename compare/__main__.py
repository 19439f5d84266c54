"""`python -m compare` runs the same CLI as `report-compare`."""

from compare.cli import main

if __name__ == "__main__":
    main()
