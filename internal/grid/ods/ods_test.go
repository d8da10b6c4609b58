package ods

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"qingdan/internal/grid"
)

const namespaces = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"`

// contentOf is a content.xml with tables, the content of office:spreadsheet.
func contentOf(styles, tables string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><office:document-content ` + namespaces + `><office:automatic-styles>` + styles +
		`</office:automatic-styles><office:body><office:spreadsheet>` + tables + `</office:spreadsheet></office:body></office:document-content>`
}

func odsOf(t testing.TB, content string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, part := range [][2]string{{"mimetype", mimeType}, {"content.xml", content}} {
		f, err := w.CreateHeader(&zip.FileHeader{Name: part[0], Method: zip.Store})
		if err == nil {
			_, err = f.Write([]byte(part[1]))
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

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("../../../testdata/formats/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestReadMatchesLibreOffice compares every cell, merge and hidden sheet
// with what openpyxl reads from LibreOffice's .xlsx conversion of the same
// .ods (the .ods.txt dumps). A boolean from an .xlsx comes back from
// LibreOffice as the number 1 with the formula TRUE(), so numbers and
// booleans compare by value.
func TestReadMatchesLibreOffice(t *testing.T) {
	for _, name := range []string{"principal.ods", "types.ods"} {
		t.Run(name, func(t *testing.T) {
			data := fixture(t, name)
			if !Sniff(data) {
				t.Fatal("Sniff does not claim LibreOffice's .ods")
			}
			b, err := Read(data, grid.DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			got := dump(b)
			want := lines(t, fixture(t, name+".txt"))
			for _, w := range want {
				if !slices.ContainsFunc(got, func(g string) bool { return sameLine(g, w) }) {
					t.Errorf("LibreOffice reads %q, we do not", w)
				}
			}
			for _, g := range got {
				if !slices.ContainsFunc(want, func(w string) bool { return sameLine(g, w) }) {
					t.Errorf("we read %q, LibreOffice does not", g)
				}
			}
		})
	}
}

func lines(t *testing.T, data []byte) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}

// dump prints a book in the format of testdata/formats/dump.py.
func dump(b *grid.Book) []string {
	var out []string
	escape := strings.NewReplacer(`\`, `\\`, "\n", `\n`, "\t", `\t`)
	for _, s := range b.Sheets {
		if s.Hidden {
			out = append(out, s.Name+"\thidden")
		}
		for _, m := range s.Merges {
			out = append(out, fmt.Sprintf("%s\tmerge\t%s:%s", s.Name, grid.CellName(m.Left, m.Top), grid.CellName(m.Right, m.Bottom)))
		}
		for _, r := range s.Rows {
			for _, c := range r.Cells {
				kind := map[grid.Type]string{grid.Text: "text", grid.Number: "number", grid.Bool: "number", grid.Date: "date"}[c.Type]
				out = append(out, fmt.Sprintf("%s\t%s\t%s\t%s", s.Name, grid.CellName(c.Col, r.Num), kind, escape.Replace(c.Value)))
			}
		}
	}
	return out
}

// sameLine compares two dump lines, numbers by value.
func sameLine(got, want string) bool {
	g, w := strings.Split(got, "\t"), strings.Split(want, "\t")
	if len(w) == 4 && w[2] == "bool" {
		w[2] = "number"
	}
	if len(g) != 4 || len(w) != 4 || w[2] == "text" {
		return slices.Equal(g, w)
	}
	x, err1 := strconv.ParseFloat(g[3], 64)
	y, err2 := strconv.ParseFloat(w[3], 64)
	return slices.Equal(g[:3], w[:3]) && err1 == nil && err2 == nil && math.Abs(x-y) < 1e-9
}

// TestReadDatesMatchOriginal compares the date cells of types.ods with the
// serial numbers of the .xlsx openpyxl wrote and LibreOffice converted.
func TestReadDatesMatchOriginal(t *testing.T) {
	b, err := Read(fixture(t, "types.ods"), grid.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	got := dump(b)
	dates := 0
	for _, w := range lines(t, fixture(t, "types.xlsx.txt")) {
		if f := strings.Split(w, "\t"); len(f) != 4 || f[2] != "date" {
			continue
		}
		dates++
		if !slices.ContainsFunc(got, func(g string) bool { return sameLine(g, w) }) {
			t.Errorf("the original holds %q, we do not", w)
		}
	}
	if dates != 2 {
		t.Errorf("%d dates in the original, want 2", dates)
	}
}

func TestReadTypes(t *testing.T) {
	b, err := Read(fixture(t, "types.ods"), grid.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	s := b.Sheet("类型")
	cases := []struct {
		name     string
		row, col int
		typ      grid.Type
		value    string
		formula  string
	}{
		{"date as the original's serial", 2, 2, grid.Date, "42776", ""},
		{"date and time", 3, 2, grid.Date, "42776.5", ""},
		{"time as a fraction of a day", 4, 2, grid.Number, "0.75", ""},
		{"percentage as its value", 5, 2, grid.Number, "0.95", ""},
		{"formula with its cached value", 7, 2, grid.Number, "95", "[.B5]*100"},
		{"paragraphs joined by a line break", 1, 2, grid.Text, "第一行\n第二行", ""},
		{"spaces kept through text:s", 8, 2, grid.Text, "甲    乙", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cell := s.Cell(c.row, c.col)
			if cell == nil || cell.Type != c.typ || cell.Value != c.value || cell.Formula != c.formula {
				t.Errorf("cell %s = %+v, want type %d %q formula %q", grid.CellName(c.col, c.row), cell, c.typ, c.value, c.formula)
			}
		})
	}
	if h := b.Sheet("隐藏"); h == nil || !h.Hidden || s.Hidden {
		t.Errorf("hidden sheet not marked: %+v", h)
	}
}

func TestReadCells(t *testing.T) {
	row := func(cells ...string) string {
		return `<table:table-row>` + strings.Join(cells, "") + `</table:table-row>`
	}
	cases := []struct {
		name string
		rows string
		want []string // "A1 type value"
	}{
		{"boolean", row(`<table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p></table:table-cell><table:table-cell office:value-type="boolean" office:boolean-value="false"/>`), []string{"A1 3 1", "B1 3 0"}},
		{"error value", row(`<table:table-cell table:formula="of:=1/0" office:value-type="float" office:value="0" calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>`), []string{"A1 5 #DIV/0!"}},
		{"currency and a float", row(`<table:table-cell office:value-type="currency" office:value="12.5"><text:p>¥12.50</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="2"/>`), []string{"A1 2 12.5", "B1 2 2"}},
		{"spans, tabs, line breaks, links, annotations", row(`<table:table-cell office:value-type="string"><office:annotation><text:p>批注</text:p></office:annotation><text:p><text:span>甲</text:span><text:tab/><text:a>乙</text:a><text:line-break/>丙<text:s text:c="2"/>丁</text:p></table:table-cell>`), []string{"A1 1 甲\t乙\n丙  丁"}},
		{"white space collapses, none opens a paragraph", row(`<table:table-cell><text:p>  甲  
 乙</text:p><text:p> <text:s/>丙</text:p></table:table-cell>`), []string{"A1 1 甲 乙\n 丙"}},
		{"repeated cell and covered cell", row(`<table:table-cell table:number-columns-repeated="3"><text:p>x</text:p></table:table-cell><table:covered-table-cell><text:p>藏</text:p></table:covered-table-cell>`), []string{"A1 1 x", "B1 1 x", "C1 1 x", "D1 1 藏"}},
		{"repeated rows", `<table:table-row table:number-rows-repeated="2">` + `<table:table-cell table:number-columns-repeated="2"/><table:table-cell><text:p>r</text:p></table:table-cell></table:table-row>`, []string{"C1 1 r", "C2 1 r"}},
		{"unreadable number falls back to its text", row(`<table:table-cell office:value-type="float" office:value="abc"><text:p>abc</text:p></table:table-cell>`), []string{"A1 1 abc"}},
		{"header rows and row groups", `<table:table-header-rows>` + row(`<table:table-cell><text:p>头</text:p></table:table-cell>`) + `</table:table-header-rows><table:table-row-group>` + row(`<table:table-cell><text:p>组</text:p></table:table-cell>`) + `</table:table-row-group>`, []string{"A1 1 头", "A2 1 组"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := Read(odsOf(t, contentOf("", `<table:table table:name="表">`+c.rows+`</table:table>`)), grid.DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range b.Sheets[0].Rows {
				for _, cell := range r.Cells {
					got = append(got, fmt.Sprintf("%s %d %s", grid.CellName(cell.Col, r.Num), cell.Type, cell.Value))
				}
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("cells %q, want %q", got, c.want)
			}
		})
	}
}

// TestReadRepeatsBounded reads hostile repeats and counts the rows and
// cells the reader materialised: the work is bounded by the limits, not by
// what the file claims.
func TestReadRepeatsBounded(t *testing.T) {
	lim := grid.DefaultLimits()
	blank := `<table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="1000000000"/></table:table-row>`
	full := `<table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="1000000000"><text:p>x</text:p></table:table-cell></table:table-row>`
	cases := []struct {
		name      string
		tables    string
		err       error
		maxRows   int // rows materialised at most
		maxCells  int
		lastValue string
	}{
		{"blank rows repeated 1,048,576 times cost nothing", `<table:table table:name="a"><table:table-row><table:table-cell><text:p>头</text:p></table:table-cell></table:table-row>` + blank + `</table:table>`, nil, 1, 1, "头"},
		{"a billion columns by a million rows of text", `<table:table table:name="a">` + full + `</table:table>`, grid.ErrTooLarge, 1953, lim.MaxCells + lim.MaxColumns, ""},
		{"content after the last allowed row number", `<table:table table:name="a">` + blank + blank + `<table:table-row><table:table-cell><text:p>底</text:p></table:table-cell></table:table-row></table:table>`, grid.ErrTooLarge, 0, 0, ""},
		{"a row spanned a million rows is clipped", `<table:table table:name="a"><table:table-row><table:table-cell table:number-rows-spanned="100000000" table:number-columns-spanned="100000000"><text:p>并</text:p></table:table-cell></table:table-row>` + blank + `</table:table>`, nil, 1, 1, "并"},
		{"too many sheets", strings.Repeat(`<table:table table:name="a"/>`, lim.MaxSheets+1), grid.ErrTooLarge, 0, 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newReader(lim)
			err := r.read([]byte(contentOf("", c.tables)))
			if !errors.Is(err, c.err) || err != nil && c.err == nil {
				t.Fatalf("err = %v, want %v", err, c.err)
			}
			if r.emitted > c.maxRows || r.cells > c.maxCells {
				t.Errorf("materialised %d rows and %d cells, want at most %d and %d", r.emitted, r.cells, c.maxRows, c.maxCells)
			}
			if c.err != nil {
				return
			}
			s := r.book.Sheets[0]
			if s.Text(1, 1) != c.lastValue || s.LastRow() != 1 {
				t.Errorf("A1 = %q, last row %d", s.Text(1, 1), s.LastRow())
			}
			for _, m := range s.Merges {
				if m.Right > lim.MaxColumns || m.Bottom > lim.MaxRowNumber {
					t.Errorf("merge %v beyond the limits", m)
				}
			}
		})
	}
	t.Run("text:s with a huge count is cut and listed", func(t *testing.T) {
		l := lim
		l.MaxCellBytes = 8
		b, err := Read(odsOf(t, contentOf("", `<table:table table:name="a"><table:table-row><table:table-cell><text:p>甲<text:s text:c="2000000000"/>乙</text:p></table:table-cell></table:table-row></table:table>`)), l)
		if err != nil {
			t.Fatal(err)
		}
		s := b.Sheets[0]
		if s.Text(1, 1) != "甲     " || !slices.Equal(s.Truncated, []grid.Pos{{Sheet: "a", Row: 1, Col: 1}}) {
			t.Errorf("A1 = %q, truncated %v", s.Text(1, 1), s.Truncated)
		}
	})
	t.Run("too many merges", func(t *testing.T) {
		l := lim
		l.MaxMerges = 10
		cells := strings.Repeat(`<table:table-cell table:number-columns-spanned="2"><text:p>m</text:p></table:table-cell><table:covered-table-cell/>`, 11)
		_, err := Read(odsOf(t, contentOf("", `<table:table table:name="a"><table:table-row>`+cells+`</table:table-row></table:table>`)), l)
		if !errors.Is(err, grid.ErrTooLarge) {
			t.Errorf("err = %v, want too large", err)
		}
	})
}

func TestReadRefusals(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		err  error
	}{
		{"malformed XML", odsOf(t, `<office:document-content `+namespaces+`><office:body><office:spreadsheet><table:table>`), grid.ErrCorrupt},
		{"truncated inside a skipped element", odsOf(t, `<office:document-content `+namespaces+`><office:body><office:spreadsheet><table:table table:name="a"><table:shapes><x>`), grid.ErrCorrupt},
		{"no content.xml", func() []byte {
			var buf bytes.Buffer
			w := zip.NewWriter(&buf)
			f, _ := w.Create("mimetype")
			f.Write([]byte(mimeType))
			w.Close()
			return buf.Bytes()
		}(), grid.ErrCorrupt},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(c.data, grid.DefaultLimits())
			var e *grid.Error
			if !errors.Is(err, c.err) || !errors.As(err, &e) || e.Reason == "" {
				t.Errorf("err = %v, want %v as a *grid.Error", err, c.err)
			}
		})
	}
}

func TestSniff(t *testing.T) {
	zipWith := func(name, body string) []byte {
		var buf bytes.Buffer
		w := zip.NewWriter(&buf)
		f, _ := w.Create(name)
		f.Write([]byte(body))
		w.Close()
		return buf.Bytes()
	}
	cases := []struct {
		name string
		data []byte
		want bool
	}{
		{"LibreOffice spreadsheet", fixture(t, "types.ods"), true},
		{"content.xml without mimetype", zipWith("content.xml", contentOf("", "")), true},
		{"text document", zipWith("mimetype", "application/vnd.oasis.opendocument.text"), false},
		{"xlsx", zipWith("xl/workbook.xml", "<workbook/>"), false},
		{"not a zip", []byte("mimetype"), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Sniff(c.data); got != c.want {
				t.Errorf("Sniff = %v, want %v", got, c.want)
			}
		})
	}
}

func TestDateSerial(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"2017-02-10", "42776"}, {"2017-02-10T12:00:00", "42776.5"}, {"2017-02-10T06:00:00.000", "42776.25"},
		{"1900-03-01", "61"}, {"1900-02-28", "59"}, {"1900-01-01", "1"}, {"9999-12-31", "2958465"},
		{"2017-13-01", ""}, {"abc", ""}, {"2017-02-10T25:00", ""},
	} {
		got, ok := dateSerial(c.in)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("dateSerial(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"PT18H00M00S", "0.75"}, {"PT12H", "0.5"}, {"P1DT6H", "1.25"}, {"PT1.5S", ""}, {"18:00", ""}, {"PT5X", ""},
	} {
		got, ok := durationDays(c.in)
		if c.in == "PT1.5S" {
			c.want = strconv.FormatFloat(1.5/86400, 'f', -1, 64)
		}
		if got != c.want || ok != (c.want != "") {
			t.Errorf("durationDays(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
}

func TestRegistered(t *testing.T) {
	b, err := grid.Read("清单.ods", fixture(t, "principal.ods"), grid.DefaultLimits())
	if err != nil || b.Format != "ods" || b.Properties["qingdan.kind"] != "principal" {
		t.Fatalf("grid.Read = %v, %v; want the ods reader's book with qingdan.kind", b, err)
	}
	if s := b.Sheet("_catalog"); s == nil || !s.Hidden || b.Sheet("附件2").Hidden {
		t.Errorf("the hidden _catalog sheet is not marked hidden")
	}
}
