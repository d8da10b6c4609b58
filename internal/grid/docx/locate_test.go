package docx

import (
	"strings"
	"testing"

	"qingdan/internal/grid"
)

func TestLocate(t *testing.T) {
	body := p("标题") +
		tbl(tr(tc("", p("t1")))) +
		p("附件2") +
		tbl(
			tr(tc(`<w:vMerge w:val="restart"/>`, p("责任名称")), tc(`<w:gridSpan w:val="4"/>`, p("工作措施"))),
			`<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>`+tc("", p("一季度"), tbl(tr(tc("", p("嵌套")))))+tc(`<w:gridSpan w:val="3"/>`, p("其余"))+`</w:tr>`,
		)
	data := docxOf(t, body)
	b := read(t, data)
	s := b.Sheets[1]
	cases := []struct {
		name      string
		row, col  int
		ok        bool
		tr, cell  int
		wantInXML string
	}{
		{"first cell", 2, 1, true, 1, 1, "责任名称"},
		{"a column inside a span", 2, 4, true, 1, 2, "工作措施"},
		{"after gridBefore", 3, 2, true, 2, 1, "一季度"},
		{"cell after one holding a nested table", 3, 5, true, 2, 2, "其余"},
		{"column skipped by gridBefore", 3, 1, false, 0, 0, ""},
		{"right of the last cell", 2, 6, false, 0, 0, ""},
		{"paragraph above the table", 1, 1, false, 0, 0, ""},
	}
	doc := documentXML(t, data)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			loc, ok, err := Locate(data, s, c.row, c.col, grid.DefaultLimits())
			if err != nil || ok != c.ok {
				t.Fatalf("Locate(%d,%d) ok %v err %v, want ok %v", c.row, c.col, ok, err, c.ok)
			}
			if !ok {
				return
			}
			if loc.Table != 2 || loc.Row != c.tr || loc.Cell != c.cell || loc.Part != "word/document.xml" {
				t.Errorf("Locate(%d,%d) = %+v, want table 2 w:tr %d w:tc %d", c.row, c.col, loc, c.tr, c.cell)
			}
			el := doc[loc.Start:loc.End]
			if !strings.HasPrefix(el, "<w:tc>") || !strings.HasSuffix(el, "</w:tc>") || !strings.Contains(el, c.wantInXML) {
				t.Errorf("part[Start:End] = %q, want the w:tc holding %q", el, c.wantInXML)
			}
			for _, line := range strings.Split(s.Value(c.row, c.col), "\n") {
				if !strings.Contains(el, line) {
					t.Errorf("the located w:tc lacks %q of the sheet's value", line)
				}
			}
		})
	}
}

func documentXML(t *testing.T, data []byte) string {
	t.Helper()
	body, err := readPart(data, "word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	return body
}
