package checklist

import (
	"time"

	"github.com/xuri/excelize/v2"
)

// CellStyle names a style of ReportTable's cells.
type CellStyle int

// The cell styles of a report table.
const (
	StyleBody   CellStyle = iota // bordered, left, wrapped
	StyleCenter                  // bordered, centred
	StyleDate                    // bordered, centred, yyyy-mm-dd
	StyleGreen                   // centred on Excel's light green
	StyleYellow
	StyleRed
)

// ReportTable writes one sheet the way the summary workbook does (宋体,
// bordered cells, grey headings, A4 landscape fitted to the width, heading
// rows repeated on every page), for the workbooks other packages write:
// the ledgers and their summary. With a title, the title takes row 1 and
// the headings row 2. Like table, it keeps the first error for Finish.
type ReportTable struct {
	t      table
	styles map[CellStyle]int
	title  int
}

// NewReportTable starts a sheet (which must exist) with its title ("" for
// none), headings and column widths; frozenCols columns stay in view.
func NewReportTable(f *excelize.File, sheet, title string, heads []string, widths []float64, frozenCols int) (*ReportTable, error) {
	st, err := newReportStyles(f)
	if err != nil {
		return nil, err
	}
	rt := &ReportTable{t: table{f: f, sheet: sheet, st: st}}
	rt.styles = map[CellStyle]int{StyleBody: st.body, StyleCenter: st.center, StyleGreen: st.green, StyleYellow: st.yellow, StyleRed: st.red}
	if rt.styles[StyleDate], err = derivedStyle(f, st.center, func(s *excelize.Style) { s.NumFmt = 14; s.CustomNumFmt = ptr("yyyy-mm-dd") }); err != nil {
		return nil, err
	}
	if title != "" {
		rt.t.head = 2
		if rt.title, err = derivedStyle(f, st.head, func(s *excelize.Style) {
			s.Font.Size, s.Border, s.Fill = 14, nil, excelize.Fill{}
		}); err != nil {
			return nil, err
		}
		last, err := excelize.CoordinatesToCellName(len(heads), 1)
		if err != nil {
			return nil, err
		}
		if err := f.SetCellStr(sheet, "A1", title); err != nil {
			return nil, err
		}
		if err := f.MergeCell(sheet, "A1", last); err != nil {
			return nil, err
		}
		if err := f.SetCellStyle(sheet, "A1", last, rt.title); err != nil {
			return nil, err
		}
		if err := f.SetRowHeight(sheet, 1, 28); err != nil {
			return nil, err
		}
	}
	return rt, rt.t.start(heads, widths, frozenCols)
}

func ptr[T any](v T) *T { return &v }

// derivedStyle is style id with change applied, as a new style.
func derivedStyle(f *excelize.File, id int, change func(*excelize.Style)) (int, error) {
	s, err := f.GetStyle(id)
	if err != nil {
		return 0, err
	}
	change(s)
	return f.NewStyle(s)
}

// HeadRow is the row of the headings: 1, or 2 under a title.
func (rt *ReportTable) HeadRow() int { return rt.t.headRow() }

// Text writes text as text (never a formula).
func (rt *ReportTable) Text(col, row int, s string, style CellStyle) {
	rt.t.str(col, row, s, rt.styles[style])
}

// Int writes a whole number.
func (rt *ReportTable) Int(col, row, n int, style CellStyle) { rt.t.num(col, row, n, rt.styles[style]) }

// Date writes a date cell (a serial number shown as yyyy-mm-dd).
func (rt *ReportTable) Date(col, row int, d time.Time) {
	rt.t.cell(col, row, rt.styles[StyleDate], func(ref string) error { return rt.t.f.SetCellValue(rt.t.sheet, ref, d) })
}

// Formula writes a formula with its cached result.
func (rt *ReportTable) Formula(col, row int, formula, cached string, style CellStyle) {
	rt.t.cell(col, row, rt.styles[style], func(ref string) error {
		if err := rt.t.f.SetCellStr(rt.t.sheet, ref, cached); err != nil {
			return err
		}
		return rt.t.f.SetCellFormula(rt.t.sheet, ref, formula)
	})
}

// Blank styles an empty cell, for the clerk to fill.
func (rt *ReportTable) Blank(col, row int, style CellStyle) { rt.t.blank(col, row, rt.styles[style]) }

// Finish sets row heights, the autofilter (when asked) and the print setup.
func (rt *ReportTable) Finish(cols, lastRow int, filter bool) error {
	return rt.t.finish(cols, lastRow, filter)
}
