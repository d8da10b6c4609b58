// Package hostile writes the bad-input corpus of SPEC §9 for tests: the
// broken, strange and hostile files an office receives from hundreds of
// senders, generated on the fly rather than kept as binaries in git.
package hostile

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"qingdan/checklist"
	"qingdan/checklist/forms"
	"qingdan/scoring/scoringtest"
)

// Case names of the corpus, in the order Write returns them.
const (
	Empty          = "empty file"
	RandomBytes    = "random bytes"
	TruncatedZip   = "truncated zip"
	LegacyXLS      = "legacy .xls"
	RenamedXLS     = ".xls renamed to .xlsx"
	Encrypted      = "password-protected workbook"
	ZipBomb        = "zip whose sheet expands to gigabytes"
	LyingZip       = "zip that expands past its declared size"
	Directory      = "directory named x.xlsx"
	HugeSheet      = "sheet with 100,000 rows"
	HugeCell       = "1 MB cell"
	ManySheets     = "workbook with 200 sheets"
	SparseWide     = "cells in column XFD on 3,000 rows"
	FormulaBomb    = "score sheet summing a whole sheet"
	Unreadable     = "unreadable permissions"
	DanglingLink   = "dangling symlink"
	FIFO           = "FIFO named .xlsx"
	SymlinkLoop    = "symlink loop in a folder"
	OddNames       = "names with Chinese, spaces and quotes"
	OddNamesScored = "score sheet with Chinese, spaces and quotes in its name"
)

// Case is one input of the corpus.
type Case struct {
	Name string
	Path string // a file, or for Directory and SymlinkLoop a folder
	// Good marks an input that is valid: it must still pass.
	Good bool
}

// PasswordProtected is the password of the Encrypted case.
const PasswordProtected = "mima123"

// BombSize is how far the ZipBomb sheet expands.
const BombSize = 4 << 30

// Write writes every case of the corpus under dir and returns them. The
// Unreadable case is left out when the tests run as root, who can read a
// chmod 000 file; the FIFO and the dangling link cover os.Open failing.
func Write(t testing.TB, dir string) []Case {
	t.Helper()
	c := checklist.DefaultCatalog()
	list := memo("list", func() []byte { return exampleBytes(t, c, 1) })
	var cases []Case
	add := func(name, file string, data []byte) {
		p := filepath.Join(dir, file)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatalf("corpus %s: %v", name, err)
		}
		cases = append(cases, Case{Name: name, Path: p})
	}
	add(Empty, "空文件.xlsx", nil)
	rng := rand.New(rand.NewPCG(6, 6))
	noise := make([]byte, 4096)
	for i := range noise {
		noise[i] = byte(rng.UintN(256))
	}
	add(RandomBytes, "乱码.xlsx", noise)
	add(TruncatedZip, "截断的清单.xlsx", list[:len(list)/2])
	ole := oleFile()
	add(LegacyXLS, "旧版清单.xls", ole)
	add(RenamedXLS, "旧版改名清单.xlsx", ole)
	add(Encrypted, "加密的清单.xlsx", memo("encrypted", func() []byte { return encrypted(t, c) }))
	add(ZipBomb, "压缩炸弹.xlsx", memo("bomb", func() []byte { return bomb(t, BombSize, false) }))
	add(LyingZip, "虚报大小.xlsx", memo("lying", func() []byte { return bomb(t, 256<<20, true) }))
	dirCase := filepath.Join(dir, "x.xlsx")
	if err := os.Mkdir(dirCase, 0o755); err != nil {
		t.Fatal(err)
	}
	cases = append(cases, Case{Name: Directory, Path: dirCase})
	add(HugeSheet, "十万行.xlsx", memo("huge sheet", func() []byte { return hugeSheet(t) }))
	add(HugeCell, "超长单元格.xlsx", hugeCell(t))
	add(ManySheets, "二百张工作表.xlsx", memo("many sheets", func() []byte { return manySheets(t, c) }))
	add(SparseWide, "稀疏的宽表.xlsx", sparseWide(t))
	formulaBomb(t, filepath.Join(dir, "公式炸弹评分表.xlsx"))
	cases = append(cases, Case{Name: FormulaBomb, Path: filepath.Join(dir, "公式炸弹评分表.xlsx")})
	if os.Geteuid() != 0 {
		add(Unreadable, "无权限.xlsx", list)
		if err := os.Chmod(cases[len(cases)-1].Path, 0); err != nil {
			t.Fatal(err)
		}
	}
	dangling := filepath.Join(dir, "断开的链接.xlsx")
	if err := os.Symlink(filepath.Join(dir, "不存在", "清单.xlsx"), dangling); err != nil {
		t.Fatal(err)
	}
	cases = append(cases, Case{Name: DanglingLink, Path: dangling})
	if p, ok := makeFIFO(t, dir, "管道.xlsx"); ok {
		cases = append(cases, Case{Name: FIFO, Path: p})
	}
	cases = append(cases, Case{Name: SymlinkLoop, Path: symlinkLoop(t, dir, list)})
	add(OddNames, `甲 "乙" '丙'　学校 附件1.xlsx`, list)
	cases[len(cases)-1].Good = true
	add(OddNamesScored, `甲 "乙" '丙'　学校 评分表.xlsx`, memo("scorecard", func() []byte { return exampleBytes(t, c, 5) }))
	cases[len(cases)-1].Good = true
	attacks(t, add)
	return cases
}

// built keeps the costlier contents for the other tests of the binary.
var built sync.Map

// memo returns the bytes built under key, building them on first use.
func memo(key string, build func() []byte) []byte {
	if b, ok := built.Load(key); ok {
		return b.([]byte)
	}
	b := build()
	built.Store(key, b)
	return b
}

// exampleBytes is the filled example of an attachment, as saved.
func exampleBytes(t testing.TB, c *checklist.Catalog, attachment int) []byte {
	t.Helper()
	f, err := forms.NewExampleWorkbook(c, attachment, forms.ExampleOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// oleFile is the start of an OLE compound file, as a legacy .xls begins.
func oleFile() []byte {
	b := []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	return append(b, bytes.Repeat([]byte{0}, 4088)...)
}

func encrypted(t testing.TB, c *checklist.Catalog) []byte {
	t.Helper()
	f, err := forms.NewExampleWorkbook(c, 1, forms.ExampleOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var buf bytes.Buffer
	if err := f.Write(&buf, excelize.Options{Password: PasswordProtected}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The parts of a minimal workbook, written by hand so that a corpus file
// can hold what excelize refuses to write (a 1 MB cell) or take long to.
const (
	contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>%s</Types>`
	sheetType = `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`
	rootRels  = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	workbookHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`
	workbookSheet = `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`
	workbookTail  = `</sheets></workbook>`
	relsHead      = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
	relsSheet = `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`
	relsTail  = `</Relationships>`
	sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	sheetTail = `</sheetData></worksheet>`
)

// rawSheet is a sheet written by hand: its name and its <sheetData> rows.
type rawSheet struct {
	name string
	rows func(b *bytes.Buffer)
}

// rawWorkbook zips the parts of a workbook with the given sheets.
func rawWorkbook(t testing.TB, sheets []rawSheet) []byte {
	t.Helper()
	var types, wb, rels strings.Builder
	wb.WriteString(workbookHead)
	rels.WriteString(relsHead)
	for i, s := range sheets {
		fmt.Fprintf(&types, sheetType, i+1)
		fmt.Fprintf(&wb, workbookSheet, s.name, i+1, i+1)
		fmt.Fprintf(&rels, relsSheet, i+1, i+1)
	}
	wb.WriteString(workbookTail)
	rels.WriteString(relsTail)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name string, data []byte) {
		w, err := zw.Create(name)
		if err == nil {
			_, err = w.Write(data)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	put("[Content_Types].xml", []byte(fmt.Sprintf(contentTypes, types.String())))
	put("_rels/.rels", []byte(rootRels))
	put("xl/workbook.xml", []byte(wb.String()))
	put("xl/_rels/workbook.xml.rels", []byte(rels.String()))
	for i, s := range sheets {
		var b bytes.Buffer
		b.WriteString(sheetHead)
		s.rows(&b)
		b.WriteString(sheetTail)
		put(fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), b.Bytes())
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// cell writes an inline-string cell.
func cell(b *bytes.Buffer, col, row int, text string) {
	ref, _ := excelize.CoordinatesToCellName(col, row)
	b.WriteString(`<c r="` + ref + `" t="inlineStr"><is><t>`)
	b.WriteString(text)
	b.WriteString(`</t></is></c>`)
}

// listHead writes the title and headings of attachment 1 in rows 1–3.
func listHead(b *bytes.Buffer) {
	b.WriteString(`<row r="1">`)
	cell(b, 1, 1, "党委(党组)领导班子主体责任清单")
	b.WriteString(`</row><row r="2">`)
	cell(b, 1, 2, "单位(盖章)：示例学校")
	b.WriteString(`</row><row r="3">`)
	for i, h := range []string{"序号", "责任名称", "项目任务", "工作措施和目标要求", "责任人", "责任部门"} {
		cell(b, i+1, 3, h)
	}
	b.WriteString(`</row>`)
}

// hugeSheet is attachment 1 with 100,000 task rows.
func hugeSheet(t testing.TB) []byte {
	return rawWorkbook(t, []rawSheet{{name: "附件1", rows: func(b *bytes.Buffer) {
		listHead(b)
		for r := 4; r < 4+100000; r++ {
			fmt.Fprintf(b, `<row r="%d">`, r)
			cell(b, 1, r, fmt.Sprint(r-3))
			cell(b, 2, r, "加强组织领导")
			cell(b, 3, r, fmt.Sprintf("第%d项任务", r-3))
			b.WriteString(`</row>`)
		}
	}}})
}

// hugeCell is attachment 1 whose first task is a 1 MB cell.
func hugeCell(t testing.TB) []byte {
	return rawWorkbook(t, []rawSheet{{name: "附件1", rows: func(b *bytes.Buffer) {
		listHead(b)
		b.WriteString(`<row r="4">`)
		cell(b, 1, 4, "1")
		cell(b, 2, 4, "加强组织领导")
		cell(b, 3, 4, strings.Repeat("很长的任务", (1<<20)/15))
		b.WriteString(`</row>`)
	}}})
}

// sparseWide is attachment 1 with one cell in the last column (XFD) on
// each of 3,000 rows: 60 KB that excelize would spread into 49 million
// cells when it loads the sheet for cell access.
func sparseWide(t testing.TB) []byte {
	return rawWorkbook(t, []rawSheet{{name: "附件1", rows: func(b *bytes.Buffer) {
		listHead(b)
		for r := 10; r < 3010; r++ {
			fmt.Fprintf(b, `<row r="%d">`, r)
			cell(b, 16384, r, "x")
			b.WriteString(`</row>`)
		}
	}}})
}

// formulaBomb is a filled 评分表 whose first score is a formula without a
// cached value over nearly the whole sheet: computing it takes excelize
// half a minute, and a sheet may hold hundreds.
func formulaBomb(t testing.TB, path string) {
	scoringtest.Card{Layout: scoringtest.Ours, Unit: "公式学校", Score: func(item string, line, points int) any {
		if line == 1 {
			return scoringtest.Formula("=SUM(A1:XFD1048575)")
		}
		return points
	}}.Write(t, path)
}

// manySheets is the example list copied onto 200 sheets.
func manySheets(t testing.TB, c *checklist.Catalog) []byte {
	t.Helper()
	f, err := forms.NewExampleWorkbook(c, 1, forms.ExampleOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	first := f.GetSheetList()[0]
	from, err := f.GetSheetIndex(first)
	if err != nil {
		t.Fatal(err)
	}
	for i := 2; i <= 200; i++ {
		to, err := f.NewSheet(fmt.Sprintf("第%d张", i))
		if err == nil {
			err = f.CopySheet(from, to)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// bomb is a workbook whose one sheet inflates to size bytes of rows from a
// few megabytes: the same self-contained deflate block repeated. With lie,
// the zip header declares a small size, as a hostile file would.
func bomb(t testing.TB, size int64, lie bool) []byte {
	t.Helper()
	chunk := bytes.Repeat([]byte(`<row><c t="inlineStr"><is><t>炸弹</t></is></c></row>`), 1<<14)
	block := func(data []byte, final bool) []byte {
		var b bytes.Buffer
		w, err := flate.NewWriter(&b, flate.BestCompression)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
		if final {
			w.Close()
		} else {
			w.Flush()
		}
		return b.Bytes()
	}
	head, body, tail := block([]byte(sheetHead), false), block(chunk, false), block([]byte(sheetTail), true)
	n := (size - int64(len(sheetHead)+len(sheetTail))) / int64(len(chunk))
	var stream bytes.Buffer
	stream.Write(head)
	for range n {
		stream.Write(body)
	}
	stream.Write(tail)
	crc := crc32.ChecksumIEEE([]byte(sheetHead))
	if !lie {
		for range n {
			crc = crc32.Update(crc, crc32.IEEETable, chunk)
		}
	}
	crc = crc32.Update(crc, crc32.IEEETable, []byte(sheetTail))
	full := uint64(len(sheetHead)+len(sheetTail)) + uint64(n)*uint64(len(chunk))
	declared := full
	if lie {
		declared = 64 << 10
	}
	wbook := rawWorkbook(t, []rawSheet{{name: "Sheet1", rows: func(*bytes.Buffer) {}}})
	zr, err := zip.NewReader(bytes.NewReader(wbook), int64(len(wbook)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			w, err := zw.CreateRaw(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, CRC32: crc,
				CompressedSize64: uint64(stream.Len()), UncompressedSize64: declared})
			if err == nil {
				_, err = w.Write(stream.Bytes())
			}
			if err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// symlinkLoop is a folder whose links point at each other and back up:
// 循环/a.xlsx → b.xlsx → a.xlsx, 循环/子目录/上级 → 循环, next to one good list.
func symlinkLoop(t testing.TB, dir string, list []byte) string {
	t.Helper()
	root := filepath.Join(dir, "循环")
	sub := filepath.Join(root, "子目录")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, link := range [][2]string{{"b.xlsx", "a.xlsx"}, {"a.xlsx", "b.xlsx"}} {
		if err := os.Symlink(link[0], filepath.Join(root, link[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(root, filepath.Join(sub, "上级")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("..", filepath.Join(sub, "上级.xlsx")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(sub, "附件1.xlsx"), list, 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}
