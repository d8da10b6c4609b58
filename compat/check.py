"""Compare qingdan's verdicts on the original files and on their re-saved copies.

usage: python3 check.py validate ORIG.json COPY.json LABEL
       python3 check.py score ORIG.json COPY.json LABEL
       python3 check.py expect REPORT.json FILE CODE [CODE…]   (FILE's findings hold every CODE)
       python3 check.py clean REPORT.json                      (no error anywhere)
Exits 1 with a message when they differ.
"""
import json
import os
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def verdicts(report):
    """file base name → (valid, sorted (code, sheet, cell) of errors and warnings)."""
    out = {}
    for f in report["files"]:
        keys = sorted((x["code"], x["sheet"], x["cell"]) for x in f["findings"] if x["severity"] != "info")
        out[os.path.basename(f["path"])] = (f["valid"], keys)
    return out


def totals(report):
    return {os.path.basename(c["path"]): (c["total"], [x["score"] for x in c["categories"]]) for c in report["cards"]}


def main(argv):
    mode = argv[1]
    if mode == "validate":
        a, b, label = verdicts(load(argv[2])), verdicts(load(argv[3])), argv[4]
        bad = [n for n in a if a[n] != b.get(n)]
        if bad or set(a) != set(b):
            for n in bad:
                print(f"[{label}] {n}: 原文件 {a[n]}，另存后 {b.get(n)}")
            print(f"[{label}] 另存后的检查结论与原文件不同")
            return 1
        print(f"[{label}] {len(a)} 个文件另存后检查结论相同")
    elif mode == "score":
        a, b, label = totals(load(argv[2])), totals(load(argv[3])), argv[4]
        if a != b:
            print(f"[{label}] 得分不同：原文件 {a}，另存后 {b}")
            return 1
        print(f"[{label}] {len(a)} 份评分表另存后得分相同：{a}")
    elif mode == "expect":
        report, name, codes = load(argv[2]), argv[3], argv[4:]
        for f in report["files"]:
            if os.path.basename(f["path"]) == name:
                got = {x["code"] for x in f["findings"]}
                missing = [c for c in codes if c not in got]
                if missing:
                    print(f"{name}: 应报告 {missing}，实际 {sorted(got)}")
                    return 1
                print(f"{name}: 报告了预期的问题 {codes}")
                return 0
        print(f"{name}: 报告中没有这个文件")
        return 1
    elif mode == "clean":
        report = load(argv[2])
        errs = [(os.path.basename(f["path"]), x["code"], x["cell"], x["message"])
                for f in report["files"] for x in f["findings"] if x["severity"] == "error"]
        if errs:
            for e in errs:
                print("错误：", *e)
            return 1
        print(f"{len(report['files'])} 个文件没有错误")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
