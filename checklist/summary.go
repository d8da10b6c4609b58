package checklist

import (
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// Sheet names and marks of the office's summary workbook (SPEC §6).
const (
	sheetSubmissions = "报送情况"
	sheetCoverage    = "覆盖情况"
	sheetMissing     = "未报送"

	markCovered    = "✓"
	markNotCovered = "✗"
)

// WriteSummary writes the office's summary workbook of the report to w
// (save it with WriteFileAtomic).
func WriteSummary(w io.Writer, c *Catalog, r *Report) error {
	f, err := NewSummaryWorkbook(c, r)
	return WriteWorkbook(w, f, err)
}

// NewSummaryWorkbook builds the office's summary workbook: 报送情况 (one
// row per unit), 问题清单 (every finding), 覆盖情况 (unit × item) and, with
// a roster, 未报送. Without unit checks (files named one by one) the files
// are still grouped by 单位 for the first sheets, without unit findings.
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
		return nil, err
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
			return nil, fmt.Errorf("生成汇总表失败：%w", err)
		}
	}
	f.SetActiveSheet(0)
	return f, nil
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
