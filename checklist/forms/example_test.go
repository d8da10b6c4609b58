package forms

import (
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"qingdan/checklist"
	"qingdan/internal/xlsxtest"
)

// exampleList is a filled list form read back by content.
type exampleList struct {
	fields map[string]string // label → value of the field rows
	date   string
	rows   []exampleRowRead
}

type exampleRowRead struct {
	row                          int
	name, seq, task, owner, dept string
	measures                     [4]string
}

func readExampleList(t *testing.T, c *checklist.Catalog, g *formGrid, kind checklist.Kind) exampleList {
	t.Helper()
	spec := c.Kind(kind)
	_, head := g.findText(spec.Headings[checklist.ColName])
	if head == 0 {
		t.Fatal("no heading row")
	}
	cols := map[string]int{}
	for col := 1; col <= len(g.rows[head-1]); col++ {
		for key, h := range spec.Headings {
			if g.at(col, head) == h {
				cols[key] = col
			}
		}
	}
	out := exampleList{fields: map[string]string{}}
	for r := 1; r < head; r++ {
		for col := 1; col <= len(g.rows[r-1]); col++ {
			v := g.at(col, r)
			for _, f := range []string{checklist.FieldUnit, checklist.FieldName, checklist.FieldPosition, checklist.FieldPortfolio, checklist.FieldContacts} {
				if v == c.FieldLabel(f) {
					out.fields[v] = g.at(col+1, r)
				}
			}
			if strings.HasPrefix(v, c.Fields.Date+"：") {
				out.date = strings.TrimPrefix(v, c.Fields.Date+"：")
			}
		}
	}
	name := ""
	for r := head + 2; r <= len(g.rows); r++ {
		if v := g.at(cols[checklist.ColName], r); v != "" {
			name = v
		}
		row := exampleRowRead{row: r, name: name, seq: g.at(cols[checklist.ColSeq], r), task: g.at(cols[checklist.ColTask], r)}
		if cols[checklist.ColOwner] > 0 {
			row.owner, row.dept = g.at(cols[checklist.ColOwner], r), g.at(cols[checklist.ColDepartment], r)
		}
		for q := range row.measures {
			row.measures[q] = g.at(cols[checklist.ColMeasures]+q, r)
		}
		if row.task == "" && row.seq == "" && row.measures[0] == "" {
			break
		}
		out.rows = append(out.rows, row)
	}
	return out
}

var percentRE = regexp.MustCompile(`(\d+(?:\.\d+)?)\s*[%％]`)

func TestExamplesAreComplete(t *testing.T) {
	c := checklist.DefaultCatalog()
	cases := []struct {
		name string
		opts ExampleOptions
	}{
		{"documented example", ExampleOptions{}},
		{"seed 7", ExampleOptions{Seed: 7}},
		{"seed 42 with another unit and year", ExampleOptions{Seed: 42, Unit: "第二示范小学", Year: 2019}},
		{"one task per item", ExampleOptions{Seed: 3, Rows: 1}},
		{"five tasks per item, more than the data has", ExampleOptions{Seed: 5, Rows: 5}},
	}
	for _, tc := range cases {
		for _, kind := range checklist.Kinds {
			spec := c.Kind(kind)
			t.Run(tc.name+"/"+string(kind), func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "example.xlsx")
				if err := checklist.WriteFileAtomic(path, false, func(w io.Writer) error { return WriteExample(w, c, spec.Attachment, tc.opts) }); err != nil {
					t.Fatal(err)
				}
				f := xlsxtest.Open(t, path)
				g := newFormGrid(t, f, FormSheetName(spec.Attachment))
				l := readExampleList(t, c, g, kind)
				checkExampleList(t, c, spec, l, tc.opts)
				checkProps(t, f, string(kind))
			})
		}
	}
}

func checkExampleList(t *testing.T, c *checklist.Catalog, spec *checklist.KindSpec, l exampleList, eo ExampleOptions) {
	t.Helper()
	wantUnit := "示例学校"
	if eo.Unit != "" {
		wantUnit = eo.Unit
	}
	year := 2017
	if eo.Year != 0 {
		year = eo.Year
	}
	if !strings.HasPrefix(l.date, strconv.Itoa(year)+"年") || !strings.HasSuffix(l.date, "日") || strings.Contains(l.date, " ") {
		t.Errorf("填报日期 %q not filled for %d", l.date, year)
	}
	for _, f := range spec.Fields {
		label := c.FieldLabel(f)
		if l.fields[label] == "" {
			t.Errorf("field %s empty", label)
		}
	}
	if slices.Contains(spec.Fields, checklist.FieldUnit) && l.fields[c.Fields.Unit] != wantUnit {
		t.Errorf("单位 = %q, want %q", l.fields[c.Fields.Unit], wantUnit)
	}

	owners := slices.Contains(spec.Columns, checklist.ColOwner)
	var names []string
	perItem := map[string]int{}
	for i, r := range l.rows {
		if r.seq != strconv.Itoa(i+1) {
			t.Errorf("row %d: 序号 %q, want %d", r.row, r.seq, i+1)
		}
		if r.task == "" {
			t.Errorf("row %d: empty task", r.row)
		}
		if owners && (r.owner == "" || r.dept == "") {
			t.Errorf("row %d: owner %q department %q", r.row, r.owner, r.dept)
		}
		for q, m := range r.measures {
			if m == "" {
				t.Errorf("row %d: no measure for %s", r.row, c.Quarters[q])
			} else if !formContainsAny(m, c.Content.Quantifiers) {
				t.Errorf("row %d: measure %q is not quantified", r.row, m)
			}
			if formContainsAny(m, c.Content.Talk.Keywords) {
				for _, p := range percentRE.FindAllStringSubmatch(m, -1) {
					if v, _ := strconv.ParseFloat(p[1], 64); v < c.Content.Talk.MinRatio {
						t.Errorf("row %d: talk ratio %s%% below %v%%", r.row, p[1], c.Content.Talk.MinRatio)
					}
				}
			}
		}
		if len(names) == 0 || names[len(names)-1] != r.name {
			names = append(names, r.name)
		}
		perItem[r.name]++
	}
	want := namesOf(c.KindEntries(spec.ID))
	if !slices.Equal(names, want) {
		t.Errorf("items %v, want %v", names, want)
	}
	for _, n := range want {
		switch {
		case eo.Rows > 0 && perItem[n] != eo.Rows:
			t.Errorf("item %s has %d tasks, want %d", n, perItem[n], eo.Rows)
		case eo.Rows == 0 && (perItem[n] < 1 || perItem[n] > 3):
			t.Errorf("item %s has %d tasks, want 1–3", n, perItem[n])
		}
	}
	if spec.ID == checklist.KindMember && slices.Contains(names, c.Entry("9").Name) {
		t.Error("the member list names item 9")
	}

	all := func(match func(string) bool) bool {
		for _, r := range l.rows {
			for _, m := range r.measures {
				if match(m) {
					return true
				}
			}
		}
		return false
	}
	cr := c.Content
	switch spec.ID {
	case checklist.KindPrincipal, checklist.KindMember:
		if !all(func(m string) bool {
			return formContainsAny(m, cr.Talk.Keywords) && formContainsAny(m, cr.Talk.Monthly) && percentRE.MatchString(m)
		}) {
			t.Error("no monthly 谈心谈话 measure with a ratio")
		}
		if !all(func(m string) bool { return formContainsAny(m, cr.Lecture.Keywords) }) {
			t.Error("no 党课 measure")
		}
	case checklist.KindCollective:
		if !all(func(m string) bool {
			return formContainsAny(m, cr.QuarterlyMeeting.Keywords) && formContainsAny(m, cr.QuarterlyMeeting.Meeting) && formContainsAny(m, cr.QuarterlyMeeting.Quarterly)
		}) {
			t.Error("no quarterly meeting hearing the 一岗双责 reports")
		}
	}
}

func formContainsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func TestExampleScorecard(t *testing.T) {
	c := checklist.DefaultCatalog()
	for _, seed := range []int64{0, 1, 9} {
		t.Run("seed "+strconv.FormatInt(seed, 10), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "score.xlsx")
			if err := checklist.WriteFileAtomic(path, false, func(w io.Writer) error { return WriteExample(w, c, 5, ExampleOptions{Seed: seed}) }); err != nil {
				t.Fatal(err)
			}
			f := xlsxtest.Open(t, path)
			sheet := FormSheetName(5)
			g := newFormGrid(t, f, sheet)
			if col, _ := g.findText("被检查考核单位：示例学校"); col == 0 {
				t.Error("被检查考核单位 not filled")
			}
			head, cols := scorecardLayout(t, g)
			sum, lines, deductions := 0.0, 0, 0
			for r := head + 1; r <= len(g.rows); r++ {
				pts := g.at(cols["分值"], r)
				if pts == "" {
					continue
				}
				lines++
				max, _ := strconv.ParseFloat(pts, 64)
				score, err := strconv.ParseFloat(g.at(cols["考核得分"], r), 64)
				if err != nil || score < 0 || score > max {
					t.Errorf("row %d: score %q for %v points", r, g.at(cols["考核得分"], r), max)
				}
				if score < max {
					deductions++
					if g.at(cols["扣分说明"], r) == "" {
						t.Errorf("row %d: deduction without 扣分说明", r)
					}
				}
				sum += score
			}
			if lines != 70 {
				t.Errorf("%d scored lines, want 70", lines)
			}
			if seed == 0 && deductions == 0 {
				t.Error("the documented example has no deduction")
			}
			_, totalRow := g.find(func(v string) bool { return strings.HasPrefix(v, "总分") })
			cell := formCell(cols["考核得分"], totalRow)
			got, err := f.CalcCellValue(sheet, cell)
			if err != nil || got != strconv.FormatFloat(sum, 'f', -1, 64) {
				t.Errorf("总分 = %q (%v), want %v", got, err, sum)
			}
		})
	}
}
