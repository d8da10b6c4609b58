"""Writes types.xlsx with openpyxl: one cell of each kind a list may hold
(multi-line text, dates, a time, a percentage, a boolean, a formula, spaces,
numbers, a merge) and a hidden sheet; make.sh converts it to types.ods."""
import datetime
import sys

import openpyxl

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "类型"
ws["A1"], ws["B1"] = "文本", "第一行\n第二行"
ws["A2"], ws["B2"] = "日期", datetime.date(2017, 2, 10)
ws["B2"].number_format = "yyyy-mm-dd"
ws["A3"], ws["B3"] = "日期时间", datetime.datetime(2017, 2, 10, 12, 0)
ws["B3"].number_format = "yyyy-mm-dd hh:mm"
ws["A4"], ws["B4"] = "时间", datetime.time(18, 0)
ws["B4"].number_format = "hh:mm"
ws["A5"], ws["B5"] = "百分比", 0.95
ws["B5"].number_format = "0%"
ws["A6"], ws["B6"] = "逻辑", True
ws["A7"], ws["B7"] = "公式", "=B5*100"
ws["A8"], ws["B8"] = "空格", "甲    乙"
ws["A9"], ws["B9"], ws["C9"] = "数字", 42, 2.5
ws["A10"], ws["B10"] = "合并", "合并格"
ws.merge_cells("B10:D11")
hidden = wb.create_sheet("隐藏")
hidden["A1"] = "看不见"
hidden.sheet_state = "hidden"
wb.save(sys.argv[1])
