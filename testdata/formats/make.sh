#!/usr/bin/env bash
# Rebuilds the reader fixtures of this folder (see ../README.md): run from
# the repository root as `bash testdata/formats/make.sh`.
set -euo pipefail
here=testdata/formats
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lo() { soffice --headless "$@" -env:UserInstallation="file://$tmp/lo" >/dev/null 2>&1; }

go run . template --example -o "$tmp/ex" --force >/dev/null
cp "$tmp/ex/示例 附件2 领导班子主要负责人责任清单.xlsx" "$tmp/principal.xlsx"
/usr/bin/python3 "$here/types_xlsx.py" "$tmp/types.xlsx"
for name in principal types; do
	lo --convert-to ods --outdir "$here" "$tmp/$name.xlsx"
	mkdir -p "$tmp/back"
	lo --convert-to xlsx --outdir "$tmp/back" "$here/$name.ods"
	/usr/bin/python3 "$here/dump.py" "$tmp/back/$name.xlsx" >"$here/$name.ods.txt"
done
lo --convert-to html --outdir "$tmp" "$tmp/principal.xlsx"
lo --convert-to 'docx:MS Word 2007 XML' --outdir "$here" "$tmp/principal.html"
/usr/bin/python3 "$here/dump.py" "$tmp/types.xlsx" >"$here/types.xlsx.txt"
/usr/bin/python3 "$here/notice_docx.py" "$here/notice.docx"
mkdir -p "$tmp/resaved"
lo --convert-to 'docx:MS Word 2007 XML' --outdir "$tmp/resaved" "$here/notice.docx"
cp "$tmp/resaved/notice.docx" "$here/notice-resaved.docx"
