// Package publish turns the accepted lists of each unit into the HTML page
// the notice asks units to post (公示): lists are read and checked with
// package checklist, and a unit with an error or a missing kind is refused.
package publish

import (
	"bytes"
	"cmp"
	"context"
	_ "embed"
	"fmt"
	"html/template"
	"slices"
	"strings"
	"time"
	"unicode"

	"qingdan/checklist"
)

//go:embed publish.html
var publishHTML string

var publishTemplate = template.Must(template.New("publish").Parse(publishHTML))

// PublicUnit is one unit's lists for its 公示版, or the errors that keep it
// from being posted.
type PublicUnit struct {
	Name    string
	Lists   []*checklist.List   // in attachment order, 班子成员 by name
	Refused []checklist.Finding // errors of its lists and files, and missing kinds; empty when it can be posted
}

// PublicUnits reads and checks the files and groups their lists by unit
// (the 单位 field, else the folder name, as validate does). A unit with an
// error in one of its files, or without one of the four kinds, is refused.
// A cancelled ctx gives ctx.Err() and no units.
func PublicUnits(ctx context.Context, c *checklist.Catalog, files []string, jobs int) ([]PublicUnit, error) {
	type checked struct {
		wb *checklist.Workbook
		fr checklist.FileReport
	}
	results, err := checklist.RunOrdered(ctx, len(files), jobs, func(i int) checked {
		wb := checklist.ReadFile(c, files[i])
		return checked{wb, checklist.CheckWorkbook(c, wb)}
	}, func(i int, p *checklist.Panic) checked {
		return checked{&checklist.Workbook{Path: files[i]}, checklist.PanicReport(files[i], p)}
	}, nil)
	if err != nil {
		return nil, err
	}
	byKey := map[string]*PublicUnit{}
	var order []string
	unit := func(written string) *PublicUnit {
		key := checklist.UnitKey(written)
		if u := byKey[key]; u != nil {
			return u
		}
		u := &PublicUnit{Name: cmp.Or(checklist.DisplayUnitName(written), checklist.NoUnitName)}
		byKey[key] = u
		order = append(order, key)
		return u
	}
	for _, r := range results {
		errs := slices.DeleteFunc(slices.Clone(r.fr.Findings), func(f checklist.Finding) bool { return f.Severity != checklist.Error })
		if len(r.wb.Lists) == 0 {
			if u := byKey[checklist.UnitKey(checklist.FolderName(r.fr.Path))]; u != nil || len(errs) > 0 {
				u = unit(checklist.FolderName(r.fr.Path))
				u.Refused = append(u.Refused, withFile(errs, r.fr.Path)...)
			}
			continue
		}
		for i, l := range r.wb.Lists {
			written := l.Unit.Value
			if checklist.UnitKey(written) == "" {
				written = checklist.FolderName(r.fr.Path)
			}
			u := unit(written)
			u.Lists = append(u.Lists, l)
			for _, f := range errs {
				if f.List == i+1 || f.List == 0 {
					u.Refused = append(u.Refused, withFile([]checklist.Finding{f}, r.fr.Path)...)
				}
			}
		}
	}
	out := make([]PublicUnit, 0, len(order))
	for _, key := range order {
		u := byKey[key]
		slices.SortStableFunc(u.Lists, func(a, b *checklist.List) int {
			if d := slices.Index(checklist.Kinds, a.Kind) - slices.Index(checklist.Kinds, b.Kind); d != 0 {
				return d
			}
			return strings.Compare(a.Person.Value, b.Person.Value)
		})
		for _, k := range checklist.Kinds {
			if !slices.ContainsFunc(u.Lists, func(l *checklist.List) bool { return l.Kind == k }) {
				u.Refused = append(u.Refused, checklist.Finding{Code: checklist.CodeMissingList, Severity: checklist.Error,
					Message: fmt.Sprintf("没有收到%s，四种清单齐全后才能公示", checklist.AttachmentLabel(c, k))})
			}
		}
		out = append(out, *u)
	}
	slices.SortStableFunc(out, func(a, b PublicUnit) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

func withFile(fs []checklist.Finding, path string) []checklist.Finding {
	out := make([]checklist.Finding, len(fs))
	for i, f := range fs {
		if f.File == "" {
			f.File = path
		}
		out[i] = f
	}
	return out
}

// PublishOptions are the notice lines of a 公示版.
type PublishOptions struct {
	From, To time.Time // 公示期; zero leaves blanks to fill by hand
	Contact  string    // 监督联系方式; empty leaves a blank line
	Year     int       // 年度 when no list has a 填报日期
}

// PublicTitle is the title of a unit's 公示版: 单位 + 年度 + 党风廉政建设“两个责任”清单（公示）.
func PublicTitle(u PublicUnit, opts PublishOptions) string {
	return fmt.Sprintf("%s%d年度党风廉政建设“两个责任”清单（公示）", u.Name, publicYear(u, opts))
}

func publicYear(u PublicUnit, opts PublishOptions) int {
	for _, l := range u.Lists {
		if !l.Date.IsZero() {
			return l.Date.Year()
		}
	}
	return opts.Year
}

// PublicFileName is a file name for the unit's 公示版 without extension:
// only letters, digits and a few marks of the unit name survive, as a name
// taken from a cell must never become a path.
func PublicFileName(unit string) string {
	var b strings.Builder
	n := 0
	for _, r := range unit {
		if n >= 40 {
			break
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("()（）-_", r) {
			b.WriteRune(r)
			n++
		}
	}
	name := b.String()
	if name == "" {
		name = "未填单位"
	}
	return name + " 公示版"
}

type publicPage struct {
	Title, Period, Contact string
	Lists                  []publicList
}

type publicList struct {
	Label    string // 附件1
	Title    string
	Fields   []publicField
	Heads    []string // columns before the measures
	Quarters []string // the quarter sub-headings; nil for one measures column
	Measures string   // the measures heading
	Rows     []publicRow
	Signs    []string
}

type publicField struct{ Label, Value string }

type publicRow struct {
	NameSpan int // rows the 责任名称 spans; 0 on the rows below its first
	Name     string
	Cells    []string // seq, task, owner, department as the kind has them
	Measures []string // four quarters, or the one measures cell
}

// RenderPublic writes the unit's 公示版: one self-contained HTML page,
// print-ready on A4 landscape, with the title, the 公示期, the 监督联系方式
// and every list as a table in the notice's layout.
func RenderPublic(c *checklist.Catalog, u PublicUnit, opts PublishOptions) ([]byte, error) {
	page := publicPage{Title: PublicTitle(u, opts), Period: "公示期：    年  月  日至    年  月  日", Contact: opts.Contact}
	if !opts.From.IsZero() {
		page.Period = fmt.Sprintf("公示期：%s至%s", publicDate(opts.From), publicDate(opts.To))
	}
	for _, l := range u.Lists {
		page.Lists = append(page.Lists, publicListOf(c, l))
	}
	var buf bytes.Buffer
	if err := publishTemplate.Execute(&buf, page); err != nil {
		return nil, fmt.Errorf("生成公示版失败：%w", err)
	}
	return buf.Bytes(), nil
}

func publicDate(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}

func publicListOf(c *checklist.Catalog, l *checklist.List) publicList {
	spec := c.Kind(l.Kind)
	pl := publicList{Label: fmt.Sprintf("附件%d", spec.Attachment), Title: spec.Title, Signs: spec.Signatures, Measures: spec.Headings[checklist.ColMeasures]}
	fields := []struct {
		label string
		t     checklist.Text
	}{{c.Fields.Unit, l.Unit}, {c.Fields.Name, l.Person}, {c.Fields.Position, l.Position},
		{c.Fields.Portfolio, l.Portfolio}, {c.Fields.Contacts, l.Contacts}, {c.Fields.Date, l.DateText}}
	for _, f := range fields {
		if f.t.Value != "" {
			pl.Fields = append(pl.Fields, publicField{f.label, f.t.Value})
		}
	}
	pl.Heads = []string{spec.Headings[checklist.ColName]}
	var cols []string // the columns between 责任名称 and the measures
	for _, col := range spec.Columns {
		if col != checklist.ColName && col != checklist.ColMeasures {
			cols = append(cols, col)
			pl.Heads = append(pl.Heads, spec.Headings[col])
		}
	}
	if !l.SingleMeasures {
		pl.Quarters = c.Quarters
	}
	var start int // index in pl.Rows of the row holding the current 责任名称
	for i := range l.Rows {
		r := &l.Rows[i]
		if !r.Carries() {
			continue
		}
		pr := publicRow{}
		for _, col := range cols {
			pr.Cells = append(pr.Cells, rowText(r, col))
		}
		if l.SingleMeasures {
			pr.Measures = []string{r.MeasuresRaw.Value}
		} else {
			for _, m := range r.Measures {
				pr.Measures = append(pr.Measures, m.Value)
			}
		}
		if len(pl.Rows) == 0 || (r.Name.Value != "" && r.Name.Value != pl.Rows[start].Name) {
			pr.Name, pr.NameSpan = r.Name.Value, 1
			start = len(pl.Rows)
		} else {
			pl.Rows[start].NameSpan++
		}
		pl.Rows = append(pl.Rows, pr)
	}
	return pl
}

func rowText(r *checklist.Row, col string) string {
	switch col {
	case checklist.ColSeq:
		return r.Seq.Value
	case checklist.ColTask:
		return r.Task.Value
	case checklist.ColOwner:
		return r.Owner.Value
	case checklist.ColDepartment:
		return r.Department.Value
	}
	return ""
}
