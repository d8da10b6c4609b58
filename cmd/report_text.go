package cmd

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/jedib0t/go-pretty/v6/table"
	"github.com/jedib0t/go-pretty/v6/text"

	"qingdan/checklist"
)

// validateTextOptions shape the Chinese text report of `qingdan validate`.
type validateTextOptions struct {
	Color bool // red errors, yellow warnings: only on a terminal
	Quiet bool // only files with errors or warnings, without infos, and the summary
	Width int  // the terminal's width the tables fit; 0 for defaultWidth
}

// indent is how far the tables of findings stand in from their heading.
const indent = "    "

// writeValidateText writes the report grouped by file, then by list, one
// table of findings per list, and a summary line.
func writeValidateText(w io.Writer, c *checklist.Catalog, r *checklist.Report, o validateTextOptions) error {
	for _, f := range r.Files {
		if err := writeFileSection(w, c, f, o); err != nil {
			return err
		}
	}
	return writeValidateTail(w, c, r, o)
}

// writeFileSection writes one file's part of the text report, which a run
// streams as each file's result arrives (in path order).
func writeFileSection(w io.Writer, c *checklist.Catalog, f checklist.FileReport, o validateTextOptions) error {
	var b strings.Builder
	writeFileText(&b, c, f, o)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeValidateTail writes what follows the files: the units, the roster
// and the summary line.
func writeValidateTail(w io.Writer, c *checklist.Catalog, r *checklist.Report, o validateTextOptions) error {
	var b strings.Builder
	writeUnitsText(&b, c, r.Units, o)
	if rr := r.Roster; rr != nil {
		fmt.Fprintf(&b, "报送名单：应报 %d 个单位，已报 %d 个，", rr.Expected, rr.Submitted)
		if len(rr.Missing) == 0 {
			b.WriteString("全部已报送\n")
		} else {
			fmt.Fprintf(&b, "未报 %d 个：%s\n", len(rr.Missing), termLine(strings.Join(rr.Missing, "、")))
		}
	}
	s := r.Stats
	units := ""
	if s.Units > 0 {
		units = fmt.Sprintf("、%d 个单位", s.Units)
	}
	fmt.Fprintf(&b, "共检查 %d 个文件、%d 份清单%s：错误 %d 个，警告 %d 个，提示 %d 个（耗时 %.1f 秒）\n",
		s.Files, s.Lists, units, s.Errors, s.Warnings, s.Infos, s.Seconds)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeUnitsText writes one table of the units (each kind ✓/✗ with its
// count, the coverage of each category, the status), then each unit's own
// findings. Quiet leaves out the units that passed.
func writeUnitsText(b *strings.Builder, c *checklist.Catalog, units []checklist.UnitReport, o validateTextOptions) {
	var shown []checklist.UnitReport
	for _, u := range units {
		if !o.Quiet || u.Status() != checklist.StatusOK || checklist.HasErrors(u.Findings, true) {
			shown = append(shown, u)
		}
	}
	if len(shown) == 0 {
		return
	}
	grouped := slices.ContainsFunc(shown, func(u checklist.UnitReport) bool { return u.Group != "" })
	t := newTable()
	head := table.Row{"单位"}
	if grouped {
		head = append(head, "上级党组织")
	}
	for _, k := range checklist.Kinds {
		label := string(k)
		if spec := c.Kind(k); spec != nil {
			label = fmt.Sprintf("附件%d", spec.Attachment)
		}
		head = append(head, label)
	}
	var bands []string
	for _, cc := range checklist.UnitCoverage(c, checklist.UnitReport{}) {
		bands = append(bands, cc.Name)
	}
	head = append(head, "覆盖事项", "状态")
	t.AppendHeader(head)
	for _, u := range shown {
		row := table.Row{termCell(u.Name)}
		if grouped {
			row = append(row, termCell(u.Group))
		}
		for _, k := range checklist.Kinds {
			if n := u.Lists[k]; n > 0 {
				row = append(row, fmt.Sprintf("%s %d", paint("✓", text.FgGreen, o), n))
			} else {
				row = append(row, paint("✗", text.FgRed, o))
			}
		}
		var cover []string
		for _, cc := range checklist.UnitCoverage(c, u) {
			cover = append(cover, fmt.Sprintf("%d/%d", cc.Covered, cc.Total))
		}
		status := u.Status()
		color := text.FgRed
		if status == checklist.StatusOK {
			color = text.FgGreen
		}
		row = append(row, strings.Join(cover, " "), paint(status, color, o))
		t.AppendRow(row)
	}
	fmt.Fprintf(b, "单位报送情况（%d 个单位；覆盖事项依次为：%s）：\n", len(units), strings.Join(bands, "、"))
	for _, line := range strings.Split(t.Render(), "\n") {
		b.WriteString("    ")
		b.WriteString(line)
		b.WriteByte('\n')
	}
	for _, u := range shown {
		fs := u.Findings
		if o.Quiet {
			fs = slices.DeleteFunc(slices.Clone(fs), func(f checklist.Finding) bool { return f.Severity == checklist.Info })
		}
		if len(fs) == 0 {
			continue
		}
		fmt.Fprintf(b, "单位 %s：\n", termLine(u.Name))
		b.WriteString(findingsTable(fs, o, true))
	}
}

func writeFileText(b *strings.Builder, c *checklist.Catalog, f checklist.FileReport, o validateTextOptions) {
	if o.Quiet && !checklist.HasErrors(f.Findings, true) {
		return
	}
	if len(f.Findings) == 0 {
		fmt.Fprintf(b, "%s %s：通过\n", paint("✓", text.FgGreen, o), termLine(f.Path))
		return
	}
	// A 评分表 is neither passed nor failed here: its scorecard-skipped notes say so in one line.
	if f.ScorecardOnly() {
		fmt.Fprintf(b, "– %s：评分表，已跳过（请用 qingdan score 计分）\n", termLine(f.Path))
		return
	}
	e, wn, in := checklist.CountSeverities(f.Findings)
	mark, verdict := paint("✓", text.FgGreen, o), "通过"
	if !f.Valid {
		mark, verdict = paint("✗", text.FgRed, o), "未通过"
	}
	fmt.Fprintf(b, "%s %s：%s（错误 %d 个，警告 %d 个，提示 %d 个）\n", mark, termLine(f.Path), verdict, e, wn, in)
	// A finding goes under its list; a reader's finding on a sheet under the
	// sheet's first list (a sheet may hold several lists).
	byList := make([][]checklist.Finding, len(f.Lists))
	firstOnSheet := map[string]int{}
	for i, l := range f.Lists {
		if _, seen := firstOnSheet[l.Sheet]; !seen {
			firstOnSheet[l.Sheet] = i
		}
	}
	var fileLevel []checklist.Finding
	for _, fd := range f.Findings {
		if o.Quiet && fd.Severity == checklist.Info {
			continue
		}
		if fd.List > 0 && fd.List <= len(f.Lists) {
			byList[fd.List-1] = append(byList[fd.List-1], fd)
			continue
		}
		if i, ok := firstOnSheet[fd.Sheet]; ok && fd.Sheet != "" {
			byList[i] = append(byList[i], fd)
			continue
		}
		fileLevel = append(fileLevel, fd)
	}
	for _, fd := range fileLevel {
		where := ""
		if fd.Sheet != "" {
			where = "（工作表 " + termLine(fd.Sheet) + "）"
		}
		fmt.Fprintf(b, "  %s %s%s：%s\n", paint(checklist.SeverityName(fd.Severity), severityColor(fd.Severity), o), fd.Code, where, termLine(fd.Message))
	}
	for i, l := range f.Lists {
		fs := byList[i]
		if o.Quiet && !checklist.HasErrors(fs, true) {
			continue
		}
		fmt.Fprintf(b, "  %s（工作表 %s）\n", termLine(listHeading(c, l)), termLine(l.Sheet))
		if len(fs) == 0 {
			b.WriteString("    通过\n")
			continue
		}
		b.WriteString(findingsTable(fs, o, false))
	}
}

// listHeading names a list: 附件3 班子成员责任清单 · 示例学校 · 张三.
func listHeading(c *checklist.Catalog, l checklist.ListReport) string {
	parts := []string{string(l.Kind)}
	if spec := c.Kind(l.Kind); spec != nil {
		parts[0] = fmt.Sprintf("附件%d %s", spec.Attachment, spec.Title)
	}
	unit := l.Unit
	if unit == "" {
		unit = "（未填单位）"
	}
	parts = append(parts, unit)
	if l.Person != "" {
		parts = append(parts, l.Person)
	}
	return strings.Join(parts, " · ")
}

// findingsTable renders findings as a table indented under its heading,
// CJK text lined up by East Asian width. A unit's findings name a file
// instead of a cell, when any of them has one.
func findingsTable(fs []checklist.Finding, o validateTextOptions, unit bool) string {
	t := newTable()
	withFile := slices.ContainsFunc(fs, func(f checklist.Finding) bool { return f.File != "" })
	var header table.Row
	switch {
	case unit && withFile:
		header = table.Row{"级别", "文件", "代码", "说明"}
	case unit:
		header = table.Row{"级别", "代码", "说明"}
	default:
		header = table.Row{"级别", "单元格", "事项", "代码", "说明"}
	}
	var rows []table.Row
	for _, f := range fs {
		level := paint(checklist.SeverityName(f.Severity), severityColor(f.Severity), o)
		switch {
		case unit && withFile:
			rows = append(rows, table.Row{level, termCell(f.File), f.Code, termCell(f.Message)})
		case unit:
			rows = append(rows, table.Row{level, f.Code, termCell(f.Message)})
		default:
			rows = append(rows, table.Row{level, termCell(f.Cell), f.Item, f.Code, termCell(f.Message)})
		}
	}
	width := o.Width
	if width == 0 {
		width = defaultWidth
	}
	last := len(header) - 1
	wrap := []int{last}
	if unit && withFile {
		wrap = []int{1, last}
	}
	configs := fitColumns(width-len(indent), header, rows, wrap...)
	t.AppendHeader(header)
	t.AppendRows(rows)
	t.SetColumnConfigs(configs)
	var b strings.Builder
	for _, line := range strings.Split(t.Render(), "\n") {
		b.WriteString(indent)
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String()
}

func severityColor(s checklist.Severity) text.Color {
	switch s {
	case checklist.Error:
		return text.FgRed
	case checklist.Warning:
		return text.FgYellow
	}
	return text.Reset
}

// paint colours s when the output is a terminal.
func paint(s string, color text.Color, o validateTextOptions) string {
	if !o.Color || color == text.Reset {
		return s
	}
	return color.Sprint(s)
}
