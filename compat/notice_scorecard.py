"""Rewrite our filled 评分表 in the notice's own layout, with openpyxl.

Used by `make compat`: attachment 5 prints six headings over seven columns,
the line points standing unlabelled between 标准分 and the requirement
text. Pasted into Excel, 具体要求 ends up merged over the points and the
text. The copy keeps every mark of the original, so it must score the same.

usage: python3 notice_scorecard.py IN.xlsx OUT.xlsx
"""
import sys

import openpyxl
from openpyxl.styles import Alignment

HEADINGS = ["考核\n类别", "序号", "考核\n项目", "标准分", "具体要求", None, "考核\n得分"]


def main(src, dst):
    ws_in = openpyxl.load_workbook(src).worksheets[0]
    rows = list(ws_in.iter_rows(values_only=True))
    heading = next(i for i, r in enumerate(rows) if "具体要求" in r)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "评分表"
    ws["A1"] = "附件5"
    ws["A2"] = "县（市、区）落实“两个责任”情况督查考核评分表"
    ws["A3"] = "（征求意见稿）"
    ws["A4"] = "被检查考核单位："
    ws["B4"] = str(rows[heading - 1][0]).split("：", 1)[1]
    ws["E4"] = "检查考核时间："
    ws["F4"] = str(rows[heading - 1][6]).split("：", 1)[1]
    for c, h in enumerate(HEADINGS, 1):
        ws.cell(5, c, h).alignment = Alignment(wrap_text=True)
    ws.merge_cells("E5:F5")
    out = 6
    for r in rows[heading + 1:]:
        label = str(r[0] or "")
        if "小计" in label or "总分" in label:
            continue  # the notice has no total rows
        for c, v in enumerate(r[:7], 1):
            if v is not None:
                ws.cell(out, c, v)
        out += 1
    wb.save(dst)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
