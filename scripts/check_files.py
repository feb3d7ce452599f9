"""Static checks the linters do not cover: well-formed XML and CSV, no en.po."""

import csv
import sys
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent


def addon_dirs():
    return sorted(p.parent for p in ROOT.glob("*/__manifest__.py"))


def main():
    problems = []
    checked = 0
    for addon in addon_dirs():
        for path in sorted(addon.rglob("*.xml")):
            checked += 1
            try:
                etree.parse(str(path))
            except etree.XMLSyntaxError as exc:
                problems.append(f"{path.relative_to(ROOT)}: {exc}")
        for path in sorted(addon.rglob("*.csv")):
            checked += 1
            with path.open(newline="", encoding="utf-8") as handle:
                rows = list(csv.reader(handle))
            if not rows:
                problems.append(f"{path.relative_to(ROOT)}: empty CSV file")
                continue
            width = len(rows[0])
            for lineno, row in enumerate(rows[1:], start=2):
                if len(row) != width:
                    problems.append(f"{path.relative_to(ROOT)}:{lineno}: {len(row)} columns, header has {width}")
        for path in addon.glob("i18n/en.po"):
            problems.append(f"{path.relative_to(ROOT)}: English is the source language, remove en.po")
    for problem in problems:
        print(problem)
    print(f"check_files: {checked} files, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
