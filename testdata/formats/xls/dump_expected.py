"""Prints the cell dump of a workbook as openpyxl reads it: one block per
sheet (name, state), one line per non-empty cell (ref, kind, value, f when
it holds a formula: its text), then the merged ranges. xls_test.go prints a Book the
same way."""
import datetime
import decimal
import sys

import openpyxl
from openpyxl.utils.datetime import to_excel


def number(v):
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, int) or float(v).is_integer():
        return str(int(v))
    return format(decimal.Decimal(repr(v)), "f")


values = openpyxl.load_workbook(sys.argv[1], data_only=True)
formulas = openpyxl.load_workbook(sys.argv[1], data_only=False)
for ws in values.worksheets:
    fs = formulas[ws.title]
    print("sheet %s %s" % (ws.title, ws.sheet_state))
    for row in ws.iter_rows():
        for c in row:
            f = fs[c.coordinate]
            has_formula = f.data_type == "f"
            v = c.value
            if v is None and not has_formula:
                continue
            if isinstance(v, str) and v == "" and not has_formula:
                continue
            if isinstance(v, bool):
                kind, text = "bool", number(v)
            elif isinstance(v, (datetime.datetime, datetime.date, datetime.time)):
                kind, text = "date", number(to_excel(v))
            elif isinstance(v, (int, float)):
                kind, text = ("date" if c.is_date else "number"), number(v)
            elif c.data_type == "e":
                kind, text = "error", v
            elif v is None:
                kind, text = "text", ""
            else:
                kind, text = "text", v
            text = text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
            print("%s\t%s\t%s%s" % (c.coordinate, kind, text, "\t" + f.value if has_formula else ""))
    for r in sorted(str(m) for m in ws.merged_cells.ranges):
        print("merge " + r)
