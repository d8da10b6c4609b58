"""Writes features.xlsx: one sheet of every cell kind the .xls reader must
tell apart, a hidden and a very hidden sheet, and a string long enough to
span SST CONTINUE records."""
import datetime
import sys
import zipfile

import xlsxwriter

wb = xlsxwriter.Workbook(sys.argv[1])
ws = wb.add_worksheet("特征")
date = wb.add_format({"num_format": "yyyy-mm-dd"})
time = wb.add_format({"num_format": "hh:mm"})
quoted = wb.add_format({"num_format": '0.00" ymd"'})
ws.write_string("A1", "文本")
ws.write_number("B1", 2)
ws.write_number("C1", 0.5)
ws.write_number("D1", 42776)
ws.write_number("E1", -1234567.125)
ws.write_number("F1", 1e-7)
ws.write_datetime("A2", datetime.datetime(2017, 3, 15), date)
ws.write_datetime("B2", datetime.datetime(1900, 1, 1, 13, 30), time)
ws.write_number("C2", 3.25, quoted)
ws.write_boolean("A3", True)
ws.write_boolean("B3", False)
ws.write_formula("A4", "=B1*21", None, 42)
ws.write_formula("B4", '=A1&"清单"', None, "文本清单")
ws.write_formula("C4", "=1/0", None, "#DIV/0!")
ws.write_formula("D4", "=B1>1", None, True)
ws.write_formula("E4", "=SUM(B1:D1)", None, 42778.5)
ws.write_formula("F4", '=""', None, "")
ws.merge_range("A6:C7", "合并单元格", None)
ws.merge_range("E6:E9", "纵向合并", None)
ws.write_string("A10", "责任" * 6000)
ws.write_string("A11", "Latin-1 café ü")
ws.write_string("B11", "多行\n文本")
ws.write_string("A12", "最后一行")
ws.write_string("IV12", "最后一列")
h = wb.add_worksheet("隐藏")
h.write_string("A1", "隐藏的工作表")
h.hide()
v = wb.add_worksheet("深度隐藏")
v.write_string("A1", "深度隐藏的工作表")
v.hide()
wb.close()

# xlsxwriter knows "hidden" only: mark the last sheet very hidden in workbook.xml.
with zipfile.ZipFile(sys.argv[1]) as z:
    parts = {n: z.read(n) for n in z.namelist()}
xml = parts["xl/workbook.xml"].decode()
xml = xml.replace('name="深度隐藏" sheetId="3" state="hidden"', 'name="深度隐藏" sheetId="3" state="veryHidden"')
assert "veryHidden" in xml
parts["xl/workbook.xml"] = xml.encode()
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for n, b in parts.items():
        z.writestr(n, b)
