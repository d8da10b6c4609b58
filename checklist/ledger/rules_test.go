package ledger

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"qingdan/checklist"
	"qingdan/internal/calendar"
	"qingdan/internal/grid"
)

// sheetOfRows builds a sheet from rows of texts, row 1 first.
func sheetOfRows(name string, rows [][]string) *grid.Sheet {
	s := &grid.Sheet{Name: name}
	for i, r := range rows {
		gr := grid.Row{Num: i + 1}
		for j, v := range r {
			if v != "" {
				gr.Cells = append(gr.Cells, grid.Cell{Col: j + 1, Type: grid.Text, Value: v})
			}
		}
		if len(gr.Cells) > 0 {
			s.Rows = append(s.Rows, gr)
		}
	}
	return s
}

// ledgerBook is a 2017 ledger of 某小学 with the given data rows under each
// sheet's headings; a sheet with nil rows is left out.
func ledgerBook(tasks, meetings, talks, lectures [][]string) *grid.Book {
	b := &grid.Book{Format: "xlsx"}
	for _, s := range []struct {
		name  string
		heads []string
		rows  [][]string
	}{{SheetTasks, TaskHeadings, tasks}, {SheetMeetings, MeetingHeadings, meetings}, {SheetTalks, TalkHeadings, talks}, {SheetLectures, LectureHeadings, lectures}} {
		if s.rows == nil {
			continue
		}
		b.Sheets = append(b.Sheets, sheetOfRows(s.name, append([][]string{{Title("某小学", 2017, s.name)}, s.heads}, s.rows...)))
	}
	return b
}

// task is a 任务台账 row: 清单 … 备注 with the clerk's four cells.
func task(name, quarter, due, status, done, evidence string) []string {
	return []string{"附件1", "组织领导", name, quarter, "措施", "张三", "办公室", due, status, done, evidence, "", ""}
}

func meeting(quarter, date, sent string) []string {
	return []string{quarter, date, "党委会议", "", "", sent, "", ""}
}

func talk(month, who, base, talked string) []string {
	return []string{month, who, "班子成员", base, "", talked, "", ""}
}

var fullYearMeetings = [][]string{
	meeting("一季度", "2017-03-20", "2017-03-21"), meeting("二季度", "2017-06-20", "2017-06-21"),
	meeting("三季度", "2017-09-20", "2017-09-21"), meeting("四季度", "2017-12-20", "2017-12-21"),
}

func TestRules(t *testing.T) {
	cases := []struct {
		name                             string
		asOf                             string
		tasks, meetings, talks, lectures [][]string
		want                             []string
	}{
		{name: "overdue within the next quarter's first month is a warning", asOf: "2017-04-30",
			tasks: [][]string{task("学习", "一季度", "42825", "推进中", "", "")},
			want:  []string{"任务台账!I3 task-overdue warning"}},
		{name: "overdue after the next quarter's first month is an error", asOf: "2017-05-01",
			tasks: [][]string{task("学习", "一季度", "2017-03-31", "", "", "")},
			want:  []string{"任务台账!I3 task-overdue error"}},
		{name: "due date written as text in any form; not yet due", asOf: "2017-06-30",
			tasks: [][]string{task("学习", "二季度", "2017年6月30日", "", "", ""), task("调研", "二季度", "2017/6/30", "", "", "")}},
		{name: "without 计划完成 the quarter gives the due date", asOf: "2017-07-02",
			tasks: [][]string{task("学习", "第二季度", "", "推进中", "", "")},
			want:  []string{"任务台账!I3 task-overdue warning"}},
		{name: "done without date and in the future, bad date", asOf: "2017-03-01",
			tasks: [][]string{task("学习", "一季度", "2017-03-31", "已完成", "", "记录"), task("调研", "一季度", "下月", "已完成", "2017-03-20", "记录")},
			want:  []string{"任务台账!J3 done-without-date warning", "任务台账!H4 bad-date error", "任务台账!J4 done-in-future error"}},
		{name: "a past quarter without a meeting, one outside its quarter", asOf: "2017-07-05",
			meetings: [][]string{meeting("一季度", "", ""), meeting("二季度", "2017-07-03", "2017-07-04")},
			want:     []string{"季度会议!B3 meeting-missing error", "季度会议!B4 meeting-missing error"}},
		{name: "a past quarter with no row at all", asOf: "2017-04-10",
			meetings: [][]string{meeting("二季度", "", "")},
			want:     []string{"季度会议! meeting-missing error"}},
		{name: "evidence not sent, deadline passed over the National Day holiday", asOf: "2017-10-12",
			meetings: [][]string{meeting("一季度", "2017-03-20", "2017-03-27"), meeting("二季度", "2017-06-20", "2017-06-27"), meeting("三季度", "2017-09-28", "")},
			want:     []string{"季度会议!F5 evidence-overdue error"}},
		{name: "evidence not sent, deadline 2017-10-11 not passed", asOf: "2017-10-11",
			meetings: [][]string{meeting("一季度", "2017-03-20", "2017-03-27"), meeting("二季度", "2017-06-20", "2017-06-27"), meeting("三季度", "2017-09-28", "")}},
		{name: "evidence sent on the fifth working day after the holiday is on time", asOf: "2017-10-20",
			meetings: [][]string{meeting("一季度", "2017-03-20", "2017-03-27"), meeting("二季度", "2017-06-20", "2017-06-27"), meeting("三季度", "2017-09-28", "2017-10-11")}},
		{name: "evidence sent on the sixth working day is late", asOf: "2017-10-20",
			meetings: [][]string{meeting("一季度", "2017-03-20", "2017-03-28"), meeting("二季度", "2017-06-20", "2017-06-27"), meeting("三季度", "2017-09-28", "2017-10-11")},
			want:     []string{"季度会议!F3 evidence-late warning"}},
		{name: "months: missing row, missing count, missing base, below 8%", asOf: "2017-05-02",
			talks: [][]string{talk("1月", "张三", "30", "3"), talk("2月", "张三", "30", ""), talk("3月", "张三", "", "1"), talk("4月", "张三", "30", "2人"), talk("5月", "张三", "", "")},
			want:  []string{"谈心谈话!F4 talk-missing error", "谈心谈话!D5 talk-base-missing warning", "谈心谈话!F6 talk-below-ratio error"}},
		{name: "a talker's month with no row", asOf: "2017-03-01",
			talks: [][]string{talk("1月", "张三", "12", "1"), talk("1月", "李四", "12", "1"), talk("2月", "李四", "12", "1")},
			want:  []string{"谈心谈话! talk-missing error"}},
		{name: "months written as date cells", asOf: "2017-03-01",
			talks: [][]string{talk("42736", "张三", "12", "1"), talk("2017-02-01", "张三", "12", "0")},
			want:  []string{"谈心谈话!F4 talk-below-ratio error"}},
		{name: "not a number", asOf: "2017-02-01",
			talks: [][]string{talk("1月", "张三", "十二", "1")},
			want:  []string{"谈心谈话!D3 bad-number error"}},
		{name: "党课 missing in 四季度 is a note", asOf: "2017-10-01",
			lectures: [][]string{{"张三", "书记", "", "", ""}, {"李四", "副校长", "2017-05-04", "", ""}},
			want:     []string{"党课!C3 lecture-missing info"}},
		{name: "党课 missing after the year's end is an error", asOf: "2018-01-01",
			lectures: [][]string{{"张三", "书记", "", "", ""}},
			want:     []string{"党课!C3 lecture-missing error"}},
		{name: "a meeting in a year the calendar does not know", asOf: "2017-01-05",
			meetings: [][]string{meeting("一季度", "2016-12-30", "")},
			want:     []string{"季度会议!B3 calendar-unknown error"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			meetings := tc.meetings
			if meetings == nil {
				meetings = fullYearMeetings
			}
			b := ledgerBook(or(tc.tasks), meetings, or(tc.talks), or(tc.lectures))
			res := Check("台账.xlsx", b, asOf(tc.asOf))
			if got := summarise(res.Findings); !slices.Equal(got, tc.want) {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// or keeps a sheet with no data rows in the book (nil would leave it out).
func or(rows [][]string) [][]string {
	if rows == nil {
		return [][]string{}
	}
	return rows
}

func TestColumnsFoundByHeading(t *testing.T) {
	b := ledgerBook([][]string{}, fullYearMeetings, [][]string{}, [][]string{})
	// The clerk moved 完成情况 to the front, with a line break in the heading,
	// and left a space after the tab's name.
	s := sheetOfRows(SheetTasks+" ", [][]string{
		{"某小学 2017年度“两个责任”落实台账——任务台账"},
		{"完成\n情况", "清单", "责任名称", "项目任务", "季度", "计划完成", "完成日期", "佐证材料"},
		{"推进中", "附件1", "组织领导", "学习", "一季度", "2017-03-31", "", ""},
	})
	b.Sheets[0] = s
	got := summarise(Check("台账.xlsx", b, asOf("2017-06-01")).Findings)
	if want := []string{"任务台账 !A3 task-overdue error"}; !slices.Equal(got, want) {
		t.Errorf("findings = %q; want %q", got, want)
	}
}

func TestBadLedger(t *testing.T) {
	cases := []struct {
		name string
		book *grid.Book
		want []string
	}{
		{"no 党课 sheet", ledgerBook([][]string{}, [][]string{}, [][]string{}, nil), []string{"党课! bad-ledger error"}},
		{"a heading renamed", func() *grid.Book {
			b := ledgerBook([][]string{}, [][]string{}, [][]string{}, [][]string{})
			b.Sheets[3] = sheetOfRows(SheetLectures, [][]string{{"某小学 2017年度落实台账"}, {"姓名", "职务", "日期"}})
			return b
		}(), []string{"党课! bad-ledger error"}},
		{"not a ledger at all", &grid.Book{Sheets: []*grid.Sheet{sheetOfRows("汇总", [][]string{{"单位"}})}}, []string{"! bad-ledger error"}},
		{"no year anywhere", &grid.Book{Sheets: []*grid.Sheet{sheetOfRows(SheetTasks, [][]string{{"任务台账"}})}}, []string{"任务台账! bad-ledger error"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := summarise(Check("台账.xlsx", tc.book, asOf("2017-02-01")).Findings); !slices.Equal(got, tc.want) {
				t.Errorf("findings = %q; want %q", got, tc.want)
			}
		})
	}
}

func TestStatus(t *testing.T) {
	f := func(s checklist.Severity) checklist.Finding { return checklist.Finding{Severity: s} }
	cases := []struct {
		name string
		fs   []checklist.Finding
		want string
	}{
		{"nothing", nil, StatusGreen},
		{"only a note", []checklist.Finding{f(checklist.Info)}, StatusGreen},
		{"a warning", []checklist.Finding{f(checklist.Info), f(checklist.Warning)}, StatusYellow},
		{"an error", []checklist.Finding{f(checklist.Warning), f(checklist.Error)}, StatusRed},
	}
	for _, tc := range cases {
		if got := Status(tc.fs); got != tc.want {
			t.Errorf("%s: Status = %s; want %s", tc.name, got, tc.want)
		}
	}
}

func TestRequired(t *testing.T) {
	for base, want := range map[int]int{0: 0, 1: 1, 12: 1, 13: 2, 25: 2, 26: 3, 100: 8} {
		if got := Required(base); got != want {
			t.Errorf("Required(%d) = %d; want %d", base, got, want)
		}
	}
}

// listTasks plans the list folder again and returns each unit's tasks, as --lists does.
func listTasks(t *testing.T, c *checklist.Catalog, dir string) map[string][]Task {
	t.Helper()
	files, err := checklist.CollectFiles([]string{dir}, checklist.CollectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := PlanFiles(context.Background(), c, files, 1)
	if err != nil || len(plan.Refused) > 0 {
		t.Fatalf("lists refused: %+v", plan.Refused)
	}
	out := map[string][]Task{}
	for _, u := range plan.Units {
		for _, l := range u.Lists {
			out[checklist.UnitKey(u.Name)] = append(out[checklist.UnitKey(u.Name)], ListTasks(c, l)...)
		}
	}
	return out
}

func TestMismatchAfterRename(t *testing.T) {
	c, listDir, path, _ := generated(t)
	opts := asOf("2017-01-15")
	opts.Lists = listTasks(t, c, listDir)
	if got := summarise(Check(path, bookOf(t, path), opts).Findings); len(got) != 0 {
		t.Fatalf("a fresh ledger against its own lists: %q; want no findings", got)
	}
	// The unit renames the first task of 附件1 in its list after the ledger was made.
	list := filepath.Join(listDir, "附件1.xlsx")
	first := checklist.ReadFile(c, list).Lists[0]
	f, err := excelize.OpenFile(list)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStr(first.Sheet, first.Rows[0].Task.Ref, "新任务名称"); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	opts.Lists = listTasks(t, c, listDir)
	var got []string
	for _, f := range Check(path, bookOf(t, path), opts).Findings {
		if f.Code != CodeLedgerMismatch {
			t.Errorf("unexpected finding %s %s", f.Code, f.Message)
		}
		got = append(got, f.Sheet+"!"+f.Cell)
		if f.Cell == "" && !strings.Contains(f.Message, "新任务名称") {
			t.Errorf("missing-task message %q does not name the new task", f.Message)
		}
	}
	// Four quarters of the new name are missing; the old name's four rows are no longer in the list.
	want := []string{"任务台账!", "任务台账!", "任务台账!", "任务台账!", "任务台账!C3", "任务台账!C4", "任务台账!C5", "任务台账!C6"}
	if !slices.Equal(got, want) {
		t.Errorf("findings at %q; want %q", got, want)
	}
}

func TestCheckFileUnreadable(t *testing.T) {
	res := CheckFile(filepath.Join(t.TempDir(), "某小学 落实台账.xlsx"), Options{Calendar: calendar.Default()})
	if len(res.Findings) != 1 || res.Findings[0].Code != checklist.CodeUnreadable || res.Unit != "某小学" || res.Status != StatusRed {
		t.Errorf("result = %+v; want one unreadable finding for 某小学, red", res)
	}
}

func TestRuleCodesOnce(t *testing.T) {
	seen := map[string]bool{CodeBadLedger: true, CodeCalendarUnknown: true}
	for _, r := range Rules {
		if seen[r.Code] || r.Doc == "" || r.Check == nil {
			t.Errorf("rule %q: repeated code, or no Doc or Check", r.Code)
		}
		seen[r.Code] = true
	}
}
