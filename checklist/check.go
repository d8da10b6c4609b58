package checklist

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"qingdan/internal/grid"
)

// CheckWorkbook runs the rules on every list the reader found in a file and
// builds the file's report: its lists, and the reader's and the rules'
// findings sorted by sheet, row, column and code.
func CheckWorkbook(c *Catalog, wb *Workbook) FileReport {
	return CheckWorkbookWith(c, wb, CheckOptions{})
}

// CheckWorkbookWith is CheckWorkbook with options, e.g. --strict.
func CheckWorkbookWith(c *Catalog, wb *Workbook, opts CheckOptions) FileReport {
	fr := FileReport{Path: wb.Path, Lists: []ListReport{}, Findings: []Finding{}}
	for _, f := range wb.Findings {
		if f.File == "" {
			f.File = wb.Path
		}
		fr.Findings = append(fr.Findings, f)
	}
	for i, l := range wb.Lists {
		p := newPass(c, l)
		p.strict = opts.Strict
		fr.Lists = append(fr.Lists, p.report())
		for _, f := range p.run() {
			f.List = i + 1
			f.Message = quoteCell(l, f.Cell, f.Message)
			fr.Findings = append(fr.Findings, f)
		}
	}
	SortFindings(fr.Findings)
	fr.Valid = !HasErrors(fr.Findings, false)
	return fr
}

// quoteCell adds the first words of the cell a finding names on a Word
// table, unless the message already quotes them: 表1 第5行第3列 is hard to
// count out in Word, the words are easy to search for.
func quoteCell(l *List, cell, msg string) string {
	if l.cellText == nil || cell == "" {
		return msg
	}
	text := strings.Join(strings.Fields(l.cellText(cell)), " ")
	if text == "" {
		return msg
	}
	head := []rune(text)
	if len(head) > 6 {
		head = head[:6]
	}
	if strings.Contains(strings.Join(strings.Fields(msg), " "), string(head)) {
		return msg
	}
	return fmt.Sprintf("%s（该格内容：%s）", msg, quoteShort(text))
}

// quoteShort quotes the first words of a cell text.
func quoteShort(s string) string {
	const max = 12
	if r := []rune(s); len(r) > max {
		return "「" + string(r[:max]) + "…」"
	}
	return "「" + s + "」"
}

// report summarises the list: who, when, which items, how many tasks.
func (p *Pass) report() ListReport {
	l := p.List
	lr := ListReport{Sheet: l.Sheet, Kind: l.Kind, Unit: l.Unit.Value, Person: l.Person.Value, DateCell: l.DateText.Ref, Items: []string{}}
	if !l.Date.IsZero() {
		lr.Date = l.Date.Format("2006-01-02")
	}
	for _, b := range p.Items {
		if id := b.id(); id != "" {
			lr.Items = append(lr.Items, id)
		}
	}
	for i := range l.Rows {
		if l.Rows[i].Task.Value != "" {
			lr.Tasks++
		}
	}
	lr.Requirements = p.requirementCoverage()
	return lr
}

// SortFindings orders findings by sheet, then row, then column, then code;
// findings without a cell come first in their sheet.
func SortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		if c := cmp.Compare(a.Sheet, b.Sheet); c != 0 {
			return c
		}
		ac, ar := coordinates(a.Cell)
		bc, br := coordinates(b.Cell)
		return cmp.Or(cmp.Compare(ar, br), cmp.Compare(ac, bc), cmp.Compare(a.Code, b.Code))
	})
}

func coordinates(ref string) (col, row int) {
	if ref == "" {
		return 0, 0
	}
	if r, ok := grid.ParseRef(ref); ok {
		// Paragraphs above a Word table come before its rows, those below after.
		band := map[grid.Place]int{grid.Above: 0, grid.InTable: 1, grid.Below: 2}[r.Place]
		return r.Col, band<<20 + r.Row
	}
	col, row, err := excelize.CellNameToCoordinates(ref)
	if err != nil {
		return 0, 0
	}
	return col, row
}
