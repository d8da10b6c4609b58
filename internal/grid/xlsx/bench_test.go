package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"

	"qingdan/internal/grid"
)

// BenchmarkReadSheet reads a list-sized sheet at the row limit (5,000 rows
// of six inline cells): the cost of the tokeniser, nesting checks included.
func BenchmarkReadSheet(b *testing.B) {
	var sheet strings.Builder
	sheet.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for r := 1; r <= 5000; r++ {
		fmt.Fprintf(&sheet, `<row r="%d">`, r)
		for c := 1; c <= 6; c++ {
			fmt.Fprintf(&sheet, `<c r="%s" t="inlineStr"><is><t>第%d行的任务内容</t></is></c>`, grid.CellName(c, r), r)
		}
		sheet.WriteString(`</row>`)
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range [][2]string{{"_rels/.rels", rootRels}, {"xl/workbook.xml", `<workbook xmlns:r="r"><sheets><sheet name="甲" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", workbookRels}, {"xl/worksheets/sheet1.xml", sheet.String()}} {
		w, _ := zw.Create(p[0])
		w.Write([]byte(p[1]))
	}
	zw.Close()
	lim := grid.DefaultLimits()
	b.SetBytes(int64(sheet.Len()))
	b.ReportAllocs()
	for b.Loop() {
		if bk, err := Read(buf.Bytes(), lim); err != nil || len(bk.Sheets[0].Rows) != 5000 {
			b.Fatal(err)
		}
	}
}
