package docx

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"qingdan/internal/grid"
)

const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

// docxOf builds a .docx around body, the content of w:body.
func docxOf(t testing.TB, body string) []byte {
	t.Helper()
	return zipOf(t, map[string]string{
		"[Content_Types].xml": `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"word/document.xml":   `<?xml version="1.0" encoding="UTF-8"?><w:document ` + wordNS + `><w:body>` + body + `</w:body></w:document>`,
	})
}

func zipOf(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for name, body := range parts {
		f, err := w.Create(name)
		if err == nil {
			_, err = f.Write([]byte(body))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// p, tc, tr and tbl write the WordprocessingML of a paragraph, cell, row and table.
func p(text string) string {
	return `<w:p><w:r><w:t xml:space="preserve">` + text + `</w:t></w:r></w:p>`
}
func tc(pr string, content ...string) string {
	return `<w:tc><w:tcPr>` + pr + `</w:tcPr>` + strings.Join(content, "") + `</w:tc>`
}
func tr(cells ...string) string { return `<w:tr>` + strings.Join(cells, "") + `</w:tr>` }
func tbl(rows ...string) string { return `<w:tbl>` + strings.Join(rows, "") + `</w:tbl>` }

func read(t *testing.T, data []byte) *grid.Book {
	t.Helper()
	b, err := Read(data, grid.DefaultLimits())
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return b
}

// rowsOf prints a sheet as "row:col=value" lines, for comparing in one go.
func rowsOf(s *grid.Sheet) []string {
	var out []string
	for _, r := range s.Rows {
		for _, c := range r.Cells {
			out = append(out, fmt.Sprintf("%d:%d=%s", r.Num, c.Col, c.Value))
		}
	}
	return out
}

func TestReadNoticeLayout(t *testing.T) {
	data, err := os.ReadFile("../../../testdata/formats/notice.docx")
	if err != nil {
		t.Fatal(err)
	}
	if !Sniff(data) {
		t.Fatal("Sniff does not claim a python-docx document")
	}
	b := read(t, data)
	if len(b.Sheets) != 1 || b.Properties["qingdan.kind"] != "principal" {
		t.Fatalf("%d sheets, properties %v; want 1 sheet and qingdan.kind principal", len(b.Sheets), b.Properties)
	}
	s := b.Sheets[0]
	if s.Name != "表1" || s.Table != 1 || s.TableTop != 5 || s.TableBottom != 10 {
		t.Fatalf("sheet %q table %d rows %d..%d, want 表1 table 1 rows 5..10", s.Name, s.Table, s.TableTop, s.TableBottom)
	}
	cases := []struct {
		name     string
		row, col int
		want     string
		ref      string
	}{
		{"attachment label", 1, 1, "附件2", "表1 上方第1段"},
		{"title", 2, 1, "领导班子主要负责人责任清单", "表1 上方第2段"},
		{"unit before the tabs", 3, 1, "单位（盖章）：示例学校", "表1 上方第3段"},
		{"date after the tabs", 3, 2, "填报日期：2017年2月10日", "表1 上方第3段"},
		{"two spaces do not split", 4, 1, "姓名：张三  职务：校长", "表1 上方第4段"},
		{"heading", 5, 1, "责任名称", "表1 第1行第1列"},
		{"spanned heading", 5, 4, "工作措施和目标要求", "表1 第1行第4列"},
		{"quarter under the span", 6, 7, "四季度", "表1 第2行第7列"},
		{"vertically merged 责任名称", 8, 1, "主要负责人履行“第一责任人”责任", "表1 第4行第1列"},
		{"heading merged down", 6, 2, "序号", "表1 第2行第2列"},
		{"deletion skipped, insertion read", 10, 3, "研究部署新", "表1 第6行第3列"},
		{"signature below", 11, 1, "主要负责人（签字）：", "表1 下方第1段"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := s.Value(c.row, c.col); got != c.want {
				t.Errorf("Value(%d,%d) = %q, want %q", c.row, c.col, got, c.want)
			}
			if got := s.Ref(c.row, c.col); got != c.ref {
				t.Errorf("Ref(%d,%d) = %q, want %q", c.row, c.col, got, c.ref)
			}
		})
	}
	want := []grid.Range{rg(5, 4, 5, 7), rg(5, 1, 6, 1), rg(5, 2, 6, 2), rg(5, 3, 6, 3), rg(7, 1, 8, 1)}
	if !sameRanges(s.Merges, want) {
		t.Errorf("merges %v, want %v", s.Merges, want)
	}
	if s.Text(8, 1) != "" {
		t.Errorf("the continued cell holds %q, want nothing", s.Text(8, 1))
	}
}

func rg(top, left, bottom, right int) grid.Range {
	return grid.Range{Top: top, Left: left, Bottom: bottom, Right: right}
}

// TestReadResaved reads LibreOffice Writer's re-save of notice.docx (its own
// markup for the spans, merges and tracked changes) into the same book.
func TestReadResaved(t *testing.T) {
	a, b := read(t, readFixture(t, "notice.docx")), read(t, readFixture(t, "notice-resaved.docx"))
	if len(a.Sheets) != len(b.Sheets) {
		t.Fatalf("%d sheets, resaved %d", len(a.Sheets), len(b.Sheets))
	}
	for i, s := range a.Sheets {
		r := b.Sheets[i]
		if !slices.Equal(rowsOf(s), rowsOf(r)) || !sameRanges(s.Merges, r.Merges) || s.TableTop != r.TableTop || s.TableBottom != r.TableBottom {
			t.Errorf("sheet %s differs:\n%q %v\nresaved:\n%q %v", s.Name, rowsOf(s), s.Merges, rowsOf(r), r.Merges)
		}
	}
}

func sameRanges(a, b []grid.Range) bool {
	key := func(r grid.Range) string { return fmt.Sprint(r) }
	ka, kb := make([]string, len(a)), make([]string, len(b))
	for i, r := range a {
		ka[i] = key(r)
	}
	for i, r := range b {
		kb[i] = key(r)
	}
	slices.Sort(ka)
	slices.Sort(kb)
	return slices.Equal(ka, kb)
}

// TestReadLibreOfficeTable compares the Word table LibreOffice made of the
// example 附件2 with what openpyxl reads from the workbook it came from
// (principal.ods.txt): same merges, same texts at the same grid positions.
// LibreOffice's HTML export puts a cell's comment before its text, so a
// docx cell ends with the workbook's value.
func TestReadLibreOfficeTable(t *testing.T) {
	data, err := os.ReadFile("../../../testdata/formats/principal.docx")
	if err != nil {
		t.Fatal(err)
	}
	b := read(t, data)
	s := b.Sheets[0]
	if s.TableTop != 1 || s.TableBottom != 16 {
		t.Errorf("table rows %d..%d, want 1..16", s.TableTop, s.TableBottom)
	}
	f, err := os.Open("../../../testdata/formats/principal.ods.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var merges []grid.Range
	cells := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if fields[0] != "附件2" {
			continue
		}
		switch {
		case fields[1] == "merge":
			from, to, _ := strings.Cut(fields[2], ":")
			l, t1, _ := grid.ParseCellName(from)
			r, b1, _ := grid.ParseCellName(to)
			merges = append(merges, grid.Range{Top: t1, Left: l, Bottom: b1, Right: r})
		case len(fields) == 4:
			col, row, _ := grid.ParseCellName(fields[1])
			cells++
			if got := s.Text(row, col); !strings.HasSuffix(got, fields[3]) {
				t.Errorf("%s = %q, want it to end with %q", s.Ref(row, col), got, fields[3])
			}
		}
	}
	if cells < 50 || !sameRanges(s.Merges, merges) {
		t.Errorf("%d cells compared; merges %v, want %v", cells, s.Merges, merges)
	}
}

func TestReadTables(t *testing.T) {
	cases := []struct {
		name   string
		body   string
		sheets []string // per sheet: TableTop..TableBottom then the rows
		merges [][]grid.Range
	}{
		{
			name: "paragraphs between tables split at 附件",
			body: p("附件1") + tbl(tr(tc("", p("a")))) + p("签字：") + p("2017年") + p(" 附件2") + p("标题") + tbl(tr(tc("", p("b")))) + p("落款"),
			sheets: []string{
				"2..2 1:1=附件1 2:1=a 3:1=签字： 4:1=2017年",
				"3..3 1:1=附件2 2:1=标题 3:1=b 4:1=落款",
			},
		},
		{
			name:   "a page break splits before the next paragraph",
			body:   tbl(tr(tc("", p("a")))) + p("签字：") + `<w:p><w:r><w:t>盖章</w:t><w:br w:type="page"/></w:r></w:p>` + p("标题") + tbl(tr(tc("", p("b")))),
			sheets: []string{"1..1 1:1=a 2:1=签字： 3:1=盖章", "2..2 1:1=标题 2:1=b"},
		},
		{
			name:   "page break before and a section end split too",
			body:   tbl(tr(tc("", p("a")))) + `<w:p><w:pPr><w:sectPr/></w:pPr><w:r><w:t>节末</w:t></w:r></w:p>` + p("二") + tbl(tr(tc("", p("b")))) + `<w:p><w:pPr><w:pageBreakBefore/></w:pPr><w:r><w:t>新页</w:t></w:r></w:p>` + tbl(tr(tc("", p("c")))),
			sheets: []string{"1..1 1:1=a 2:1=节末", "2..2 1:1=二 2:1=b", "2..2 1:1=新页 2:1=c"},
		},
		{
			name:   "without a marker the paragraphs stay below the earlier table",
			body:   tbl(tr(tc("", p("a")))) + p("说明") + tbl(tr(tc("", p("b")))),
			sheets: []string{"1..1 1:1=a 2:1=说明", "1..1 1:1=b"},
		},
		{
			name:   "gridBefore shifts the cells, empty paragraphs make no row",
			body:   p("") + tbl(`<w:tr><w:trPr><w:gridBefore w:val="2"/></w:trPr>`+tc("", p("x"))+tc("", p("y"))+`</w:tr>`, tr(tc("", p("1")), tc("", p("")), tc("", p("3")))),
			sheets: []string{"1..2 1:3=x 1:4=y 2:1=1 2:3=3"},
		},
		{
			name:   "a huge gridSpan is clipped to the column limit",
			body:   tbl(tr(tc(`<w:gridSpan w:val="1000000"/>`, p("宽")), tc("", p("丢弃")))),
			sheets: []string{"1..1 1:1=宽"},
			merges: [][]grid.Range{{rg(1, 1, 1, 256)}},
		},
		{
			name:   "an unreadable gridSpan counts as one column",
			body:   tbl(tr(tc(`<w:gridSpan w:val="x"/>`, p("a")), tc("", p("b")))),
			sheets: []string{"1..1 1:1=a 1:2=b"},
		},
		{
			name:   "vMerge continue without restart is a fresh cell",
			body:   tbl(tr(tc(`<w:vMerge/>`, p("孤")), tc("", p("b"))), tr(tc(`<w:vMerge/>`), tc("", p("c")))),
			sheets: []string{"1..2 1:1=孤 1:2=b 2:2=c"},
		},
		{
			name:   "vMerge with gridSpan merges a block",
			body:   tbl(tr(tc(`<w:gridSpan w:val="2"/><w:vMerge w:val="restart"/>`, p("块"))), tr(tc(`<w:gridSpan w:val="2"/><w:vMerge/>`)), tr(tc(`<w:gridSpan w:val="2"/><w:vMerge/>`))),
			sheets: []string{"1..3 1:1=块"},
			merges: [][]grid.Range{{rg(1, 1, 3, 2)}},
		},
		{
			name:   "nested table text joins the containing cell",
			body:   tbl(tr(tc("", p("外"), tbl(tr(tc("", p("内1")), tc("", p("内2")))), p("")))),
			sheets: []string{"1..1 1:1=外\n内1\n内2"},
		},
		{
			name: "tracked changes, content controls, links, fields and breaks",
			body: tbl(tr(tc("",
				`<w:p><w:del><w:r><w:delText>删</w:delText></w:r></w:del><w:ins><w:r><w:t>增</w:t></w:r></w:ins>`+
					`<w:sdt><w:sdtContent><w:r><w:t>控</w:t></w:r></w:sdtContent></w:sdt>`+
					`<w:hyperlink><w:r><w:t>链</w:t></w:r></w:hyperlink><w:smartTag><w:r><w:t>标</w:t></w:r></w:smartTag>`+
					`<w:fldSimple w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>`+
					`<w:r><w:instrText>PAGE</w:instrText><w:tab/><w:t>甲</w:t><w:br/><w:t>乙</w:t><w:cr/><w:t>丙</w:t></w:r></w:p>`))),
			sheets: []string{"1..1 1:1=增控链标1\t甲\n乙\n丙"},
		},
		{
			name:   "a tracked property change is not the cell's span",
			body:   tbl(tr(tc(`<w:tcPrChange><w:tcPr><w:gridSpan w:val="5"/></w:tcPr></w:tcPrChange>`, p("a")), tc("", p("b")))),
			sheets: []string{"1..1 1:1=a 1:2=b"},
		},
		{
			name:   "paragraphs in a block content control are read",
			body:   `<w:sdt><w:sdtContent>` + p("单位：甲校\t\t日期：2017年") + `</w:sdtContent></w:sdt>` + tbl(tr(tc("", p("a")))),
			sheets: []string{"2..2 1:1=单位：甲校 1:2=日期：2017年 2:1=a"},
		},
		{
			name: "no table, no sheet",
			body: p("只有文字"),
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := read(t, docxOf(t, c.body))
			var got []string
			for i, s := range b.Sheets {
				if s.Name != fmt.Sprintf("表%d", i+1) || s.Table != i+1 {
					t.Errorf("sheet %d is %q table %d", i+1, s.Name, s.Table)
				}
				got = append(got, fmt.Sprintf("%d..%d %s", s.TableTop, s.TableBottom, strings.Join(rowsOf(s), " ")))
				if c.merges != nil && !sameRanges(s.Merges, c.merges[i]) {
					t.Errorf("sheet %d merges %v, want %v", i+1, s.Merges, c.merges[i])
				}
			}
			if !slices.Equal(got, c.sheets) {
				t.Errorf("sheets\n%q\nwant\n%q", got, c.sheets)
			}
		})
	}
}

func TestColumns(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []string
	}{
		{"tabs split", "单位（盖章）：某某小学\t\t填报日期：2017年2月10日", []string{"单位（盖章）：某某小学", "填报日期：2017年2月10日"}},
		{"three spaces split", "姓名：张三   职务：校长", []string{"姓名：张三", "职务：校长"}},
		{"ideographic spaces split", "姓名：张三\u3000\u3000\u3000职务：校长", []string{"姓名：张三", "职务：校长"}},
		{"two spaces keep", "姓名：张三  职务：校长", []string{"姓名：张三  职务：校长"}},
		{"blank date kept whole", "填报日期：   年   月   日", []string{"填报日期：   年   月   日"}},
		{"leading tab dropped", "\t落款", []string{"落款"}},
		{"only spaces", "   ", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := columns(c.in); !slices.Equal(got, c.want) {
				t.Errorf("columns(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestReadBounds(t *testing.T) {
	lim := grid.DefaultLimits()
	cases := []struct {
		name string
		body string
		lim  func(*grid.Limits)
		err  error
	}{
		{"100,000 tables", strings.Repeat(tbl(tr(tc("", p("a")))), 100000), nil, grid.ErrTooLarge},
		{"too many merges", tbl(strings.Repeat(tr(tc(`<w:gridSpan w:val="2"/>`, p("a"))), 30)), func(l *grid.Limits) { l.MaxMerges = 20 }, grid.ErrTooLarge},
		{"too many merged cells", tbl(tr(tc(`<w:gridSpan w:val="300"/>`, p("a"))), tr(tc(`<w:gridSpan w:val="300"/>`, p("a")))), func(l *grid.Limits) { l.MaxMergedCells = 300 }, grid.ErrTooLarge},
		{"too many cells", tbl(tr(strings.Repeat(tc("", p("a")), 30))), func(l *grid.Limits) { l.MaxCells = 20 }, grid.ErrTooLarge},
		{"too many rows", tbl(strings.Repeat(tr(tc("", p("a"))), 30)), func(l *grid.Limits) { l.MaxRows = 20 }, grid.ErrTooLarge},
		{"too many paragraphs", strings.Repeat(p("a"), 30), func(l *grid.Limits) { l.MaxRows = 20 }, grid.ErrTooLarge},
		{"malformed XML", tbl(tr(tc("", "<w:p>"))), nil, grid.ErrCorrupt},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := lim
			if c.lim != nil {
				c.lim(&l)
			}
			_, err := Read(docxOf(t, c.body), l)
			var e *grid.Error
			if !errors.Is(err, c.err) || !errors.As(err, &e) || e.Reason == "" {
				t.Errorf("err = %v, want %v as a *grid.Error", err, c.err)
			}
		})
	}
	t.Run("a cell over the byte limit is cut and listed", func(t *testing.T) {
		l := lim
		l.MaxCellBytes = 10
		b, err := Read(docxOf(t, p("很长的一段标题文字")+tbl(tr(tc("", p("一二三四五六")), tc("", p("短"))))), l)
		if err != nil {
			t.Fatal(err)
		}
		s := b.Sheets[0]
		if s.Text(2, 1) != "一二三" || s.Text(2, 2) != "短" || s.Text(1, 1) != "很长的" {
			t.Errorf("cells %q %q %q, want cut at a character", s.Text(1, 1), s.Text(2, 1), s.Text(2, 2))
		}
		want := []grid.Pos{{Sheet: "表1", Row: 1, Col: 1}, {Sheet: "表1", Row: 2, Col: 1}}
		if !slices.Equal(s.Truncated, want) {
			t.Errorf("Truncated = %v, want %v", s.Truncated, want)
		}
	})
	t.Run("a part over the part limit is refused", func(t *testing.T) {
		l := lim
		l.MaxPartSize = 1000
		if _, err := Read(docxOf(t, strings.Repeat(p("a"), 100)), l); !errors.Is(err, grid.ErrTooLarge) {
			t.Errorf("err = %v, want too large", err)
		}
	})
}

func TestSniff(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want bool
	}{
		{"word document", docxOf(t, p("a")), true},
		{"main part named elsewhere", zipOf(t, map[string]string{
			"[Content_Types].xml": `<Types><Override PartName="/doc/main.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
			"_rels/.rels":         `<Relationships><Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="doc/main.xml"/></Relationships>`,
			"doc/main.xml":        `<w:document ` + wordNS + `><w:body>` + tbl(tr(tc("", p("别处")))) + `</w:body></w:document>`,
		}), true},
		{"workbook", zipOf(t, map[string]string{"xl/workbook.xml": "<workbook/>", "[Content_Types].xml": "<Types/>"}), false},
		{"other zip", zipOf(t, map[string]string{"a.txt": "a"}), false},
		{"not a zip", []byte("hello"), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Sniff(c.data); got != c.want {
				t.Errorf("Sniff = %v, want %v", got, c.want)
			}
		})
	}
	b := read(t, cases[1].data)
	if len(b.Sheets) != 1 || b.Sheets[0].Text(1, 1) != "别处" {
		t.Errorf("the officeDocument target was not read: %v", b.Sheets)
	}
}

func readPart(data []byte, name string) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", err
	}
	rc, err := zr.Open(name)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	var b strings.Builder
	_, err = io.Copy(&b, rc)
	return b.String(), err
}

func TestRegistered(t *testing.T) {
	b, err := grid.Read("清单.docx", readFixture(t, "notice.docx"), grid.DefaultLimits())
	if err != nil || b.Format != "docx" || len(b.Sheets) != 1 {
		t.Fatalf("grid.Read = %v, %v; want the docx reader's book", b, err)
	}
	_, err = grid.Read("坏.docx", docxOf(t, "<w:p>"), grid.DefaultLimits())
	var e *grid.Error
	if !errors.As(err, &e) || e.Path != "坏.docx" || e.Kind != grid.Unreadable {
		t.Errorf("err = %#v, want an unreadable *grid.Error naming the file", err)
	}
}
