#!/usr/bin/env bash
# make compat: check qingdan's files against LibreOffice Calc and openpyxl (SPEC §11).
# Installs what it needs when missing (Debian packages; exit 3 when that fails), then:
#  1. prints every template and example to PDF, checks page counts and titles, renders page 1 to PNG;
#  2. re-saves every example through LibreOffice and through openpyxl: same verdicts, same totals;
#  3. validates lists written by openpyxl in the notice's plain layout;
#  4. scores the example 评分表 rewritten by openpyxl in the notice's layout (具体要求
#     merged over the points and the text), and that copy re-saved by LibreOffice;
#  5. publishes the example unit's 公示版 and checks its PDF: A4 landscape, the title on page 1.
#  6. prints the example's 落实台账 and checks it after openpyxl fills it as a clerk would.
#  7. writes the summary of a batch built from the examples and renders it to PNG.
#  8. writes the ranking of three example cards and renders it to PNG.
#  9. converts every example to .xls, .ods, .docx and .doc with LibreOffice (Word through HTML,
#     from a copy without the cells' notes, which HTML would put into the cell text) and checks
#     each validates (lists, items, tasks, codes, severities) and scores like the .xlsx.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/build/compat
PY=/usr/bin/python3

need=()
command -v soffice >/dev/null || need+=(libreoffice-calc-nogui)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
fc-list 2>/dev/null | grep -qi 'noto.*cjk' || need+=(fonts-noto-cjk)
$PY -c 'import openpyxl' 2>/dev/null || need+=(python3-openpyxl)
if [ ${#need[@]} -gt 0 ]; then
  echo "安装：${need[*]}"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null; }; then
    echo "无法安装 ${need[*]}，兼容性检查未运行" >&2
    exit 3
  fi
fi

rm -rf "$out"
mkdir -p "$out"/{forms,examples,pdf,png,lo,openpyxl,plain,notice,notice-lo}
go build -o "$out/qingdan" .
q=$out/qingdan
# go test in step 4 keeps the user's module and build caches.
gomodcache=$(go env GOMODCACHE)
gocache=$(go env GOCACHE)
export HOME=$out/home   # LibreOffice keeps its profile here, away from the user's

"$q" template -o "$out/forms" >/dev/null
"$q" template --example -o "$out/examples" >/dev/null

fail=0
problem() { echo "不通过：$*"; fail=1; }

# 1. Print check.
soffice --headless --convert-to pdf --outdir "$out/pdf" "$out"/forms/*.xlsx "$out"/examples/*.xlsx >/dev/null 2>&1
for x in "$out"/forms/*.xlsx "$out"/examples/*.xlsx; do
  name=$(basename "$x" .xlsx)
  pdf=$out/pdf/$name.pdf
  [ -f "$pdf" ] || { problem "$name：LibreOffice 未能转换为 PDF"; continue; }
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  size=$(pdfinfo "$pdf" | awk -F': *' '/^Page size:/ {print $2}')
  case "$name" in
    示例*附件5*|*附件5*) max=6 ;;
    示例*) max=8 ;;
    *) max=2 ;;
  esac
  [ "$pages" -le "$max" ] || problem "$name：打印 $pages 页，超过 $max 页"
  w=$(echo "$size" | awk '{print $1}'); h=$(echo "$size" | awk '{print $3}')
  awk -v w="$w" -v h="$h" 'BEGIN { exit !(w > h) }' || problem "$name：不是横向（$size）"
  title=$(echo "$name" | sed -E 's/^(示例 )?附件[0-9] //')
  flat=$(pdftotext -layout "$pdf" - | tr -d ' \n')
  echo "$flat" | grep -qF "$(echo "$title" | tr -d ' ')" || problem "$name：PDF 中找不到标题「$title」"
  # A list's signature line (…（签字）/（盖章）) prints on its last page, with table rows above it.
  case "$name" in
    *附件5*) ;;
    *)
      lastpage=$(pdftotext -f "$pages" -l "$pages" -layout "$pdf" - | grep -v '^\s*$' | grep -v '第 .* 页' || true)
      signed='[(（]签字[)）]'
      echo "$lastpage" | grep -qE "$signed" || problem "$name：最后一页没有签字栏"
      sig=$(echo "$lastpage" | grep -nE "$signed" | head -1 | cut -d: -f1 || true)
      # the heading rows repeat on every page: more than them above the signature means table rows came along
      [ "$pages" -eq 1 ] || [ "${sig:-0}" -gt 4 ] || problem "$name：签字栏单独打印在第 $pages 页"
      ;;
  esac
  pdftoppm -png -r 50 -f 1 -l 1 "$pdf" "$out/png/$name"
  [ "$pages" -eq 1 ] || pdftoppm -png -r 50 -f "$pages" -l "$pages" "$pdf" "$out/png/$name-末页"
  echo "打印检查：$name：$pages 页，$size"
done

# 2. Round trips through LibreOffice and openpyxl.
soffice --headless --convert-to xlsx:"Calc MS Excel 2007 XML" --outdir "$out/lo" "$out"/examples/*.xlsx >/dev/null 2>&1
$PY - "$out/examples" "$out/openpyxl" <<'PY'
import os, sys, openpyxl
src, dst = sys.argv[1], sys.argv[2]
for n in sorted(os.listdir(src)):
    if n.endswith(".xlsx"):
        openpyxl.load_workbook(os.path.join(src, n)).save(os.path.join(dst, n))
PY

for d in examples lo openpyxl; do
  # files named one by one: each judged on its own
  "$q" validate --format json "$out/$d"/*.xlsx > "$out/validate-$d.json" || true
  "$q" score --format json "$out/$d"/*附件5*.xlsx > "$out/score-$d.json" || true
done
$PY compat/check.py clean "$out/validate-examples.json" || problem "示例文件有错误"
for d in lo openpyxl; do
  $PY compat/check.py validate "$out/validate-examples.json" "$out/validate-$d.json" "$d" || problem "$d 另存后检查结论不同"
  $PY compat/check.py score "$out/score-examples.json" "$out/score-$d.json" "$d" || problem "$d 另存后得分不同"
done

# 3. Lists written by openpyxl in the notice's plain layout.
$PY compat/plain_lists.py "$out/plain"
"$q" validate --format json "$out/plain/平铺格式 四种清单.xlsx" > "$out/validate-plain.json" || true
$PY compat/check.py clean "$out/validate-plain.json" || problem "openpyxl 写的平铺格式清单未通过检查"
$PY - "$out/validate-plain.json" <<'PY' || problem "平铺格式清单没有读出四种清单"
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
kinds = sorted(l["kind"] for f in r["files"] for l in f["lists"])
print("平铺格式读出的清单：", kinds)
sys.exit(kinds != ["collective", "member", "principal", "supervision"])
PY
"$q" validate --format json "$out/plain/平铺格式 有错误.xlsx" > "$out/validate-mistakes.json" || true
$PY compat/check.py expect "$out/validate-mistakes.json" "平铺格式 有错误.xlsx" \
  missing-person misplaced-item missing-item row-missing-quarter no-party-lecture \
  || problem "有错误的清单没有报告预期的问题"

"$q" validate --format json "$out/plain/手工格式 变体.xlsx" > "$out/validate-hand.json" || true
$PY compat/check.py clean "$out/validate-hand.json" || problem "openpyxl 写的手工格式清单未通过检查"
$PY - "$out/validate-hand.json" <<'PY' || problem "手工格式清单没有读出五份清单"
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
kinds = sorted(l["kind"] for f in r["files"] for l in f["lists"])
print("手工格式读出的清单：", kinds)
sys.exit(kinds != ["member", "member", "member", "principal", "supervision"])
PY

# 4. The 评分表 in the notice's own layout, written by openpyxl and re-saved by LibreOffice.
card=$(ls "$out"/examples/*附件5*.xlsx)
$PY compat/notice_scorecard.py "$card" "$out/notice/$(basename "$card")"
soffice --headless --convert-to xlsx:"Calc MS Excel 2007 XML" -env:UserInstallation=file://$out/home/lo-notice \
  --outdir "$out/notice-lo" "$out/notice"/*.xlsx >/dev/null 2>&1
for d in notice notice-lo; do
  "$q" score --format json "$out/$d"/*.xlsx > "$out/score-$d.json" || true
  $PY compat/check.py score "$out/score-examples.json" "$out/score-$d.json" "$d" || problem "$d：通知格式的评分表得分与模板不同"
done

# 5. The 公示版 of the example unit, printed by Chromium (or LibreOffice when Chromium is absent).
mkdir -p "$out/publish-in/示例学校"
cp "$out"/examples/*附件[1-4]*.xlsx "$out/publish-in/示例学校/"
"$q" publish "$out/publish-in" -o "$out/publish" --from 2017-02-15 --to 2017-02-21 --contact "监督电话：0000-1234567" \
  || problem "publish 未生成示例学校的公示版"
pdf="$out/publish/示例学校 公示版.pdf"
if [ -s "$pdf" ]; then
  size=$(pdfinfo "$pdf" | sed -n 's/^Page size: *\([0-9.]*\) x \([0-9.]*\).*/\1 \2/p')
  echo "公示版 PDF 页面：$size pts"
  awk -v s="$size" 'BEGIN { split(s, a, " "); exit !(a[1] > a[2]) }' || problem "公示版 PDF 不是横向"
  pdftotext -f 1 -l 1 "$pdf" - | tr -d ' \n' | grep -q '示例学校2017年度党风廉政建设“两个责任”清单（公示）' \
    || problem "公示版 PDF 第1页没有标题"
  pdftoppm -png -r 60 -f 1 -l 1 "$pdf" "$out/png/公示版"
else
  problem "没有生成公示版 PDF"
fi
# 6. The example's ledger: printed landscape, and filled by openpyxl.
mkdir -p "$out/ledger"
"$q" ledger "$out/examples" -o "$out/ledger" >/dev/null
ledger=$out/ledger/示例学校\ 落实台账.xlsx
soffice --headless --convert-to pdf -env:UserInstallation=file://$out/home/lo-ledger --outdir "$out/pdf" "$ledger" >/dev/null 2>&1
lpdf="$out/pdf/示例学校 落实台账.pdf"
if [ -f "$lpdf" ]; then
  lsize=$(pdfinfo "$lpdf" | awk -F': *' '/^Page size:/ {print $2}')
  awk -v w="$(echo "$lsize" | awk '{print $1}')" -v h="$(echo "$lsize" | awk '{print $3}')" 'BEGIN { exit !(w > h) }' || problem "落实台账：不是横向（$lsize）"
  pdftotext "$lpdf" - | tr -d ' \n' | grep -qF "落实台账——任务台账" || problem "落实台账：PDF 中找不到标题"
  echo "打印检查：示例学校 落实台账：$(pdfinfo "$lpdf" | awk '/^Pages:/ {print $2}') 页，$lsize"
else
  problem "落实台账：LibreOffice 未能转换为 PDF"
fi
$PY compat/ledger_fill.py "$ledger" "$out/ledger/openpyxl 填写.xlsx" || problem "openpyxl 未能填写台账"
GOMODCACHE=$gomodcache GOCACHE=$gocache QINGDAN_LEDGER_OPENPYXL="$out/ledger/openpyxl 填写.xlsx" go test ./checklist/ledger -run '^TestCheckOpenpyxlFilled$' -count=1 \
  || problem "openpyxl 填写的台账检查结果与预期不同"
# The same ledger re-saved by LibreOffice as .xls and .ods, checked through the command line.
soffice --headless --convert-to xls -env:UserInstallation=file://$out/home/lo-ledger --outdir "$out/ledger" "$out/ledger/openpyxl 填写.xlsx" >/dev/null 2>&1
soffice --headless --convert-to ods -env:UserInstallation=file://$out/home/lo-ledger --outdir "$out/ledger" "$out/ledger/openpyxl 填写.xlsx" >/dev/null 2>&1
"$q" ledger check "$out/ledger/openpyxl 填写.xls" "$out/ledger/openpyxl 填写.ods" --as-of 2017-10-20 --format json > "$out/ledger-check.json" || true
$PY - "$out/ledger-check.json" <<'PY' || problem "LibreOffice 另存的 .xls/.ods 台账检查结果与预期不同"
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
ok = len(r["files"]) == 2
for f in r["files"]:
    n = f["counts"]["lecturers"]
    want = ["任务台账!K3 done-without-evidence", "任务台账!I4 task-overdue", "季度会议!F5 evidence-late",
            f"谈心谈话!F{3 + 2 * n} talk-below-ratio", f"党课!C{2 + n} lecture-missing"]
    got = [f"{x['sheet']}!{x['cell']} {x['code']}" for x in f["findings"]]
    print("台账检查：", f["path"], "：", "；".join(got))
    ok = ok and got == want
sys.exit(not ok)
PY
# 7. The office's summary of a batch (units with name variants, late, partial, not sent), rendered to PNG.
$PY compat/summary_batch.py "$out/examples" "$out/batch"
"$q" validate "$out/batch/收件" --roster "$out/batch/名单.csv" --deadline 2017-02-14 \
  --received "$out/batch/收到时间.csv" -o "$out/batch/汇总.xlsx" -q >/dev/null 2>&1 || true
if [ -f "$out/batch/汇总.xlsx" ]; then
  soffice --headless --convert-to pdf -env:UserInstallation=file://$out/home/lo-summary \
    --outdir "$out/batch" "$out/batch/汇总.xlsx" >/dev/null 2>&1
  if [ -f "$out/batch/汇总.pdf" ]; then
    pdftoppm -png -r 60 "$out/batch/汇总.pdf" "$out/png/汇总"
    flat=$(pdftotext -layout "$out/batch/汇总.pdf" - | tr -d ' \n')
    for want in "2017年党风廉政建设“两个责任”清单报送情况" "应报8个单位，已报6个，未报2个（平潮小学、刘桥幼儿园）" "通州区城南小学" "附件32/4份"; do
      echo "$flat" | grep -qF "$want" || problem "汇总表 PDF 中找不到「$want」"
    done
    echo "汇总表：$(pdfinfo "$out/batch/汇总.pdf" | awk '/^Pages:/ {print $2}') 页，PNG 在 $out/png/汇总-*.png"
  else
    problem "LibreOffice 未能把汇总表转换为 PDF"
  fi
else
  problem "validate 未写出汇总表"
fi

# 8. The ranking workbook of the example cards, printed to PNG to look at.
mkdir -p "$out/ranking/cards"
$PY - "$card" "$out/ranking/cards" <<'PY'
import sys, openpyxl
src, dst = sys.argv[1], sys.argv[2]
# Three units: the example as it is, one with a 半扣 and a note, one with a blank left (待核).
for unit, cells in (("甲小学", {}), ("乙中学", {"G8": "半扣（台账不全）"}), ("丙幼儿园", {"G9": None})):
    wb = openpyxl.load_workbook(src)
    ws = wb["附件5"]
    ws["A4"] = "被检查考核单位：" + unit
    for ref, v in cells.items():
        ws[ref] = v
    wb.save(f"{dst}/{unit}.xlsx")
PY
"$q" score "$out/ranking/cards" -o "$out/ranking/排名.xlsx" >/dev/null || true
if [ -f "$out/ranking/排名.xlsx" ]; then
  soffice --headless --convert-to pdf -env:UserInstallation=file://$out/home/lo-ranking \
    --outdir "$out/ranking" "$out/ranking/排名.xlsx" >/dev/null 2>&1
  if [ -f "$out/ranking/排名.pdf" ]; then
    pdftoppm -png -r 60 "$out/ranking/排名.pdf" "$out/png/排名"
    echo "打印检查：排名：$(pdfinfo "$out/ranking/排名.pdf" | awk '/^Pages:/ {print $2}') 页"
  else
    problem "排名.xlsx：LibreOffice 未能转换为 PDF"
  fi
else
  problem "score 没有写出排名.xlsx"
fi

# 9. The same verdict whatever the format the examples are saved in.
fmt=$out/formats
mkdir -p "$fmt"/{xls,ods,plain,html,docx,doc}
lo9() { soffice --headless -env:UserInstallation=file://$out/home/lo-formats "$@" >/dev/null 2>&1; }
lo9 --convert-to xls --outdir "$fmt/xls" "$out"/examples/*.xlsx
lo9 --convert-to ods --outdir "$fmt/ods" "$out"/examples/*.xlsx
$PY - "$out/examples" "$fmt/plain" <<'PY'
import os, sys, openpyxl
src, dst = sys.argv[1], sys.argv[2]
for n in sorted(os.listdir(src)):
    if n.endswith(".xlsx"):
        wb = openpyxl.load_workbook(os.path.join(src, n))
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if c.comment is not None:
                        c.comment = None
        wb.save(os.path.join(dst, n))
PY
lo9 --convert-to html --outdir "$fmt/html" "$fmt"/plain/*.xlsx
lo9 --convert-to 'docx:MS Word 2007 XML' --outdir "$fmt/docx" "$fmt"/html/*.html
lo9 --convert-to 'doc:MS Word 97' --outdir "$fmt/doc" "$fmt"/html/*.html
for d in xls ods docx doc; do
  n=$(ls "$fmt/$d" | wc -l)
  [ "$n" -eq "$(ls "$out"/examples/*.xlsx | wc -l)" ] || { problem "LibreOffice 只转换出 $n 个 .$d 文件"; continue; }
  "$q" validate --format json "$fmt/$d"/* > "$fmt/validate-$d.json" || true
  "$q" score --format json "$fmt/$d"/*附件5* > "$fmt/score-$d.json" || true
  $PY compat/formats.py validate "$out/validate-examples.json" "$fmt/validate-$d.json" "$d" || problem ".$d 的检查结论与 .xlsx 不同"
  $PY compat/formats.py score "$out/score-examples.json" "$fmt/score-$d.json" "$d" || problem ".$d 的得分与 .xlsx 不同"
done

if [ $fail -ne 0 ]; then
  echo "make compat：不通过"
  exit 1
fi
echo "make compat：全部通过（PNG 在 $out/png）"
