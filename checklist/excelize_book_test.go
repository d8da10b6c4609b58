package checklist

import (
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"qingdan/internal/grid"
)

// bookFromExcelize builds the book of an open workbook with excelize's own
// reading (raw values, merged cells, visibility, date system, custom
// properties): an independent reader to check the xlsx reader against.
func bookFromExcelize(t testing.TB, f *excelize.File) *grid.Book {
	t.Helper()
	b := &grid.Book{Format: "xlsx", Properties: map[string]string{}}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		b.Date1904 = *props.Date1904
	}
	if props, err := f.GetCustomProps(); err == nil {
		for _, p := range props {
			if v, ok := p.Value.(string); ok {
				b.Properties[p.Name] = v
			}
		}
	}
	lim := grid.DefaultLimits()
	for _, name := range f.GetSheetList() {
		visible, err := f.GetSheetVisible(name)
		s := &grid.Sheet{Name: name, Hidden: err != nil || !visible}
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil
		}
		for i, cells := range rows {
			r := grid.Row{Num: i + 1}
			for j, v := range cells {
				if v == "" || j >= lim.MaxColumns {
					continue
				}
				if len(v) > lim.MaxCellBytes {
					v = strings.ToValidUTF8(v[:lim.MaxCellBytes], "")
					s.Truncated = append(s.Truncated, grid.Pos{Sheet: name, Row: i + 1, Col: j + 1})
				}
				r.Cells = append(r.Cells, grid.Cell{Col: j + 1, Type: grid.Text, Value: v})
			}
			if len(r.Cells) > 0 {
				s.Rows = append(s.Rows, r)
			}
		}
		if len(s.Rows) > lim.MaxRows {
			s.Rows, s.Err = nil, grid.SheetTooLarge(lim.MaxRows)
			s.Err.Sheet = name
		}
		merged, err := f.GetMergeCells(name, true)
		if err != nil {
			return nil
		}
		for _, m := range merged {
			l, tp, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
			rr, bt, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
			if err1 == nil && err2 == nil {
				s.Merges = append(s.Merges, grid.Range{Top: tp, Left: l, Bottom: bt, Right: rr})
			}
		}
		b.Sheets = append(b.Sheets, s)
	}
	return b
}

// cellName is the A1 reference of a 1-based column and row, "" when either
// is unknown (0) or out of the sheet.
func cellName(col, row int) string {
	if col <= 0 || row <= 0 {
		return ""
	}
	return grid.CellName(col, row)
}
