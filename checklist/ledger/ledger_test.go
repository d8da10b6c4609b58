package ledger

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"qingdan/checklist"
	"qingdan/checklist/forms"
	"qingdan/internal/calendar"
	"qingdan/internal/grid"
)

// bookOf reads a ledger file through the sheet model, as ledger check does.
func bookOf(t *testing.T, path string) *grid.Book {
	t.Helper()
	b, err := grid.ReadFile(path, grid.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// exampleLists writes the four example lists of 示例学校 and reads them back.
func exampleLists(t *testing.T, c *checklist.Catalog) (dir string, lists []*checklist.List) {
	t.Helper()
	dir = t.TempDir()
	for a := 1; a <= 4; a++ {
		p := filepath.Join(dir, fmt.Sprintf("附件%d.xlsx", a))
		if err := checklist.WriteFileAtomic(p, false, func(w io.Writer) error {
			return forms.WriteExample(w, c, a, forms.ExampleOptions{})
		}); err != nil {
			t.Fatal(err)
		}
		lists = append(lists, checklist.ReadFile(c, p).Lists...)
	}
	return dir, lists
}

// generated plans the example folder and writes 示例学校's ledger.
func generated(t *testing.T) (c *checklist.Catalog, listDir, path string, counts rowCounts) {
	t.Helper()
	c = checklist.DefaultCatalog()
	listDir, lists := exampleLists(t, c)
	files, err := checklist.CollectFiles([]string{listDir}, checklist.CollectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := PlanFiles(context.Background(), c, files, 1)
	if err != nil || len(plan.Refused) > 0 || len(plan.Units) != 1 || plan.Units[0].Name != "示例学校" || plan.Units[0].Year != 2017 {
		t.Fatalf("plan = %+v; want 示例学校 2017, nothing refused", plan)
	}
	u := plan.Units[0]
	path = filepath.Join(t.TempDir(), FileName(u.Name))
	if err := checklist.WriteFileAtomic(path, false, Build(c, u.Name, u.Year, u.Lists).Write); err != nil {
		t.Fatal(err)
	}
	for _, l := range lists {
		for _, r := range l.Rows {
			if r.Task.Value != "" {
				counts.tasks++
			}
		}
		if l.Kind == checklist.KindPrincipal || l.Kind == checklist.KindMember {
			counts.people++
		}
	}
	return c, listDir, path, counts
}

type rowCounts struct{ tasks, people int }

func TestGenerateExampleRows(t *testing.T) {
	_, _, path, n := generated(t)
	if n.tasks == 0 || n.people < 2 {
		t.Fatalf("the example lists hold %d tasks and %d people; want some of each", n.tasks, n.people)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cases := []struct {
		sheet string
		heads []string
		rows  int
	}{
		{SheetTasks, TaskHeadings, 4 * n.tasks},
		{SheetMeetings, MeetingHeadings, 4},
		{SheetTalks, TalkHeadings, 12 * n.people},
		{SheetLectures, LectureHeadings, n.people},
	}
	for _, tc := range cases {
		t.Run(tc.sheet, func(t *testing.T) {
			rows, err := f.GetRows(tc.sheet)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) < 2 || !slices.Equal(rows[1], tc.heads) {
				t.Fatalf("row 2 = %q; want the headings %q", rows[1], tc.heads)
			}
			if !strings.Contains(rows[0][0], "示例学校 2017年度") {
				t.Errorf("title = %q; want the unit and year", rows[0][0])
			}
			if got := len(rows) - 2; got != tc.rows {
				t.Errorf("%d data rows; want %d", got, tc.rows)
			}
		})
	}
	due, _ := f.GetCellValue(SheetTasks, "H4")
	quarter, _ := f.GetCellValue(SheetTasks, "D4")
	if quarter != "二季度" || due != "2017-06-30" {
		t.Errorf("task row 4 = %s due %q; want 二季度 due 2017-06-30", quarter, due)
	}
	formula, _ := f.GetCellFormula(SheetTalks, "E3")
	if formula != `IF(D3="","",ROUNDUP(D3*8/100,0))` {
		t.Errorf("应谈人数 formula = %q", formula)
	}
	dvs, err := f.GetDataValidations(SheetTasks)
	if err != nil || len(dvs) != 2 || !strings.Contains(dvs[0].Formula1, StatusDone) {
		t.Errorf("data validations = %+v, %v; want the 完成情况 and 销号 drop-downs", dvs, err)
	}
	if err := checklist.WriteFileAtomic(path, false, Build(checklist.DefaultCatalog(), "示例学校", 2017, nil).Write); err == nil {
		t.Error("writing over an existing ledger without force succeeded")
	}
}

func TestRefuseListsWithErrors(t *testing.T) {
	c := checklist.DefaultCatalog()
	dir := t.TempDir()
	p := filepath.Join(dir, "附件2.xlsx")
	if err := checklist.WriteFileAtomic(p, false, func(w io.Writer) error {
		return forms.WriteForms(w, c, []int{2}, forms.FormOptions{Unit: "某小学"})
	}); err != nil {
		t.Fatal(err)
	}
	plan, err := PlanFiles(context.Background(), c, []string{p}, 1)
	if err != nil || len(plan.Units) != 0 || len(plan.Refused) != 1 || !checklist.HasErrors(plan.Refused[0].Findings, false) {
		t.Fatalf("plan = %+v; want the blank form refused with its findings", plan)
	}
}

// clerk fills a generated ledger as a school's clerk would, through set (a
// cell writer of excelize here, of openpyxl in make compat): every task of
// 一季度 to 三季度 done with evidence, except the first 一季度 task (done,
// no evidence) and the first 二季度 task (推进中); meetings in each quarter,
// the 三季度 one on 2017-09-28 with its evidence sent on 2017-10-12 across
// the National Day holiday; 20 people in range and 2 talks a month for
// everyone, the first talker's 3月 only 1; a 党课 for all but the last person.
// compat/ledger_fill.py does the same with openpyxl.
func clerk(t *testing.T, f *excelize.File, n rowCounts) {
	t.Helper()
	set := func(sheet, cell string, v any) {
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	for i := range n.tasks * 4 {
		row := 3 + i
		q := i%4 + 1
		if q == 4 {
			continue
		}
		r := strconv.Itoa(row)
		if row == 4 {
			set(SheetTasks, "I"+r, StatusInProgress)
			continue
		}
		set(SheetTasks, "I"+r, StatusDone)
		set(SheetTasks, "J"+r, QuarterEnd(2017, q).AddDate(0, 0, -5))
		if row != 3 {
			set(SheetTasks, "K"+r, "会议记录、照片")
			set(SheetTasks, "L"+r, MarkClosed)
		}
	}
	for q, m := range [][2]string{{"2017-03-20", "2017-03-22"}, {"2017-06-20", "2017-06-23"}, {"2017-09-28", "2017-10-12"}} {
		r := strconv.Itoa(3 + q)
		set(SheetMeetings, "B"+r, day(m[0]))
		set(SheetMeetings, "F"+r, day(m[1]))
	}
	for m := 1; m <= 9; m++ {
		for p := range n.people {
			r := strconv.Itoa(3 + (m-1)*n.people + p)
			set(SheetTalks, "D"+r, 20)
			talked := 2
			if m == 3 && p == 0 {
				talked = 1
			}
			set(SheetTalks, "F"+r, talked)
		}
	}
	for p := range n.people - 1 {
		set(SheetLectures, "C"+strconv.Itoa(3+p), "2017年5月4日")
	}
}

// clerkFindings are the findings clerk's ledger must give as of 2017-10-20.
func clerkFindings(n rowCounts) []string {
	return []string{
		"任务台账!K3 done-without-evidence warning",
		"任务台账!I4 task-overdue error",
		"季度会议!F5 evidence-late warning",
		"谈心谈话!F" + strconv.Itoa(3+2*n.people) + " talk-below-ratio error",
		"党课!C" + strconv.Itoa(2+n.people) + " lecture-missing info",
	}
}

func summarise(fs []checklist.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s!%s %s %s", f.Sheet, f.Cell, f.Code, f.Severity))
	}
	return out
}

func asOf(s string) Options {
	return Options{AsOf: day(s), Calendar: calendar.Default()}
}

func TestCheckClerkFilledWithExcelize(t *testing.T) {
	_, _, path, n := generated(t)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	clerk(t, f, n)
	filled := filepath.Join(t.TempDir(), "filled.xlsx")
	if err := f.SaveAs(filled); err != nil {
		t.Fatal(err)
	}
	f.Close()
	res := Check(filled, bookOf(t, filled), asOf("2017-10-20"))
	if got, want := summarise(res.Findings), clerkFindings(n); !slices.Equal(got, want) {
		t.Fatalf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, f := range res.Findings {
		if f.Code == CodeEvidenceLate && !strings.Contains(f.Message, "2017-10-11") {
			t.Errorf("evidence-late message %q does not name the deadline 2017-10-11", f.Message)
		}
	}
	want := Counts{TasksDue: 3 * n.tasks, TasksDone: 3*n.tasks - 1, TasksOverdue: 1, MeetingsDue: 3, MeetingsHeld: 3,
		EvidenceOnTime: 2, TalkMonthsBelow: 1, LecturesGiven: n.people - 1, Lecturers: n.people, Errors: 2, Warnings: 2, Infos: 1}
	if res.Counts != want || res.Status != StatusRed || res.Unit != "示例学校" || res.Year != 2017 {
		t.Errorf("result = %+v %s %s %d; want %+v 红 示例学校 2017", res.Counts, res.Status, res.Unit, res.Year, want)
	}
}

// TestCheckOpenpyxlFilled checks the ledger compat/ledger_fill.py filled
// with openpyxl (make compat sets QINGDAN_LEDGER_OPENPYXL to it).
func TestCheckOpenpyxlFilled(t *testing.T) {
	path := os.Getenv("QINGDAN_LEDGER_OPENPYXL")
	if path == "" {
		t.Skip("make compat runs this on the ledger openpyxl filled")
	}
	_, _, _, n := generated(t)
	res := Check(path, bookOf(t, path), asOf("2017-10-20"))
	if got, want := summarise(res.Findings), clerkFindings(n); !slices.Equal(got, want) {
		t.Fatalf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestWriteSummary(t *testing.T) {
	_, _, path, n := generated(t)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	clerk(t, f, n)
	filled := filepath.Join(t.TempDir(), "filled.xlsx")
	if err := f.SaveAs(filled); err != nil {
		t.Fatal(err)
	}
	f.Close()
	results := []Result{Check(filled, bookOf(t, filled), asOf("2017-10-20")), Check("空.xlsx", ledgerBook([][]string{}, fullYearMeetings, [][]string{}, [][]string{}), asOf("2017-10-20"))}
	out := filepath.Join(t.TempDir(), "台账汇总.xlsx")
	write := func(w io.Writer) error { return WriteSummary(w, results, day("2017-10-20")) }
	if err := checklist.WriteFileAtomic(out, false, write); err != nil {
		t.Fatal(err)
	}
	s, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rows, err := s.GetRows(SheetSummary)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[1], SummaryHeadings) || len(rows) < 6 {
		t.Fatalf("汇总 rows = %q", rows)
	}
	if got := rows[2]; got[0] != "示例学校" || got[4] != "1" || got[13] != StatusRed {
		t.Errorf("示例学校 row = %q; want 1 overdue task and 红", got)
	}
	if got := rows[3]; got[0] != "某小学" || got[13] != StatusGreen {
		t.Errorf("某小学 row = %q; want 绿", got)
	}
	if !strings.Contains(rows[5][0], StatusRule) {
		t.Errorf("the colour rule is not under the table: %q", rows[5])
	}
	findings, err := s.GetRows(SheetFindings)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(findings)-2, len(results[0].Findings); got != want {
		t.Errorf("问题清单 has %d rows; want %d", got, want)
	}
	evidence, err := s.GetRows(SheetEvidence)
	if err != nil {
		t.Fatal(err)
	}
	if len(evidence) < 5 || !slices.Equal(evidence[4], []string{"示例学校", "三季度", "2017-09-28", "2017-10-11", "2017-10-12", EvidenceLate}) {
		t.Errorf("会议佐证 = %q; want the 三季度 meeting late against 2017-10-11", evidence)
	}
	if err := checklist.WriteFileAtomic(out, false, write); err == nil {
		t.Error("overwrote the summary without force")
	}
}

func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestPlanSeveralUnits(t *testing.T) {
	c := checklist.DefaultCatalog()
	dir := t.TempDir()
	write := func(name string, w func(io.Writer) error) string {
		p := filepath.Join(dir, name)
		if err := checklist.WriteFileAtomic(p, false, w); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var files []string
	for a := 1; a <= 4; a++ {
		files = append(files, write(fmt.Sprintf("甲 附件%d.xlsx", a), func(w io.Writer) error {
			return forms.WriteExample(w, c, a, forms.ExampleOptions{Unit: "甲小学", Year: 2018})
		}))
	}
	files = append(files, write("乙 附件1.xlsx", func(w io.Writer) error {
		return forms.WriteExample(w, c, 1, forms.ExampleOptions{Unit: "乙中学"})
	}))
	files = append(files, write("乙 附件2.xlsx", func(w io.Writer) error {
		return forms.WriteForms(w, c, []int{2}, forms.FormOptions{Unit: "乙中学"})
	}))
	plan, err := PlanFiles(context.Background(), c, files, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Units) != 1 || plan.Units[0].Name != "甲小学" || plan.Units[0].Year != 2018 || len(plan.Units[0].Lists) != 4 {
		t.Errorf("units = %+v; want 甲小学 2018 with its four lists", plan.Units)
	}
	if !slices.Equal(plan.RefusedUnits, []string{"乙中学"}) || len(plan.Refused) != 1 || plan.Refused[0].Path != files[5] {
		t.Errorf("refused = %v %+v; want 乙中学 for its blank 附件2", plan.RefusedUnits, plan.Refused)
	}
}
