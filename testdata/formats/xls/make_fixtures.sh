#!/bin/sh
# Regenerates the .xls fixtures and their expected dumps: LibreOffice and
# Gnumeric convert the project's example workbooks and features.xlsx (written
# by make_features.py), then LibreOffice converts each .xls back to .xlsx and
# dump_expected.py records what openpyxl reads from that conversion.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lo() { soffice --headless -env:UserInstallation=file://$tmp/profile "$@" >/dev/null 2>&1; }
(cd "$root" && go run . template --example -o "$tmp/ex" >/dev/null)
/usr/bin/python3 "$here/make_features.py" "$tmp/features.xlsx"
cp "$tmp/ex/示例 附件1 党委(党组)领导班子主体责任清单.xlsx" "$tmp/fujian1.xlsx"
cp "$tmp/ex/示例 附件5 县（市、区）落实“两个责任”情况督查考核评分表.xlsx" "$tmp/fujian5.xlsx"
for f in fujian1 fujian5 features; do
	lo --convert-to xls --outdir "$tmp/lo" "$tmp/$f.xlsx"
	cp "$tmp/lo/$f.xls" "$here/lo-$f.xls"
	ssconvert -T Gnumeric_Excel:excel_biff8 "$tmp/$f.xlsx" "$here/gnumeric-$f.xls" >/dev/null 2>&1
done
ssconvert -T Gnumeric_Excel:excel_biff7 "$tmp/features.xlsx" "$here/gnumeric-biff7.xls" >/dev/null 2>&1
cp "$tmp/fujian1.xlsx" "$here/fujian1.xlsx"
for x in "$here"/lo-*.xls "$here"/gnumeric-fujian*.xls "$here"/gnumeric-features.xls; do
	b=$(basename "$x" .xls)
	mkdir -p "$tmp/back/$b"
	cp "$x" "$tmp/back/$b/$b.xls"
	lo --convert-to xlsx --outdir "$tmp/back/$b" "$tmp/back/$b/$b.xls"
	/usr/bin/python3 "$here/dump_expected.py" "$tmp/back/$b/$b.xlsx" >"$here/$b.want"
done
