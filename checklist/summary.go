package checklist

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// Sheet names and marks of the office's summary workbook (SPEC §6). A
// sheet name cannot hold /, hence 未报、缺报 for the 未报/缺报.
const (
	sheetOverview    = "总体情况"
	sheetSubmissions = "报送情况"
	sheetCoverage    = "覆盖情况"
	sheetMissing     = "未报、缺报"

	markCovered    = "✓"
	markNotCovered = "✗"
)

// summarySubject is what the summary reports on, after the year.
const summarySubject = "党风廉政建设“两个责任”清单报送情况"

// fillLate is the 逾期 status fill: Excel's light orange, between the
// yellow of 需修改 and the green of 按时合格.
const fillLate = "F8CBAD"

// statusNotes define the statuses under the counts of 总体情况, in the
// order of Statuses (README 单位状态 says the same).
var statusNotes = map[string]string{
	StatusOK:      "四种清单报齐（附件3份数不少于名单的班子成员数），没有错误，且在截止日期前报送；可以有警告。",
	StatusLate:    "清单报齐、没有错误，但有文件在截止日期后报送（有收到时间按收到时间，否则按填报日期）。",
	StatusFix:     "清单报齐，但有错误（见“问题清单”），需退回修改。",
	StatusPartial: "只报送了部分清单：缺少某种清单，或附件3份数少于班子成员数（见“未报、缺报”）。",
	StatusNotSent: "没有报送任何清单。",
}

// WriteSummary writes the office's summary workbook of the report to w
// (save it with WriteFileAtomic).
func WriteSummary(w io.Writer, c *Catalog, r *Report) error {
	f, err := NewSummaryWorkbook(c, r)
	return WriteWorkbook(w, f, err)
}

// NewSummaryWorkbook builds the office's summary workbook: 总体情况 (title,
// dates, counts by status per 上级党组织, ready for a 通报), 报送情况 (one row
// per unit), 问题清单 (every finding), 覆盖情况 (unit × item) and, when units
// were checked, 未报、缺报. Without unit checks (files named one by one) the
// files are still grouped by 单位 for the first sheets, without unit
// findings.
func NewSummaryWorkbook(c *Catalog, r *Report) (_ *excelize.File, err error) {
	f := excelize.NewFile()
	defer func() {
		if err != nil {
			f.Close()
		}
	}()
	if err := f.SetDefaultFont(reportFont); err != nil {
		return nil, fmt.Errorf("生成汇总表样式失败：%w", err)
	}
	st, err := newReportStyles(f)
	if err != nil {
		return nil, fmt.Errorf("生成汇总表样式失败：%w", err)
	}
	files := map[string]*FileReport{}
	for i := range r.Files {
		files[r.Files[i].Path] = &r.Files[i]
	}
	units := r.Units
	if len(units) == 0 {
		units, _ = BuildUnits(c, r.Files, UnitOptions{FolderUnits: true})
		for i := range units {
			u := &units[i]
			u.Findings, u.Missing, u.Valid = nil, nil, true
			for _, p := range u.Files {
				u.Valid = u.Valid && (files[p] == nil || !HasErrors(files[p].Findings, false))
			}
		}
	}
	if err := f.SetSheetName("Sheet1", sheetOverview); err != nil {
		return nil, err
	}
	var extra []string
	if r.Roster != nil {
		extra = r.Roster.Extra
	}
	steps := []func() error{
		func() error { return writeOverview(f, st, r, units) },
		func() error { return writeSubmissions(f, st, c, r, units, files, extra) },
		func() error { return writeFindings(f, st, c, units, r.Files) },
		func() error { return writeCoverage(f, st, c, units) },
		func() error { return writeRequirementCoverage(f, st, c, units) },
	}
	if len(r.Units) > 0 {
		steps = append(steps, func() error { return writeMissing(f, st, units, r.Roster != nil, extra) })
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, fmt.Errorf("生成汇总表失败：%w", err)
		}
	}
	f.SetActiveSheet(0)
	return f, nil
}

// cellBorder is the thin grey border of the report styles.
var cellBorder = []excelize.Border{
	{Type: "left", Color: "808080", Style: 1}, {Type: "right", Color: "808080", Style: 1},
	{Type: "top", Color: "808080", Style: 1}, {Type: "bottom", Color: "808080", Style: 1},
}

// overviewRow is one line of the counts of 总体情况.
type overviewRow struct {
	group     string
	expected  int
	submitted int
	byStatus  map[string]int
}

func (o *overviewRow) add(u UnitReport) {
	o.expected++
	if len(u.Files) > 0 {
		o.submitted++
	}
	o.byStatus[u.Status()]++
}

// overviewCounts counts the units expected (the roster's; every unit
// without a roster) per 上级党组织 in order of first appearance, and in total.
func overviewCounts(units []UnitReport, roster bool) (groups []*overviewRow, total *overviewRow) {
	total = &overviewRow{group: "合计", byStatus: map[string]int{}}
	byGroup := map[string]*overviewRow{}
	for _, u := range units {
		if roster && u.Roster == nil {
			continue
		}
		g := byGroup[u.Group]
		if g == nil {
			g = &overviewRow{group: cmp.Or(u.Group, "（未填上级党组织）"), byStatus: map[string]int{}}
			byGroup[u.Group] = g
			groups = append(groups, g)
		}
		g.add(u)
		total.add(u)
	}
	if len(groups) == 1 && !slices.ContainsFunc(units, func(u UnitReport) bool { return u.Group != "" }) {
		groups = nil // no 上级党组织 at all: the total says it
	}
	return groups, total
}

// summaryYear is the year the summary is about: the deadline's, else the
// year most lists are dated, else the check's.
func summaryYear(r *Report) int {
	if !r.Deadline.IsZero() {
		return r.Deadline.Year()
	}
	years := map[int]int{}
	best := 0
	for _, f := range r.Files {
		for _, l := range f.Lists {
			if d, err := time.Parse(time.DateOnly, l.Date); err == nil {
				years[d.Year()]++
				if years[d.Year()] > years[best] {
					best = d.Year()
				}
			}
		}
	}
	if best == 0 && !r.Checked.IsZero() {
		best = r.Checked.Year()
	}
	return best
}

// longDate writes a date as a 通报 does: 2017年2月14日.
func longDate(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}

// overviewText is the paragraph of 总体情况 that goes into a 通报 as is.
func overviewText(units []UnitReport, roster bool, total *overviewRow) string {
	var b strings.Builder
	names := func(status string) string {
		var out []string
		for _, u := range units {
			if u.Status() == status && (!roster || u.Roster != nil) {
				out = append(out, u.Name)
			}
		}
		return strings.Join(out, "、")
	}
	n := total.byStatus
	if roster {
		fmt.Fprintf(&b, "应报 %d 个单位，已报 %d 个，未报 %d 个", total.expected, total.submitted, n[StatusNotSent])
		if n[StatusNotSent] > 0 {
			fmt.Fprintf(&b, "（%s）", names(StatusNotSent))
		}
		b.WriteString("。")
	} else {
		fmt.Fprintf(&b, "共收到 %d 个单位的清单。", total.submitted)
	}
	fmt.Fprintf(&b, "其中按时合格 %d 个，逾期 %d 个，需修改 %d 个，部分未报 %d 个",
		n[StatusOK], n[StatusLate], n[StatusFix], n[StatusPartial])
	if n[StatusPartial] > 0 {
		fmt.Fprintf(&b, "（%s）", names(StatusPartial))
	}
	b.WriteString("。")
	lateToo := 0
	for _, u := range units {
		if u.Late && u.Status() != StatusLate && (!roster || u.Roster != nil) {
			lateToo++
		}
	}
	if lateToo > 0 {
		fmt.Fprintf(&b, "另有 %d 个需修改或部分未报的单位也逾期报送。", lateToo)
	}
	if roster {
		var off []string
		for _, u := range units {
			if u.Roster == nil {
				off = append(off, u.Name)
			}
		}
		if len(off) > 0 {
			fmt.Fprintf(&b, "另收到名单外单位 %d 个（%s），未计入以上统计，请核对单位名称。", len(off), strings.Join(off, "、"))
		}
	}
	return b.String()
}

// writeOverview writes 总体情况: the title, the check date and deadline, the
// paragraph for the 通报, the counts by status per 上级党组织 and in total,
// and what each status means.
func writeOverview(f *excelize.File, st *reportStyles, r *Report, units []UnitReport) error {
	const sheet = sheetOverview
	roster := r.Roster != nil
	groups, total := overviewCounts(units, roster)
	heads := []string{"序号", "上级党组织", "应报单位", "已报单位"}
	if !roster {
		heads[2] = "收到单位"
	}
	heads = append(heads, Statuses...)
	widths := []float64{6, 24, 10, 10, 10, 8, 8, 10, 8}
	lastCol, err := excelize.ColumnNumberToName(len(heads))
	if err != nil {
		return err
	}
	mk := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(s)
		return id
	}
	title := mk(&excelize.Style{Font: &excelize.Font{Family: reportFont, Size: 16, Bold: true}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	plain := mk(&excelize.Style{Font: &excelize.Font{Family: reportFont, Size: 11}, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	bold := mk(&excelize.Style{Font: &excelize.Font{Family: reportFont, Size: 11, Bold: true}, Border: cellBorder, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	if err != nil {
		return err
	}
	t := &table{f: f, sheet: sheet, st: st, head: 5}
	wide := func(row int, text string, style int, lines int) {
		t.str(1, row, text, style)
		if t.err == nil {
			t.err = f.MergeCell(sheet, fmt.Sprintf("A%d", row), fmt.Sprintf("%s%d", lastCol, row))
		}
		if t.err == nil && lines > 1 {
			t.err = f.SetRowHeight(sheet, row, rowHeight*float64(lines)+4)
		}
	}
	year := ""
	if y := summaryYear(r); y > 0 {
		year = fmt.Sprintf("%d年", y)
	}
	wide(1, year+summarySubject, title, 0)
	if t.err == nil {
		t.err = f.SetRowHeight(sheet, 1, 30)
	}
	dates := "报送截止日期：未设定"
	if !r.Deadline.IsZero() {
		dates = "报送截止日期：" + longDate(r.Deadline)
	}
	if !r.Checked.IsZero() {
		dates = "检查日期：" + longDate(r.Checked) + "　　" + dates
	}
	wide(2, dates, plain, 0)
	paragraph := overviewText(units, roster, total)
	var tableWidth float64
	for _, w := range widths {
		tableWidth += w
	}
	wide(3, paragraph, plain, wrappedLines(paragraph, tableWidth))
	t.widths = nil // the merged rows above are sized already
	for i, h := range heads {
		t.str(i+1, t.head, h, st.head)
	}
	for i, w := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if t.err == nil {
			t.err = f.SetColWidth(sheet, col, col, w)
		}
	}
	row := t.head
	line := func(o *overviewRow, seq string, style int) {
		row++
		t.str(1, row, seq, style)
		t.str(2, row, o.group, style)
		t.num(3, row, o.expected, style)
		t.num(4, row, o.submitted, style)
		for i, s := range Statuses {
			t.num(5+i, row, o.byStatus[s], style)
		}
	}
	for i, g := range groups {
		line(g, strconv.Itoa(i+1), st.center)
	}
	line(total, "", bold)
	row++
	for _, s := range Statuses {
		row++
		wide(row, s+"："+statusNotes[s], plain, wrappedLines(s+"："+statusNotes[s], tableWidth))
	}
	if t.err != nil {
		return t.err
	}
	return t.finish(len(heads), row, false)
}

// unitCounts tallies a unit's errors and warnings, its own and its files'.
func unitCounts(u UnitReport, files map[string]*FileReport) (errs, warns int) {
	count := func(fs []Finding) {
		e, w, _ := CountSeverities(fs)
		errs, warns = errs+e, warns+w
	}
	count(u.Findings)
	for _, p := range u.Files {
		if fr := files[p]; fr != nil {
			count(fr.Findings)
		}
	}
	return errs, warns
}

// unitDates are the latest 填报日期 of a unit's lists and the latest
// arrival of its files ("" when none is known).
func unitDates(u UnitReport, files map[string]*FileReport) (dated, received string) {
	var last time.Time
	for _, p := range u.Files {
		fr := files[p]
		if fr == nil {
			continue
		}
		for _, l := range fr.Lists {
			if l.Date > dated {
				dated = l.Date
			}
		}
		if fr.Received.After(last) {
			last = fr.Received
		}
	}
	if !last.IsZero() {
		received = FormatReceived(last)
	}
	return dated, received
}

func writeSubmissions(f *excelize.File, st *reportStyles, c *Catalog, r *Report, units []UnitReport, files map[string]*FileReport, extra []string) error {
	if _, err := f.NewSheet(sheetSubmissions); err != nil {
		return err
	}
	t := &table{f: f, sheet: sheetSubmissions, st: st}
	withReceived := slices.ContainsFunc(r.Files, func(fr FileReport) bool { return !fr.Received.IsZero() })
	withScans := slices.ContainsFunc(r.Files, FileReport.IsScan)
	heads := []string{"序号", "单位", "上级党组织"}
	widths := []float64{6, 28, 18}
	for _, k := range Kinds {
		heads = append(heads, kindHeading(c, k))
		widths = append(widths, 14)
	}
	heads = append(heads, "报送日期\n（填报日期）")
	widths = append(widths, 13)
	if withReceived {
		heads = append(heads, "收到时间")
		widths = append(widths, 18)
	}
	if withScans {
		heads = append(heads, "盖章件")
		widths = append(widths, 14)
	}
	heads = append(heads, "逾期", "错误数", "警告数", "状态")
	widths = append(widths, 6, 8, 8, 10)
	for _, h := range extra {
		heads = append(heads, h)
		widths = append(widths, 16)
	}
	if err := t.start(heads, widths, 2); err != nil {
		return err
	}
	styles, err := statusStyles(f, st)
	if err != nil {
		return err
	}
	for i, u := range units {
		row := i + 2
		status := u.Status()
		errs, warns := unitCounts(u, files)
		t.num(1, row, i+1, st.center)
		t.str(2, row, u.Name, st.body)
		t.str(3, row, unitGroup(u, r.Roster != nil), st.body)
		for ki, k := range Kinds {
			mark, style := markNotCovered, st.red
			if n := u.Lists[k]; n > 0 {
				mark, style = markCovered+" "+strconv.Itoa(n), st.center
			}
			t.str(4+ki, row, mark, style)
		}
		col := 4 + len(Kinds)
		dated, received := unitDates(u, files)
		t.str(col, row, dated, st.center)
		if withReceived {
			col++
			t.str(col, row, received, st.center)
		}
		if withScans {
			col++
			t.str(col, row, scanMark(u), st.center)
		}
		late := ""
		if u.Late {
			late = "是"
		}
		t.str(col+1, row, late, st.center)
		t.num(col+2, row, errs, st.center)
		t.num(col+3, row, warns, st.center)
		t.str(col+4, row, status, styles[status])
		writeExtra(t, col+5, row, u, len(extra))
	}
	return t.finish(len(heads), len(units)+1, true)
}

// scanMark is a unit's 盖章件 cell in 报送情况.
func scanMark(u UnitReport) string {
	if len(u.Scans) > 0 {
		return "盖章件已收到"
	}
	return ""
}

// unitGroup is the 上级党组织 shown for a unit: （名单外） for a unit not on
// the roster.
func unitGroup(u UnitReport, roster bool) string {
	if roster && u.Roster == nil {
		return "（名单外）"
	}
	return u.Group
}

// writeExtra writes a roster unit's carried columns from col on.
func writeExtra(t *table, col, row int, u UnitReport, n int) {
	for i := range n {
		v := ""
		if u.Roster != nil && i < len(u.Roster.Extra) {
			v = u.Roster.Extra[i]
		}
		t.str(col+i, row, v, t.st.body)
	}
}

// statusStyles are the fills of each status.
func statusStyles(f *excelize.File, st *reportStyles) (map[string]int, error) {
	late, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Family: reportFont, Size: 11},
		Border:    cellBorder,
		Fill:      solidFill(fillLate),
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
	})
	return map[string]int{StatusOK: st.green, StatusLate: late, StatusFix: st.yellow, StatusPartial: st.red, StatusNotSent: st.red}, err
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
	heads := []string{"序号", "单位", "文件", "工作表", "单元格", "级别", "事项", "问题", "说明", "代码"}
	if err := t.start(heads, []float64{6, 20, 36, 14, 8, 6, 16, 16, 60, 14}, 1); err != nil {
		return err
	}
	// The code is for looking up the README, so it stays small and last.
	small, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Family: reportFont, Size: 8, Color: "595959"},
		Border:    cellBorder,
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	})
	if err != nil {
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
		t.str(6, row, SeverityName(x.Severity), sev)
		t.str(7, row, entryLabel(c, x.Item), st.body)
		t.str(8, row, c.CodeName(x.Code), st.body)
		t.str(9, row, x.Message, st.body)
		t.str(10, row, x.Code, small)
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

// writeMissing lists every unit that lacks any list: 未报 and 部分未报, with
// what is missing and the roster's carried columns (联系人, 电话…) to chase
// them with.
func writeMissing(f *excelize.File, st *reportStyles, units []UnitReport, roster bool, extra []string) error {
	if _, err := f.NewSheet(sheetMissing); err != nil {
		return err
	}
	t := &table{f: f, sheet: sheetMissing, st: st}
	heads := []string{"序号", "单位名称", "上级党组织", "状态", "缺报内容"}
	widths := []float64{6, 30, 20, 10, 40}
	for _, h := range extra {
		heads = append(heads, h)
		widths = append(widths, 16)
	}
	if err := t.start(heads, widths, 2); err != nil {
		return err
	}
	row := 1
	for _, u := range units {
		status := u.Status()
		if status != StatusNotSent && status != StatusPartial {
			continue
		}
		row++
		what := "未报送任何清单"
		if status == StatusPartial {
			what = strings.Join(u.Missing, "；")
		}
		t.num(1, row, row-1, st.center)
		t.str(2, row, u.Name, st.body)
		t.str(3, row, unitGroup(u, roster), st.body)
		t.str(4, row, status, st.center)
		t.str(5, row, what, st.body)
		writeExtra(t, 6, row, u, len(extra))
	}
	return t.finish(len(heads), row, true)
}
