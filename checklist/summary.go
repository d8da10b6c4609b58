package checklist

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"
)

// Sheet names and statuses of the office's summary workbook (SPEC §6).
const (
	sheetSubmissions = "报送情况"
	sheetFindings    = "问题清单"
	sheetCoverage    = "覆盖情况"
	sheetMissing     = "未报送"

	StatusOK       = "合格"
	StatusFix      = "需修改"
	StatusNotSent  = "未报送"
	markCovered    = "✓"
	markNotCovered = "✗"
	reportFont     = "宋体"
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

// WriteSummary writes the office's summary workbook: 报送情况 (one row per
// unit), 问题清单 (every finding), 覆盖情况 (unit × item) and, with a
// roster, 未报送. Without unit checks (files named one by one) the files are
// still grouped by 单位 for the first sheets, without unit findings. It
// never overwrites an existing file unless force.
func WriteSummary(c *Catalog, r *Report, path string, force bool) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetDefaultFont(reportFont); err != nil {
		return fmt.Errorf("生成汇总表样式失败：%w", err)
	}
	st, err := newReportStyles(f)
	if err != nil {
		return fmt.Errorf("生成汇总表样式失败：%w", err)
	}
	units := r.Units
	if len(units) == 0 {
		units, _ = BuildUnits(c, r.Files, UnitOptions{FolderUnits: true})
		for i := range units {
			units[i].Findings = nil
		}
	}
	files := map[string]*FileReport{}
	for i := range r.Files {
		files[r.Files[i].Path] = &r.Files[i]
	}
	if err := f.SetSheetName("Sheet1", sheetSubmissions); err != nil {
		return err
	}
	steps := []func() error{
		func() error { return writeSubmissions(f, st, c, units, files) },
		func() error { return writeFindings(f, st, c, units, r.Files) },
		func() error { return writeCoverage(f, st, c, units) },
		func() error { return writeRequirementCoverage(f, st, c, units) },
	}
	if r.Roster != nil {
		steps = append(steps, func() error { return writeMissing(f, st, units) })
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("生成汇总表 %s 失败：%w", path, err)
		}
	}
	f.SetActiveSheet(0)
	return SaveWorkbook(f, path, force)
}

// unitStatus is the 状态 of a unit and its errors and warnings, its own
// and those of its files.
func unitStatus(u UnitReport, files map[string]*FileReport) (status string, errs, warns int) {
	count := func(fs []Finding) {
		e, w, _ := CountSeverities(fs)
		errs, warns = errs+e, warns+w
	}
	count(u.Findings)
	valid := !HasErrors(u.Findings, false)
	for _, p := range u.Files {
		if fr := files[p]; fr != nil {
			count(fr.Findings)
			valid = valid && !HasErrors(fr.Findings, false)
		}
	}
	u.Valid = valid
	return u.Status(), errs, warns
}

func writeSubmissions(f *excelize.File, st *reportStyles, c *Catalog, units []UnitReport, files map[string]*FileReport) error {
	t := &table{f: f, sheet: sheetSubmissions, st: st}
	heads := []string{"序号", "单位", "上级党组织"}
	widths := []float64{6, 28, 18}
	for _, k := range Kinds {
		heads = append(heads, kindHeading(c, k))
		widths = append(widths, 14)
	}
	heads = append(heads, "错误数", "警告数", "状态")
	widths = append(widths, 8, 8, 10)
	if err := t.start(heads, widths, 1); err != nil {
		return err
	}
	statusStyle := map[string]int{StatusOK: st.green, StatusFix: st.yellow, StatusNotSent: st.red}
	for i, u := range units {
		row := i + 2
		status, errs, warns := unitStatus(u, files)
		t.num(1, row, i+1, st.center)
		t.str(2, row, u.Name, st.body)
		t.str(3, row, u.Group, st.body)
		for ki, k := range Kinds {
			mark, style := markNotCovered, st.red
			if n := u.Lists[k]; n > 0 {
				mark, style = markCovered+" "+strconv.Itoa(n), st.center
			}
			t.str(4+ki, row, mark, style)
		}
		col := 4 + len(Kinds)
		t.num(col, row, errs, st.center)
		t.num(col+1, row, warns, st.center)
		t.str(col+2, row, status, statusStyle[status])
	}
	return t.finish(len(heads), len(units)+1, true)
}

// kindHeading is a column heading for a kind: 附件3 班子成员责任清单.
func kindHeading(c *Catalog, k Kind) string {
	if s := c.Kind(k); s != nil {
		return fmt.Sprintf("附件%d\n%s", s.Attachment, s.Title)
	}
	return string(k)
}

func writeFindings(f *excelize.File, st *reportStyles, c *Catalog, units []UnitReport, all []FileReport) error {
	if _, err := f.NewSheet(sheetFindings); err != nil {
		return err
	}
	t := &table{f: f, sheet: sheetFindings, st: st}
	heads := []string{"序号", "单位", "文件", "工作表", "单元格", "代码", "级别", "事项", "说明"}
	if err := t.start(heads, []float64{6, 20, 36, 14, 8, 18, 6, 16, 60}, 1); err != nil {
		return err
	}
	row := 1
	add := func(unit, file string, x Finding) {
		row++
		sev := map[Severity]int{Error: st.red, Warning: st.yellow}[x.Severity]
		if sev == 0 {
			sev = st.center
		}
		t.num(1, row, row-1, st.center)
		t.str(2, row, unit, st.body)
		t.str(3, row, file, st.body)
		t.str(4, row, x.Sheet, st.body)
		t.str(5, row, x.Cell, st.center)
		t.str(6, row, x.Code, st.body)
		t.str(7, row, SeverityName(x.Severity), sev)
		t.str(8, row, entryLabel(c, x.Item), st.body)
		t.str(9, row, x.Message, st.body)
	}
	byPath := map[string]*FileReport{}
	for i := range all {
		byPath[all[i].Path] = &all[i]
	}
	listed := map[string]bool{}
	for _, u := range units {
		for _, x := range u.Findings {
			add(u.Name, x.File, x)
		}
		for _, p := range u.Files {
			if fr := byPath[p]; fr != nil && !listed[p] {
				listed[p] = true
				for _, x := range fr.Findings {
					add(u.Name, p, x)
				}
			}
		}
	}
	for _, fr := range all {
		if listed[fr.Path] {
			continue
		}
		unit := ""
		if len(fr.Lists) > 0 {
			unit = fr.Lists[0].Unit
		}
		for _, x := range fr.Findings {
			add(unit, fr.Path, x)
		}
	}
	return t.finish(len(heads), row, true)
}

// entryLabel shows a catalog id with its name: "3 选好用好干部".
func entryLabel(c *Catalog, id string) string {
	if e := c.Entry(id); e != nil {
		return e.ID + " " + e.Name
	}
	return id
}

func writeCoverage(f *excelize.File, st *reportStyles, c *Catalog, units []UnitReport) error {
	if _, err := f.NewSheet(sheetCoverage); err != nil {
		return err
	}
	t := &table{f: f, sheet: sheetCoverage, st: st}
	entries := c.Entries()
	heads := []string{"单位", "上级党组织"}
	widths := []float64{24, 14}
	for _, e := range entries {
		heads = append(heads, e.ID+"\n"+e.Name)
		widths = append(widths, 5.5)
	}
	heads = append(heads, "覆盖")
	widths = append(widths, 8)
	if err := t.start(heads, widths, 2); err != nil {
		return err
	}
	row := 1
	for _, u := range units {
		if len(u.Files) == 0 {
			continue
		}
		row++
		covered := map[string]bool{}
		for _, id := range u.Covered {
			covered[id] = true
		}
		t.str(1, row, u.Name, st.body)
		t.str(2, row, u.Group, st.body)
		for i, e := range entries {
			if covered[e.ID] {
				t.str(3+i, row, markCovered, st.center)
			} else {
				t.blank(3+i, row, st.red)
			}
		}
		t.str(3+len(entries), row, fmt.Sprintf("%d/%d", len(u.Covered), len(entries)), st.center)
	}
	return t.finish(len(heads), row, false)
}

func writeMissing(f *excelize.File, st *reportStyles, units []UnitReport) error {
	if _, err := f.NewSheet(sheetMissing); err != nil {
		return err
	}
	t := &table{f: f, sheet: sheetMissing, st: st}
	heads := []string{"序号", "单位名称", "上级党组织"}
	if err := t.start(heads, []float64{6, 36, 24}, 1); err != nil {
		return err
	}
	row := 1
	for _, u := range units {
		if len(u.Files) > 0 {
			continue
		}
		row++
		t.num(1, row, row-1, st.center)
		t.str(2, row, u.Name, st.body)
		t.str(3, row, u.Group, st.body)
	}
	return t.finish(len(heads), row, false)
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
