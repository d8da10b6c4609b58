"""Prints what openpyxl reads from an .xlsx, one line per fact, for the
readers' tests to compare with: `sheet<TAB>hidden`, `sheet<TAB>merge<TAB>B10:D11`,
`sheet<TAB>A1<TAB>kind<TAB>value` with kind text, number, bool or date and a
date as its Excel serial in the 1900 system. Cached values are read, not
formulas. make.sh runs it on LibreOffice's .xlsx conversion of each .ods."""
import datetime
import sys

import openpyxl
from openpyxl.utils.datetime import to_excel

wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
for ws in wb:
    if ws.sheet_state != "visible":
        print(f"{ws.title}\thidden")
    for r in sorted(ws.merged_cells.ranges, key=str):
        print(f"{ws.title}\tmerge\t{r}")
    for row in ws.iter_rows():
        for c in row:
            v = c.value
            if v is None or v == "":
                continue
            if isinstance(v, bool):
                kind, v = "bool", int(v)
            elif isinstance(v, (datetime.datetime, datetime.date)):
                kind, v = "date", to_excel(v)
            elif isinstance(v, datetime.time):
                kind, v = "number", to_excel(v)
            elif isinstance(v, (int, float)):
                kind = "number"
            else:
                kind = "text"
            text = str(v).replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
            print(f"{ws.title}\t{c.coordinate}\t{kind}\t{text}")
