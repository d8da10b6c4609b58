#!/usr/bin/env bash
# Rebuilds the fixtures of the same-verdict tests (see testdata/README.md):
# the 附件2 example with its last item (当好廉洁从政表率) blanked, as .xlsx
# (openpyxl; its note goes too, since LibreOffice's HTML puts notes in the
# cell text) and as LibreOffice's .xls, .ods and .docx (through HTML, since
# Calc cannot write .docx). Run from the repository root.
set -euo pipefail
here=testdata/formats/missing
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lo() { soffice --headless "$@" -env:UserInstallation="file://$tmp/lo" >/dev/null 2>&1; }

go run . template --example -o "$tmp/ex" --force >/dev/null
/usr/bin/python3 - "$tmp/ex/示例 附件2 领导班子主要负责人责任清单.xlsx" "$here/principal-missing.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["附件2"]
for row in ws.iter_rows():
    if row[0].value == "当好廉洁从政表率":
        for c in row:
            c.value, c.comment = None, None
wb.save(sys.argv[2])
PY
lo --convert-to xls --outdir "$here" "$here/principal-missing.xlsx"
lo --convert-to ods --outdir "$here" "$here/principal-missing.xlsx"
lo --convert-to html --outdir "$tmp" "$here/principal-missing.xlsx"
lo --convert-to 'docx:MS Word 2007 XML' --outdir "$here" "$tmp/principal-missing.html"
