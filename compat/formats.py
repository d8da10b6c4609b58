"""Compare qingdan's verdicts on the examples with those on their copies in another format.

usage: python3 formats.py validate ORIG.json COPY.json LABEL
       python3 formats.py score ORIG.json COPY.json LABEL
Files are matched by name without extension. The lists (kind, unit, person, date,
items, tasks), the findings (code, item, severity) and the scores must be equal;
positions may differ (A1 in a sheet, 表N 第R行第C列 in a Word table).
Exits 1 with a message when they differ.
"""
import json
import os
import sys


def stem(path):
    return os.path.splitext(os.path.basename(path))[0]


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def verdicts(report):
    out = {}
    for f in report["files"]:
        lists = [(l["kind"], l["unit"], l["person"], l["date"], tuple(l["items"]), l["tasks"]) for l in f["lists"]]
        findings = sorted((x["code"], x["item"], x["severity"]) for x in f["findings"])
        out[stem(f["path"])] = (f["valid"], lists, findings)
    return out


def scores(report):
    return {stem(c["path"]): (c["total"], [x["score"] for x in c["categories"]], sorted(x["code"] for x in c["findings"]))
            for c in report["cards"]}


def main(argv):
    mode, a, b, label = argv[1], load(argv[2]), load(argv[3]), argv[4]
    a, b = (verdicts(a), verdicts(b)) if mode == "validate" else (scores(a), scores(b))
    if not a:
        print(f"[{label}] 原文件的报告是空的")
        return 1
    bad = sorted(n for n in set(a) | set(b) if a.get(n) != b.get(n))
    for n in bad:
        print(f"[{label}] {n}：\n  原文件 {a.get(n)}\n  {label} {b.get(n)}")
    if bad:
        return 1
    what = "检查结论（清单、事项、任务数、问题代码和级别）" if mode == "validate" else "得分"
    print(f"[{label}] {len(a)} 个文件的{what}与 .xlsx 原文件相同")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
