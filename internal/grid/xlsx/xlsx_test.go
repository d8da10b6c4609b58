package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"

	"qingdan/internal/grid"
)

// pack writes a zip of the given parts, in order.
func pack(t *testing.T, parts ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(parts); i += 2 {
		w, err := zw.Create(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(parts[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const (
	rootRels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>`
	workbook = `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<workbookPr date1904="1"/><sheets><sheet name="清单" sheetId="1" r:id="rId1"/><sheet name="隐藏" sheetId="2" r:id="rId2" state="hidden"/></sheets></workbook>`
	workbookRels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`
	sharedStrings = `<sst><si><t>责任名称</t></si><si><r><t>加强</t></r><r><t>党建</t></r><rPh><t>ジャン</t></rPh></si><si><t>a_x000D_b</t></si></sst>`
	stylesXML     = `<styleSheet><numFmts count="2"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="177" formatCode="0.00E+00"/></numFmts>
<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/><xf numFmtId="177"/><xf numFmtId="2"/></cellXfs></styleSheet>`
	sheet1 = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>99</v></c></row>
<row r="3"><c r="A3"><v>2</v></c><c r="B3" s="1"><v>42776</v></c><c r="C3" s="2"><v>42776</v></c><c r="D3" s="3"><v>1.5</v></c><c r="E3" s="4"><v>0.5</v></c></row>
<row r="4"><c r="A4" t="b"><v>1</v></c><c r="B4" t="e"><v>#DIV/0!</v></c><c r="C4" t="inlineStr"><is><t>内联</t></is></c><c r="D4" t="str"><f>A1&amp;"x"</f><v>责任名称x</v></c></row>
<row r="5"><c r="A5"><f t="shared" ref="A5:A6" si="0">B5*2</f><v>4</v></c><c r="B5"><f>SUM(A3:A4)</f></c></row>
<row r="6"><c r="A6"><f t="shared" si="0"/><v>6</v></c></row>
<row><c t="s"><v>0</v></c><c t="s"><v>0</v></c></row>
</sheetData><x:mergeCells xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:mergeCell ref="A1:A2"/><x:mergeCell ref="bad"/></x:mergeCells></worksheet>`
	sheet2 = `<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`
	custom = `<Properties xmlns:vt="v"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="qingdan.kind"><vt:lpwstr>principal</vt:lpwstr></property></Properties>`
)

func testBook(t *testing.T) []byte {
	return pack(t, "_rels/.rels", rootRels, "xl/workbook.xml", workbook, "xl/_rels/workbook.xml.rels", workbookRels,
		"xl/sharedStrings.xml", sharedStrings, "xl/styles.xml", stylesXML, "xl/worksheets/sheet1.xml", sheet1,
		"xl/worksheets/sheet2.xml", sheet2, "docProps/custom.xml", custom)
}

func TestReadCells(t *testing.T) {
	b, err := Read(testBook(t), grid.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Sheets) != 2 || b.Sheets[0].Hidden || !b.Sheets[1].Hidden || !b.Date1904 || b.Properties["qingdan.kind"] != "principal" {
		t.Fatalf("book %+v, want two sheets (the second hidden), date1904 and the kind property", b)
	}
	s := b.Sheets[0]
	cases := []struct {
		name          string
		ref           string
		typ           grid.Type
		value, formul string
	}{
		{"shared string", "A1", grid.Text, "责任名称", ""},
		{"rich text without its phonetic run", "B1", grid.Text, "加强党建", ""},
		{"escaped character", "C1", grid.Text, "a\rb", ""},
		{"shared string index out of range is dropped", "D1", grid.Empty, "", ""},
		{"plain number", "A3", grid.Number, "2", ""},
		{"built-in date format", "B3", grid.Date, "42776", ""},
		{"custom date format with quoted text", "C3", grid.Date, "42776", ""},
		{"scientific format is no date", "D3", grid.Number, "1.5", ""},
		{"number format", "E3", grid.Number, "0.5", ""},
		{"boolean", "A4", grid.Bool, "1", ""},
		{"error value", "B4", grid.ErrValue, "#DIV/0!", ""},
		{"inline string", "C4", grid.Text, "内联", ""},
		{"formula with a string result", "D4", grid.Text, "责任名称x", `A1&"x"`},
		{"shared formula master", "A5", grid.Number, "4", "B5*2"},
		{"formula without a cached value", "B5", grid.Number, "", "SUM(A3:A4)"},
		{"shared formula dependent", "A6", grid.Number, "6", "B5*2"},
		{"cell without a reference follows the row before", "A7", grid.Text, "责任名称", ""},
		{"and the cell before it", "B7", grid.Text, "责任名称", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			col, row, _ := grid.ParseCellName(c.ref)
			got := s.Cell(row, col)
			if got == nil {
				got = &grid.Cell{}
			}
			if got.Type != c.typ || got.Value != c.value || got.Formula != c.formul {
				t.Errorf("%s = %+v, want type %d value %q formula %q", c.ref, *got, c.typ, c.value, c.formul)
			}
		})
	}
	if want := []grid.Range{{Top: 1, Left: 1, Bottom: 2, Right: 1}}; len(s.Merges) != 1 || s.Merges[0] != want[0] {
		t.Errorf("merges %v, want %v (a prefixed mergeCell read, a bad one left out)", s.Merges, want)
	}
	if s.Value(2, 1) != "责任名称" {
		t.Errorf("A2 under the merge shows %q", s.Value(2, 1))
	}
}

func TestReadLimits(t *testing.T) {
	manyRows := func(n int) string {
		var b strings.Builder
		b.WriteString("<worksheet><sheetData>")
		for r := 1; r <= n; r++ {
			b.WriteString(`<row><c t="inlineStr"><is><t>x</t></is></c></row>`)
		}
		b.WriteString("</sheetData></worksheet>")
		return b.String()
	}
	book := func(sheet string) []byte {
		return pack(t, "xl/workbook.xml", `<workbook><sheets><sheet name="大表" r:id="rId1" xmlns:r="r"/></sheets></workbook>`,
			"xl/_rels/workbook.xml.rels", `<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
			"xl/worksheets/sheet1.xml", sheet)
	}
	small := grid.DefaultLimits()
	small.MaxRows, small.MaxCells, small.MaxPartSize, small.MaxMergedCells, small.MaxCellBytes = 10, 15, 4096, 20, 4
	cases := []struct {
		name      string
		sheet     string
		sheetErr  bool // the sheet is refused, the book read
		bookErr   bool
		truncated int
	}{
		{"rows at the limit", manyRows(10), false, false, 0},
		{"a row over the limit", manyRows(11), true, false, 0},
		{"a row numbered past the last", `<worksheet><sheetData><row r="2000000"><c t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>`, true, false, 0},
		{"a part over its size", manyRows(200), true, false, 0},
		{"merges covering too many cells", `<worksheet><sheetData><row r="10"><c t="inlineStr"><is><t>x</t></is></c></row></sheetData><mergeCells><mergeCell ref="A1:C10"/></mergeCells></worksheet>`, true, false, 0},
		{"merges below the last row count only within it", `<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>x</t></is></c></row></sheetData><mergeCells><mergeCell ref="A1:C1000000"/></mergeCells></worksheet>`, false, false, 0},
		{"a long cell is cut and listed", `<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>责任名称</t></is></c></row></sheetData></worksheet>`, false, false, 1},
		{"broken XML", `<worksheet><sheetData><row>`, true, false, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := Read(book(c.sheet), small)
			if c.bookErr {
				var ge *grid.Error
				if !errors.As(err, &ge) || !errors.Is(err, grid.ErrTooLarge) {
					t.Fatalf("error %v, want a *grid.Error over a limit", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			s := b.Sheets[0]
			if (s.Err != nil) != c.sheetErr {
				t.Fatalf("sheet error %v, want one: %v", s.Err, c.sheetErr)
			}
			if s.Err != nil && (s.Err.Sheet != "大表" || s.Err.Reason == "") {
				t.Errorf("sheet error %+v does not name the sheet or say why", s.Err)
			}
			if len(s.Truncated) != c.truncated {
				t.Errorf("truncated %v, want %d", s.Truncated, c.truncated)
			}
			if c.truncated > 0 && s.Text(1, 1) != "责" {
				t.Errorf("cut cell %q, want its first character whole", s.Text(1, 1))
			}
		})
	}
	t.Run("cells over the book's limit", func(t *testing.T) {
		_, err := Read(book(manyRows(10)), grid.Limits{MaxFileSize: 1 << 20, MaxUnzipped: 1 << 20, MaxPartSize: 1 << 20, MaxSheets: 2, MaxRows: 100, MaxRowNumber: 100, MaxColumns: 10, MaxCellBytes: 10, MaxCells: 5, MaxMerges: 1, MaxMergedCells: 1})
		if !errors.Is(err, grid.ErrTooLarge) {
			t.Errorf("error %v, want over a limit", err)
		}
	})
}

func TestSniff(t *testing.T) {
	docx := pack(t, "_rels/.rels", `<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"[Content_Types].xml", `<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"word/document.xml", "<w:document/>")
	moved := pack(t, "_rels/.rels", `<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/book/wb.xml"/></Relationships>`,
		"[Content_Types].xml", `<Types><Override PartName="/book/wb.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`,
		"book/wb.xml", "<workbook/>")
	full := testBook(t)
	cases := []struct {
		name string
		data []byte
		want bool
	}{
		{"workbook", full, true},
		{"workbook part elsewhere, named by the package", moved, true},
		{"Word document", docx, false},
		{"zip too broken to list", full[:len(full)/2], true},
		{"not a zip", []byte("单位名称,简称\n"), false},
		{"compound file", grid.CFBSignature, false},
	}
	for _, c := range cases {
		if got := Sniff(c.data); got != c.want {
			t.Errorf("%s: Sniff = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestIsDateFormat(t *testing.T) {
	for code, want := range map[string]bool{
		"yyyy-mm-dd": true, `yyyy"年"m"月"d"日"`: true, "[$-F800]dddd, mmmm dd, yyyy": true, "h:mm:ss": true,
		"0.00": false, "General": false, "0.00E+00": false, `#,##0" 元"`: false, "[Red]0.00": false, `0\d`: false,
	} {
		if got := isDateFormat(code); got != want {
			t.Errorf("isDateFormat(%q) = %v, want %v", code, got, want)
		}
	}
}
