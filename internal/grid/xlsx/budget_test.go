package xlsx

import (
	"errors"
	"strings"
	"testing"
	"time"

	"qingdan/internal/grid"
)

// TestReadBudget: what Excel would read differently, and what goes past a
// work limit, is refused naming it; nothing is cut silently.
func TestReadBudget(t *testing.T) {
	twoSheets := `<workbook xmlns:r="r"><sheets><sheet name="甲" r:id="rId1"/><sheet name="乙" r:id="rId2"/></sheets></workbook>`
	samePart := `<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="x/worksheet" Target="worksheets/SHEET1.xml"/></Relationships>`
	cells := strings.Repeat(`<c r="A1"/>`, 50)
	book := func(sheet string, extra ...string) []byte {
		return pack(t, append([]string{"_rels/.rels", rootRels, "xl/workbook.xml", workbook, "xl/_rels/workbook.xml.rels", workbookRels,
			"xl/sharedStrings.xml", sharedStrings, "xl/worksheets/sheet1.xml", sheet, "xl/worksheets/sheet2.xml", sheet2}, extra...)...)
	}
	cases := []struct {
		name  string
		data  []byte
		lim   func(*grid.Limits)
		sheet bool // the refusal is one sheet's, not the book's
		want  string
	}{
		{"part names differing in case", book(sheet1, "xl/worksheets/Sheet1.xml", sheet2), nil, false, "两个同名部件"},
		{"two sheets on one part", pack(t, "_rels/.rels", rootRels, "xl/workbook.xml", twoSheets, "xl/_rels/workbook.xml.rels", samePart,
			"xl/worksheets/sheet1.xml", sheet2), nil, false, "指向同一份数据"},
		{"end tag closing the wrong element", book(`<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></row></sheetData></worksheet>`), nil, true, "</row> 与 <c> 不配对"},
		{"element left open", book(`<worksheet><sheetData><row r="1">`), nil, true, "<row> 没有结束"},
		{"cell elements past MaxElements, kept or not", book(`<worksheet><sheetData><row r="1">` + cells + `</row></sheetData></worksheet>`),
			func(l *grid.Limits) { l.MaxElements = 40 }, false, "超过 40 个单元格和行"},
		{"members past MaxParts", book(sheet1), func(l *grid.Limits) { l.MaxParts = 3 }, false, "上限 3 个"},
		{"sheet entries past MaxSheets", book(sheet1), func(l *grid.Limits) { l.MaxSheets = 1 }, false, "超过 1 张工作表"},
		{"past the deadline", book(sheet1), func(l *grid.Limits) { l.Deadline = time.Now().Add(-time.Second) }, false, ""},
		{"stopped", book(`<worksheet><sheetData><row r="1">` + strings.Repeat(cells, 12) + `</row></sheetData></worksheet>`), func(l *grid.Limits) { l.Stop = func() bool { return true } }, false, "超过时限"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lim := grid.DefaultLimits()
			if c.lim != nil {
				c.lim(&lim)
			}
			b, err := Read(c.data, lim)
			var reason string
			var ge *grid.Error
			switch {
			case c.sheet && err == nil:
				for _, s := range b.Sheets {
					if s.Err != nil {
						reason = s.Err.Reason
					}
				}
			case errors.As(err, &ge):
				reason = ge.Reason
			}
			if c.want == "" {
				// A deadline is polled every 1,024 tokens: this small book ends first.
				if err != nil {
					t.Fatalf("a small book read past its deadline: %v", err)
				}
				return
			}
			if !strings.Contains(reason, c.want) {
				t.Errorf("err %v, sheet reason %q; want %q", err, reason, c.want)
			}
		})
	}
}

// TestDuplicateMergesKeptOnce: a range merged again is one merge.
func TestDuplicateMergesKeptOnce(t *testing.T) {
	sheet := `<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData><mergeCells>` +
		strings.Repeat(`<mergeCell ref="A1:D1"/>`, 100) + `</mergeCells></worksheet>`
	b, err := Read(pack(t, "_rels/.rels", rootRels, "xl/workbook.xml", workbook, "xl/_rels/workbook.xml.rels", workbookRels,
		"xl/sharedStrings.xml", sharedStrings, "xl/worksheets/sheet1.xml", sheet, "xl/worksheets/sheet2.xml", sheet2), grid.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if n := len(b.Sheets[0].Merges); n != 1 {
		t.Errorf("%d merges kept, want 1", n)
	}
}
