package checklist

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"
)

// The summary workbook and the annotated copies share this file: the
// 问题清单 sheet name, the 宋体 cell styles and the table writer.
const (
	sheetFindings = "问题清单"
	reportFont    = "宋体"
)

// Fill colours: Excel's own light green, yellow and red.
const (
	fillGreen  = "C6EFCE"
	fillYellow = "FFEB9C"
	fillRed    = "FFC7CE"
	fillHead   = "D9D9D9"
)

// Row heights in points: one line of 11-point 宋体, and Excel's maximum.
const (
	rowHeight    = 14.5
	maxRowHeight = 409
)

// entryLabel shows a catalog id with its name: "3 选好用好干部".
func entryLabel(c *Catalog, id string) string {
	if e := c.Entry(id); e != nil {
		return e.ID + " " + e.Name
	}
	return id
}

// solidFill is a plain cell background.
func solidFill(color string) excelize.Fill {
	return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
}

// reportStyles are the cell styles of a report workbook, all in 宋体.
type reportStyles struct {
	head, body, center int
	green, yellow, red int // centred, for status and marks
}

func newReportStyles(f *excelize.File) (*reportStyles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "808080", Style: 1}, {Type: "right", Color: "808080", Style: 1},
		{Type: "top", Color: "808080", Style: 1}, {Type: "bottom", Color: "808080", Style: 1},
	}
	font := func(bold bool, size float64) *excelize.Font {
		return &excelize.Font{Family: reportFont, Size: size, Bold: bold}
	}
	left := &excelize.Alignment{Vertical: "center", WrapText: true}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	var err error
	mk := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(s)
		return id
	}
	st := &reportStyles{
		head:   mk(&excelize.Style{Font: font(true, 11), Border: border, Fill: solidFill(fillHead), Alignment: center}),
		body:   mk(&excelize.Style{Font: font(false, 11), Border: border, Alignment: left}),
		center: mk(&excelize.Style{Font: font(false, 11), Border: border, Alignment: center}),
		green:  mk(&excelize.Style{Font: font(false, 11), Border: border, Fill: solidFill(fillGreen), Alignment: center}),
		yellow: mk(&excelize.Style{Font: font(false, 11), Border: border, Fill: solidFill(fillYellow), Alignment: center}),
		red:    mk(&excelize.Style{Font: font(false, 11), Border: border, Fill: solidFill(fillRed), Alignment: center}),
	}
	return st, err
}

// table writes one sheet: a heading row, rows of cells, then freezing,
// filter and print setup. The first write error is kept and returned by
// finish, so the row code stays readable.
type table struct {
	f     *excelize.File
	sheet string
	st    *reportStyles
	head  int // row of the headings; 0 means row 1
	err   error
	// widths and lines estimate row heights: spreadsheet programs do not
	// grow a row for wrapped text written by another program.
	widths []float64
	lines  map[int]int
}

func (t *table) headRow() int { return max(t.head, 1) }

// start writes the heading row and the column widths; frozenCols columns
// stay visible when scrolling right.
func (t *table) start(heads []string, widths []float64, frozenCols int) error {
	t.widths = widths
	for i, h := range heads {
		t.str(i+1, t.headRow(), h, t.st.head)
	}
	for i, w := range widths {
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		if err := t.f.SetColWidth(t.sheet, col, col, w); err != nil {
			return err
		}
	}
	top, err := excelize.CoordinatesToCellName(frozenCols+1, t.headRow()+1)
	if err != nil {
		return err
	}
	pane := "bottomRight"
	if frozenCols == 0 {
		pane = "bottomLeft"
	}
	if err := t.f.SetPanes(t.sheet, &excelize.Panes{Freeze: true, XSplit: frozenCols, YSplit: t.headRow(), TopLeftCell: top, ActivePane: pane}); err != nil {
		return err
	}
	return t.err
}

// str writes text as text: a value from a submission that starts with =
// is never a formula.
func (t *table) str(col, row int, s string, style int) {
	t.cell(col, row, style, func(ref string) error { return t.f.SetCellStr(t.sheet, ref, s) })
	if col <= len(t.widths) {
		if t.lines == nil {
			t.lines = map[int]int{}
		}
		t.lines[row] = max(t.lines[row], wrappedLines(s, t.widths[col-1]))
	}
}

// wrappedLines estimates how many lines s takes in a column of that width
// (in characters; a CJK character counts two).
func wrappedLines(s string, colWidth float64) int {
	perLine := max(int(colWidth)-1, 1)
	n := 0
	for _, line := range strings.Split(s, "\n") {
		w := 0
		for _, r := range line {
			switch width.LookupRune(r).Kind() {
			case width.EastAsianWide, width.EastAsianFullwidth:
				w += 2
			default:
				w++
			}
		}
		n += max(1, (w+perLine-1)/perLine)
	}
	return n
}

func (t *table) num(col, row, n int, style int) {
	t.cell(col, row, style, func(ref string) error { return t.f.SetCellInt(t.sheet, ref, int64(n)) })
}

func (t *table) blank(col, row int, style int) {
	t.cell(col, row, style, func(string) error { return nil })
}

func (t *table) cell(col, row, style int, set func(ref string) error) {
	if t.err != nil {
		return
	}
	ref, err := excelize.CoordinatesToCellName(col, row)
	if err == nil {
		err = set(ref)
	}
	if err == nil {
		err = t.f.SetCellStyle(t.sheet, ref, ref, style)
	}
	t.err = err
}

// finish adds the autofilter (when asked) and the print setup: A4
// landscape, fitted to the page width, heading row on every page.
func (t *table) finish(cols, lastRow int, filter bool) error {
	if t.err != nil {
		return t.err
	}
	for row, n := range t.lines {
		if n > 1 {
			if err := t.f.SetRowHeight(t.sheet, row, min(rowHeight*float64(n), maxRowHeight)); err != nil {
				return err
			}
		}
	}
	if filter {
		from, err := excelize.CoordinatesToCellName(1, t.headRow())
		if err != nil {
			return err
		}
		to, err := excelize.CoordinatesToCellName(cols, max(lastRow, t.headRow()+1))
		if err != nil {
			return err
		}
		if err := t.f.AutoFilter(t.sheet, from+":"+to, nil); err != nil {
			return err
		}
	}
	size, orient, wide, tall := 9, "landscape", 1, 0
	if err := t.f.SetPageLayout(t.sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &wide, FitToHeight: &tall}); err != nil {
		return err
	}
	fit := true
	if err := t.f.SetSheetProps(t.sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	return t.f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: fmt.Sprintf("'%s'!$1:$%d", strings.ReplaceAll(t.sheet, "'", "''"), t.headRow()),
		Scope:    t.sheet,
	})
}

// WriteWorkbook writes a workbook just built to w and closes it; err is
// the builder's, passed on untouched.
func WriteWorkbook(w io.Writer, f *excelize.File, err error) error {
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Write(w)
}
