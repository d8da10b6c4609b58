package forms

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"qingdan/checklist"
)

// formFill is what goes into a list form beyond its wording: the header
// fields and the blocks of task rows (the example data).
type formFill struct {
	unit, person, position, portfolio, contacts, date string
	blocks                                            []formBlock
}

// formBlock is one item and its task rows; entry is nil for unnamed rows.
type formBlock struct {
	entry *checklist.Entry
	rows  []formRow
}

// formRow is one task row.
type formRow struct {
	seq, task, owner, department string
	measures                     [4]string
}

// formColumn is one printed column of a list form.
type formColumn struct {
	key     string // ColName…; ColMeasures for each of the four quarter columns
	quarter int    // 0–3 for the measures columns
	width   float64
}

// Column widths of the list forms, in character units.
var formListWidths = map[string]float64{
	checklist.ColName: 14, checklist.ColSeq: 5.5, checklist.ColTask: 26, checklist.ColOwner: 9, checklist.ColDepartment: 10, checklist.ColMeasures: 21,
}

func formListColumns(spec *checklist.KindSpec) []formColumn {
	var cols []formColumn
	for _, key := range spec.Columns {
		if key == checklist.ColMeasures {
			for q := 0; q < 4; q++ {
				cols = append(cols, formColumn{key: key, quarter: q, width: formListWidths[key]})
			}
			continue
		}
		cols = append(cols, formColumn{key: key, width: formListWidths[key]})
	}
	return cols
}

// formDateLine fills the 填报日期 line: the whole date when given, else the year.
func formDateLine(line string, year int, date string) string {
	label, rest, ok := strings.Cut(line, "：")
	if !ok {
		return line
	}
	switch {
	case date != "":
		return label + "：" + date
	case year > 0:
		return label + "：" + fmt.Sprintf("%d", year) + strings.TrimLeft(rest, " ")
	}
	return line
}

// formHeaderLines splits the kind's header lines into the left part (单位) and
// the right part (填报日期), filled where values are known.
func formHeaderLines(c *checklist.Catalog, lines []string, unit string, year int, date string) (left, right string) {
	var l []string
	for _, line := range lines {
		switch {
		case strings.HasPrefix(line, c.Fields.Date):
			right = formDateLine(line, year, date)
		case strings.HasPrefix(line, c.Fields.Unit):
			l = append(l, line+unit)
		default:
			l = append(l, line)
		}
	}
	return strings.Join(l, "    "), right
}

func writeListForm(c *checklist.Catalog, f *excelize.File, sheet string, kind checklist.Kind, opts FormOptions, fill *formFill) error {
	spec := c.Kind(kind)
	cols := formListColumns(spec)
	widths := make([]float64, len(cols))
	for i, col := range cols {
		widths[i] = col.width
	}
	s, err := newFormSheet(f, sheet, widths)
	if err != nil {
		return err
	}
	if fill == nil {
		fill = &formFill{}
	}
	pick := func(a, b string) string {
		if a != "" {
			return a
		}
		return b
	}
	unit := pick(opts.Unit, fill.unit)
	values := map[string]string{
		checklist.FieldUnit: unit, checklist.FieldName: pick(opts.Person, fill.person), checklist.FieldPosition: pick(opts.Position, fill.position),
		checklist.FieldPortfolio: pick(opts.Portfolio, fill.portfolio), checklist.FieldContacts: pick(opts.Contacts, fill.contacts),
	}
	n := len(cols)
	half := (n + 1) / 2

	if err := s.put(1, 1, 1, 1, FormSheetName(spec.Attachment), s.st.label); err != nil {
		return err
	}
	if err := s.put(1, 2, n, 2, FormTitle(c, spec.Attachment, opts), s.st.title); err != nil {
		return err
	}
	row := 3
	left, right := formHeaderLines(c, spec.HeaderLines, unit, opts.Year, pick(opts.Date, fill.date))
	if err := s.put(1, row, half, row, left, s.st.left); err != nil {
		return err
	}
	if err := s.put(half+1, row, n, row, right, s.st.right); err != nil {
		return err
	}
	row++

	// Header fields: 单位/姓名/职务 share a row, 分管工作 and 联系单位 get one each.
	var pairs []string
	var own []string
	for _, field := range spec.Fields {
		switch field {
		case checklist.FieldUnit, checklist.FieldName, checklist.FieldPosition:
			pairs = append(pairs, field)
		default:
			own = append(own, field)
		}
	}
	if len(pairs) > 0 {
		col := 1
		for i, field := range pairs {
			span := n / len(pairs)
			if i < n%len(pairs) {
				span++
			}
			if err := s.put(col, row, col, row, c.FieldLabel(field), s.st.fieldLabel); err != nil {
				return err
			}
			if err := s.put(col+1, row, col+span-1, row, values[field], s.st.cell); err != nil {
				return err
			}
			col += span
		}
		row++
	}
	for _, field := range own {
		if err := s.put(1, row, 1, row, c.FieldLabel(field), s.st.fieldLabel); err != nil {
			return err
		}
		if err := s.put(2, row, n, row, values[field], s.st.cell); err != nil {
			return err
		}
		row++
	}
	if err := s.heights(3, row-1, formMinRowHeight+4); err != nil {
		return err
	}

	// Two heading rows: 工作措施和目标要求 over the quarters, the rest merged down.
	head := row
	for i, col := range cols {
		ci := i + 1
		switch {
		case col.key == checklist.ColMeasures && col.quarter == 0:
			if err := s.put(ci, head, ci+3, head, spec.Headings[checklist.ColMeasures], s.st.heading); err != nil {
				return err
			}
			fallthrough
		case col.key == checklist.ColMeasures:
			if err := s.put(ci, head+1, ci, head+1, c.Quarters[col.quarter], s.st.heading); err != nil {
				return err
			}
		default:
			if err := s.put(ci, head, ci, head+1, spec.Headings[col.key], s.st.heading); err != nil {
				return err
			}
		}
	}
	if err := s.heights(head, head+1, formMinRowHeight+2); err != nil {
		return err
	}
	body := head + 2

	blocks := fill.blocks
	switch {
	case len(blocks) > 0:
	case opts.Blank:
		blocks = make([]formBlock, formBlankRows[spec.Attachment])
		for i := range blocks {
			blocks[i].rows = make([]formRow, 1)
		}
	default:
		per := opts.RowsPerItem
		if per <= 0 {
			per = formDefaultRows
		}
		for _, e := range c.KindEntries(kind) {
			blocks = append(blocks, formBlock{entry: e, rows: make([]formRow, per)})
		}
	}
	nameCol := 0
	for i, col := range cols {
		if col.key == checklist.ColName {
			nameCol = i + 1
		}
	}
	row = body
	for _, b := range blocks {
		first, last := row, row+len(b.rows)-1
		for _, r := range b.rows {
			for i, col := range cols {
				var v string
				style := s.st.cell
				switch col.key {
				case checklist.ColName:
					continue
				case checklist.ColSeq:
					v, style = r.seq, s.st.center
				case checklist.ColTask:
					v = r.task
				case checklist.ColOwner:
					v, style = r.owner, s.st.center
				case checklist.ColDepartment:
					v, style = r.department, s.st.center
				case checklist.ColMeasures:
					v = r.measures[col.quarter]
				}
				if err := s.put(i+1, row, i+1, row, v, style); err != nil {
					return err
				}
			}
			row++
		}
		if nameCol == 0 {
			continue
		}
		name := ""
		if b.entry != nil {
			name = b.entry.Name
		}
		if err := s.put(nameCol, first, nameCol, last, name, s.st.center); err != nil {
			return err
		}
		if b.entry != nil {
			if err := formAddRequirementsComment(c, f, sheet, formCell(nameCol, first), b.entry); err != nil {
				return err
			}
		}
	}
	lastBody := row - 1
	minBody := formMinRowHeight
	switch {
	case len(fill.blocks) > 0:
	case opts.Blank:
		minBody = formBlankHeight
	default:
		minBody = formPrefilledHeight
	}
	if len(fill.blocks) > 0 {
		err = s.heights(body, lastBody, minBody)
	} else {
		err = s.growable(body, lastBody, minBody)
	}
	if err != nil {
		return err
	}
	if nameCol > 0 && lastBody >= body {
		if err := formNameDropDown(c, f, sheet, kind, formCell(nameCol, body)+":"+formCell(nameCol, lastBody)); err != nil {
			return err
		}
	}

	// Signature lines, one below the table; two share the row left and right.
	row = lastBody + 2
	sigs := spec.Signatures
	for i, sig := range sigs {
		// Several signatures share the row as in the notice, side by side.
		c1, c2 := 1+i*(n+1)/len(sigs), min(n, (i+1)*(n+1)/len(sigs))
		if err := s.put(c1, row, c2, row, OrgWording(sig, opts.Org), s.st.signature); err != nil {
			return err
		}
	}
	if err := f.SetRowHeight(sheet, row, 40); err != nil {
		return err
	}
	// Rows written without a height take the sheet default; these keep their own.
	for _, r := range []int{1, lastBody + 1} {
		if err := f.SetRowHeight(sheet, r, formLineHeight); err != nil {
			return err
		}
	}
	if err := f.SetRowHeight(sheet, 2, 36); err != nil {
		return err
	}
	return s.pageSetup(head, head+1, lastBody, row)
}

// formAddRequirementsComment attaches the item's 评分表 requirements (or the
// safeguard's basis) to its name cell, so the filler sees what to decompose.
func formAddRequirementsComment(c *checklist.Catalog, f *excelize.File, sheet, cell string, e *checklist.Entry) error {
	head := fmt.Sprintf("保障措施「%s」：\n", e.Name)
	if !e.Safeguard() {
		head = fmt.Sprintf("评分表第%s项「%s」（%d分）具体要求：\n", e.ID, e.Name, e.Points())
	}
	text := e.RequirementsText()
	return f.AddComment(sheet, excelize.Comment{
		Author: formTemplateAuthor,
		Cell:   cell,
		Paragraph: []excelize.RichTextRun{
			{Text: head, Font: &excelize.Font{Bold: true, Family: formFont, Size: 10}},
			{Text: text, Font: &excelize.Font{Family: formFont, Size: 10}},
		},
		Width:  420,
		Height: uint(TextHeight(head+text, 58) * 1.4),
	})
}

// formNameDropDown offers the kind's catalog names on the 责任名称 cells. The
// names live on a hidden sheet, since an inline list is limited to 255 characters.
func formNameDropDown(c *checklist.Catalog, f *excelize.File, sheet string, kind checklist.Kind, sqref string) error {
	name, err := formCatalogNames(c, f, kind)
	if err != nil {
		return err
	}
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(sqref)
	dv.SetSqrefDropList(name)
	dv.SetInput("责任名称", "可从下拉列表选择本清单应包含的责任名称；每项责任下可逐行分解多项任务。")
	dv.SetError(excelize.DataValidationErrorStyleWarning, "责任名称", "所填名称不在规则目录中，请确认是否为通知要求的责任名称。")
	return f.AddDataValidation(sheet, dv)
}

// formCatalogNames writes the catalog names of every kind on the hidden sheet
// (once per workbook) and returns the defined name of the kind's range.
func formCatalogNames(c *checklist.Catalog, f *excelize.File, kind checklist.Kind) (string, error) {
	name := "qingdan_" + string(kind)
	for _, dn := range f.GetDefinedName() {
		if dn.Name == name {
			return name, nil
		}
	}
	idx, err := f.GetSheetIndex(formCatalogSheet)
	if err != nil {
		return "", err
	}
	if idx < 0 {
		if _, err := f.NewSheet(formCatalogSheet); err != nil {
			return "", err
		}
		if err := f.SetSheetVisible(formCatalogSheet, false); err != nil {
			return "", err
		}
	}
	col := 0
	for i, k := range checklist.Kinds {
		if k == kind {
			col = i + 1
		}
	}
	entries := c.KindEntries(kind)
	for i, e := range entries {
		if err := f.SetCellValue(formCatalogSheet, formCell(col, i+1), e.Name); err != nil {
			return "", err
		}
	}
	first, err := excelize.CoordinatesToCellName(col, 1, true)
	if err != nil {
		return "", err
	}
	last, err := excelize.CoordinatesToCellName(col, max(1, len(entries)), true)
	if err != nil {
		return "", err
	}
	err = f.SetDefinedName(&excelize.DefinedName{Name: name, RefersTo: formCatalogSheet + "!" + first + ":" + last})
	return name, err
}
