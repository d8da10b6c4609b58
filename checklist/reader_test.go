package checklist

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// book builds a test workbook sheet by sheet.
type book struct {
	t       *testing.T
	f       *excelize.File
	started bool // the default Sheet1 has been taken
}

func newBook(t *testing.T) *book {
	t.Helper()
	f := excelize.NewFile()
	t.Cleanup(func() { f.Close() })
	return &book{t: t, f: f}
}

// sheet returns a writer for a new sheet; the first call renames Sheet1.
func (b *book) sheet(name string) *sheetWriter {
	b.t.Helper()
	switch {
	case !b.started && name == "Sheet1":
	case !b.started:
		if err := b.f.SetSheetName("Sheet1", name); err != nil {
			b.t.Fatal(err)
		}
	default:
		if _, err := b.f.NewSheet(name); err != nil {
			b.t.Fatal(err)
		}
	}
	b.started = true
	return &sheetWriter{t: b.t, f: b.f, name: name}
}

// save writes the workbook under dir and returns its path.
func (b *book) save(dir, file string) string {
	b.t.Helper()
	path := filepath.Join(dir, file)
	if err := b.f.SaveAs(path); err != nil {
		b.t.Fatal(err)
	}
	return path
}

type sheetWriter struct {
	t    testing.TB
	f    *excelize.File
	name string
}

func (s *sheetWriter) set(row, col int, v any) {
	s.t.Helper()
	if err := s.f.SetCellValue(s.name, cellName(col, row), v); err != nil {
		s.t.Fatal(err)
	}
}

// line writes values from (row, col) rightwards; nil leaves a cell empty.
func (s *sheetWriter) line(row, col int, vs ...any) {
	s.t.Helper()
	for i, v := range vs {
		if v != nil {
			s.set(row, col+i, v)
		}
	}
}

func (s *sheetWriter) merge(r1, c1, r2, c2 int) {
	s.t.Helper()
	if err := s.f.MergeCell(s.name, cellName(c1, r1), cellName(c2, r2)); err != nil {
		s.t.Fatal(err)
	}
}

// The four forms of the notice, written at (row, col) like the attachments.

// collectiveForm writes attachment 1: title, 单位(盖章)/填报日期 line, one heading
// row with the single 工作措施和目标要求 column, rows, signature.
func collectiveForm(s *sheetWriter, row, col int, title string) {
	s.set(row, col, title)
	s.merge(row, col, row, col+5)
	s.set(row+1, col, "单位(盖章)：某某小学")
	s.set(row+1, col+4, "填报日期：2017年2月10日")
	s.line(row+2, col, "责任名称", "序号", "项目任务", "责任人", "责任\n部门", "工作措施和目标要求")
	s.line(row+3, col, "一、落实管党治党政治责任", "1", "研究部署党风廉政建设", "张三", "党办",
		"一季度：召开专题会议1次；二季度：听取汇报1次\n（三季度）开展检查2次。第四季度：总结考核")
	s.line(row+4, col, "二、选好用好干部", "2", "严格干部选任程序", "李四", "人事科", "全年每季度检查1次")
	s.set(row+6, col, "党委(组)主要负责人(签字)：")
}

// personForm writes attachments 2 and 3: title, date line, 单位/姓名/职务
// label cells, for a member 分管工作 and 联系单位, headings over two rows with
// 一季度…四季度 under a merged 工作措施和目标要求, rows, signature.
func personForm(s *sheetWriter, row, col int, title string, member bool) int {
	s.set(row, col, title)
	s.merge(row, col, row, col+6)
	s.set(row+1, col, "填报日期：   年   月   日")
	s.line(row+2, col, "单 位", "某某小学", "姓 名", "王五", "职 务", "校长")
	r := row + 3
	if member {
		s.line(r, col, "分管工作", nil, "教学")
		s.merge(r, col, r, col+1)
		s.line(r+1, col, "联系单位", nil, nil, "某某幼儿园")
		r += 2
	}
	s.line(r, col, "责任\n名称", "序号", "项目任务\n具体分解内容", "工作措施和目标要求")
	s.merge(r, col+3, r, col+6)
	s.line(r+1, col+3, "一季度", "二季度", "三季度", "四季度")
	s.line(r+2, col, "落实“一岗双责”", "1", "抓好分管领域党风廉政建设", "每月谈话1次", "专题会1次", "检查2次", "总结1次")
	s.line(r+3, col, nil, "2", "督促分管科室", "部署", "推进", "检查", "考核")
	s.merge(r+2, col, r+3, col)
	s.set(r+6, col, "领导班子主要负责人（签字）：")
	return r
}

// supervisionForm writes attachment 4 with 责任人/责任部门 and quarter columns.
func supervisionForm(s *sheetWriter, row, col int, title string) {
	s.set(row, col, title)
	s.set(row+1, col, "单位(盖章)：      填报日期：2017-02-10")
	s.line(row+2, col, "单  位", "某某中学")
	s.line(row+3, col, "责任名称", "序号", "项目任务\n具体分解内容", "责任人", "责任部门", "工作措施和目标要求")
	s.merge(row+3, col+5, row+3, col+8)
	s.line(row+4, col+5, "第一季度", "第二季度", "第三季度", "第四季度")
	s.line(row+5, col, "协助党委落实主体责任", "1", "协助开展廉政教育", "赵六", "纪检室", "谈话", "检查", "通报", "考核")
	s.set(row+8, col, "党委(组)主要负责人(签字)：")
	s.set(row+8, col+5, "纪委(纪检组)主要负责人(签字)：")
}

func readBook(t *testing.T, b *book) *Workbook {
	t.Helper()
	path := b.save(t.TempDir(), "清单.xlsx")
	wb := ReadFile(DefaultCatalog(), path)
	if wb == nil {
		t.Fatal("ReadFile returned nil")
	}
	sameAsExcelize(t, path, wb)
	return wb
}

// sameAsExcelize checks that ReadFile's own zip reading gives what reading
// the book excelize reads from the same file gives.
func sameAsExcelize(t *testing.T, path string, got *Workbook) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := ReadBook(DefaultCatalog(), path, bookFromExcelize(t, f))
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadFile and the book excelize reads differ:\n%+v\n%+v", got, want)
		for i := range min(len(got.Lists), len(want.Lists)) {
			if !reflect.DeepEqual(got.Lists[i], want.Lists[i]) {
				t.Errorf("list %d:\n%+v\n%+v", i, *got.Lists[i], *want.Lists[i])
			}
		}
	}
}

func onlyList(t *testing.T, wb *Workbook) *List {
	t.Helper()
	if len(wb.Lists) != 1 {
		t.Fatalf("got %d lists, findings %v; want 1", len(wb.Lists), wb.Findings)
	}
	return wb.Lists[0]
}

func TestReadNoticeForms(t *testing.T) {
	type wantRow struct {
		row                     int
		name, task, owner, dept string
		nameRef, taskRef        string
		q1, q4                  string
		q1Ref                   string
	}
	tests := []struct {
		name                   string
		build                  func(b *book)
		kind                   Kind
		unit, person, position string
		portfolio, contacts    string
		date                   string
		dateRef                string
		single                 bool
		headerRow              int
		rows                   []wantRow
	}{
		{
			name:  "attachment 1 collective with single measures column",
			build: func(b *book) { collectiveForm(b.sheet("Sheet1"), 1, 1, "党委(党组)领导班子主体责任清单") },
			kind:  KindCollective, unit: "某某小学", date: "2017年2月10日", dateRef: "E2", single: true, headerRow: 3,
			rows: []wantRow{
				{row: 4, name: "一、落实管党治党政治责任", task: "研究部署党风廉政建设", owner: "张三", dept: "党办", nameRef: "A4", taskRef: "C4", q1: "召开专题会议1次", q4: "总结考核", q1Ref: "F4"},
				{row: 5, name: "二、选好用好干部", task: "严格干部选任程序", owner: "李四", dept: "人事科", nameRef: "A5", taskRef: "C5", q1: "全年每季度检查1次", q4: "全年每季度检查1次", q1Ref: "F5"},
			},
		},
		{
			name:  "attachment 2 principal with label cells and quarter columns",
			build: func(b *book) { personForm(b.sheet("Sheet1"), 1, 1, "领导班子主要负责人责任清单", false) },
			kind:  KindPrincipal, unit: "某某小学", person: "王五", position: "校长", headerRow: 4,
			rows: []wantRow{
				{row: 6, name: "落实“一岗双责”", task: "抓好分管领域党风廉政建设", nameRef: "A6", taskRef: "C6", q1: "每月谈话1次", q4: "总结1次", q1Ref: "D6"},
				{row: 7, name: "落实“一岗双责”", task: "督促分管科室", nameRef: "A6", taskRef: "C7", q1: "部署", q4: "考核", q1Ref: "D7"},
			},
		},
		{
			name:  "attachment 3 member with 分管工作 and 联系单位",
			build: func(b *book) { personForm(b.sheet("Sheet1"), 1, 1, "班子成员责任清单", true) },
			kind:  KindMember, unit: "某某小学", person: "王五", position: "校长", portfolio: "教学", contacts: "某某幼儿园", headerRow: 6,
			rows: []wantRow{
				{row: 8, name: "落实“一岗双责”", task: "抓好分管领域党风廉政建设", nameRef: "A8", taskRef: "C8", q1: "每月谈话1次", q4: "总结1次", q1Ref: "D8"},
				{row: 9, name: "落实“一岗双责”", task: "督促分管科室", nameRef: "A8", taskRef: "C9", q1: "部署", q4: "考核", q1Ref: "D9"},
			},
		},
		{
			name:  "attachment 4 supervision with 责任人 and 责任部门",
			build: func(b *book) { supervisionForm(b.sheet("Sheet1"), 1, 1, "纪委(纪检委员)监督责任清单") },
			kind:  KindSupervision, unit: "某某中学", date: "2017-02-10", dateRef: "A2", headerRow: 4,
			rows: []wantRow{
				{row: 6, name: "协助党委落实主体责任", task: "协助开展廉政教育", owner: "赵六", dept: "纪检室", nameRef: "A6", taskRef: "C6", q1: "谈话", q4: "考核", q1Ref: "F6"},
			},
		},
		{
			name: "heading on row 6 at column C of a retitled sheet",
			build: func(b *book) {
				s := b.sheet("我的表")
				s.set(1, 1, "附件4")
				supervisionForm(s, 3, 3, "2017年度某某小学纪委(纪检组)监督责任清单")
			},
			kind: KindSupervision, unit: "某某中学", date: "2017-02-10", dateRef: "C4", headerRow: 6,
			rows: []wantRow{
				{row: 8, name: "协助党委落实主体责任", task: "协助开展廉政教育", owner: "赵六", dept: "纪检室", nameRef: "C8", taskRef: "E8", q1: "谈话", q4: "考核", q1Ref: "H8"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBook(t)
			tt.build(b)
			wb := readBook(t, b)
			l := onlyList(t, wb)
			if l.Kind != tt.kind {
				t.Errorf("kind = %q, want %q", l.Kind, tt.kind)
			}
			for _, c := range []struct{ field, got, want string }{
				{"unit", l.Unit.Value, tt.unit}, {"person", l.Person.Value, tt.person},
				{"position", l.Position.Value, tt.position}, {"portfolio", l.Portfolio.Value, tt.portfolio},
				{"contacts", l.Contacts.Value, tt.contacts}, {"date", l.DateText.Value, tt.date},
			} {
				if c.got != c.want {
					t.Errorf("%s = %q, want %q", c.field, c.got, c.want)
				}
			}
			if tt.date != "" && (l.Date != time.Date(2017, 2, 10, 0, 0, 0, 0, time.UTC) || l.DateText.Ref != tt.dateRef) {
				t.Errorf("date = %v at %q, want 2017-02-10 at %q", l.Date, l.DateText.Ref, tt.dateRef)
			}
			if l.SingleMeasures != tt.single || l.HeaderRow != tt.headerRow {
				t.Errorf("single measures %v header row %d, want %v %d", l.SingleMeasures, l.HeaderRow, tt.single, tt.headerRow)
			}
			if len(l.Rows) != len(tt.rows) {
				t.Fatalf("got %d rows %+v, want %d", len(l.Rows), l.Rows, len(tt.rows))
			}
			for i, w := range tt.rows {
				g := l.Rows[i]
				if g.Row != w.row || g.Name.Value != w.name || g.Task.Value != w.task || g.Owner.Value != w.owner || g.Department.Value != w.dept {
					t.Errorf("row %d = %d %q %q %q %q, want %d %q %q %q %q", i, g.Row, g.Name.Value, g.Task.Value, g.Owner.Value, g.Department.Value, w.row, w.name, w.task, w.owner, w.dept)
				}
				if g.Name.Ref != w.nameRef || g.Task.Ref != w.taskRef || g.Measures[0].Ref != w.q1Ref {
					t.Errorf("row %d refs name %q task %q q1 %q, want %q %q %q", i, g.Name.Ref, g.Task.Ref, g.Measures[0].Ref, w.nameRef, w.taskRef, w.q1Ref)
				}
				if g.Measures[0].Value != w.q1 || g.Measures[3].Value != w.q4 {
					t.Errorf("row %d measures q1 %q q4 %q, want %q %q", i, g.Measures[0].Value, g.Measures[3].Value, w.q1, w.q4)
				}
			}
		})
	}
}

func TestReadColumnsAndQuarters(t *testing.T) {
	b := newBook(t)
	supervisionForm(b.sheet("Sheet1"), 3, 3, "纪委(纪检组)监督责任清单")
	l := onlyList(t, readBook(t, b))
	want := map[string]int{ColName: 3, ColSeq: 4, ColTask: 5, ColOwner: 6, ColDepartment: 7, ColMeasures: 8}
	for k, v := range want {
		if l.Columns[k] != v {
			t.Errorf("column %s = %d, want %d", k, l.Columns[k], v)
		}
	}
	if l.Quarters != [4]int{8, 9, 10, 11} {
		t.Errorf("quarters = %v, want [8 9 10 11]", l.Quarters)
	}
}

func TestReadSingleMeasuresKeepsRaw(t *testing.T) {
	b := newBook(t)
	collectiveForm(b.sheet("Sheet1"), 1, 1, "党委领导班子主体责任清单")
	l := onlyList(t, readBook(t, b))
	r := l.Rows[0]
	if !strings.HasPrefix(r.MeasuresRaw.Value, "一季度：召开专题会议1次") || r.MeasuresRaw.Ref != "F4" {
		t.Errorf("raw measures = %q at %q", r.MeasuresRaw.Value, r.MeasuresRaw.Ref)
	}
	want := [4]string{"召开专题会议1次", "听取汇报1次", "开展检查2次。", "总结考核"}
	for q := range want {
		if r.Measures[q].Value != want[q] {
			t.Errorf("quarter %d = %q, want %q", q+1, r.Measures[q].Value, want[q])
		}
	}
	if l.Quarters != [4]int{6, 6, 6, 6} || l.Columns[ColMeasures] != 6 {
		t.Errorf("quarters %v measures column %d, want all 6", l.Quarters, l.Columns[ColMeasures])
	}
}

func TestSplitMeasures(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want [4]string
	}{
		{"no marker covers all quarters", "每月谈话1次", [4]string{"每月谈话1次", "每月谈话1次", "每月谈话1次", "每月谈话1次"}},
		{"一季度： markers on lines", "一季度：部署\n二季度：推进\n三季度：检查\n四季度：考核", [4]string{"部署", "推进", "检查", "考核"}},
		{"第一季度 and Q markers", "第一季度 部署；Q2 推进；第3季度 检查；4季度 考核", [4]string{"部署", "推进", "检查", "考核"}},
		{"bracketed markers", "（一季度）部署（二季度）推进【三季度】检查(四季度)考核", [4]string{"部署", "推进", "检查", "考核"}},
		{"full-width digits", "１季度：部署；２季度：推进；３季度：检查；４季度：考核", [4]string{"部署", "推进", "检查", "考核"}},
		{"一、二季度 covers both", "一、二季度：调研；三季度：检查；四季度：考核", [4]string{"调研", "调研", "检查", "考核"}},
		{"range 一至三季度", "一至三季度：每月谈话；四季度：总结", [4]string{"每月谈话", "每月谈话", "每月谈话", "总结"}},
		{"上半年 and 下半年", "上半年：学习\n下半年：检查", [4]string{"学习", "学习", "检查", "检查"}},
		{"preamble goes to unnamed quarters", "每月谈话1次；四季度：总结", [4]string{"每月谈话1次", "每月谈话1次", "每月谈话1次", "总结"}},
		{"quarter inside a sentence is no marker", "召开一季度分析会", [4]string{"召开一季度分析会", "召开一季度分析会", "召开一季度分析会", "召开一季度分析会"}},
		{"每季度 is no marker", "每季度召开会议1次", [4]string{"每季度召开会议1次", "每季度召开会议1次", "每季度召开会议1次", "每季度召开会议1次"}},
		{"missing quarter stays empty", "一季度：部署；二季度：推进", [4]string{"部署", "推进", "", ""}},
		{"repeated quarter joins", "一季度：部署；一季度：检查", [4]string{"部署\n检查", "", "", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := splitMeasures(Text{Value: tt.in, Ref: "F4"})
			for q := range tt.want {
				if got[q].Value != tt.want[q] {
					t.Errorf("quarter %d = %q, want %q", q+1, got[q].Value, tt.want[q])
				}
				if got[q].Value != "" && got[q].Ref != "F4" {
					t.Errorf("quarter %d ref = %q, want F4", q+1, got[q].Ref)
				}
			}
		})
	}
}

func TestReadFourListsInOneWorkbook(t *testing.T) {
	b := newBook(t)
	collectiveForm(b.sheet("甲"), 1, 1, "党委(党组)领导班子主体责任清单")
	personForm(b.sheet("乙"), 1, 1, "领导班子主要负责人责任清单", false)
	personForm(b.sheet("丙"), 1, 1, "班子成员责任清单", true)
	supervisionForm(b.sheet("丁"), 1, 1, "纪委(纪检组)监督责任清单")
	wb := readBook(t, b)
	if len(wb.Findings) != 0 {
		t.Errorf("findings = %v, want none", wb.Findings)
	}
	var got []Kind
	for _, l := range wb.Lists {
		got = append(got, l.Kind)
	}
	want := []Kind{KindCollective, KindPrincipal, KindMember, KindSupervision}
	if len(got) != 4 {
		t.Fatalf("kinds = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] || wb.Lists[i].Sheet != []string{"甲", "乙", "丙", "丁"}[i] {
			t.Errorf("list %d = %s on %s, want %s", i, got[i], wb.Lists[i].Sheet, want[i])
		}
	}
}

func TestReadHiddenSheetIgnored(t *testing.T) {
	b := newBook(t)
	collectiveForm(b.sheet("可见"), 1, 1, "党委(党组)领导班子主体责任清单")
	supervisionForm(b.sheet("隐藏"), 1, 1, "纪委(纪检组)监督责任清单")
	if err := b.f.SetSheetVisible("隐藏", false); err != nil {
		t.Fatal(err)
	}
	l := onlyList(t, readBook(t, b))
	if l.Sheet != "可见" {
		t.Errorf("read sheet %q, want 可见", l.Sheet)
	}
}

func TestReadTitleKinds(t *testing.T) {
	tests := []struct {
		title string
		want  Kind
	}{
		{"党委(党组)领导班子主体责任清单", KindCollective},
		{"党委（党组）领导班子主体责任清单", KindCollective},
		{"2017年度某某小学党支部领导班子主体责任清单", KindCollective},
		{"党 委 主 体 责 任 清 单", KindCollective},
		{"领导班子主要负责人责任清单", KindPrincipal},
		{"某某小学领导班子主要负责人（第一责任人）责任清单", KindPrincipal},
		{"班子成员责任清单", KindMember},
		{"2017年度班子成员（副校长）责任清单", KindMember},
		{"纪委(纪检委员)监督责任清单", KindSupervision},
		{"纪委（纪检组）监督责任清单", KindSupervision},
		{"某某中学纪检委员监督责任清单", KindSupervision},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			b := newBook(t)
			// The collective layout has 责任人/责任部门, so only the title decides.
			collectiveForm(b.sheet("Sheet1"), 1, 1, tt.title)
			l := onlyList(t, readBook(t, b))
			if l.Kind != tt.want {
				t.Errorf("kind = %q, want %q", l.Kind, tt.want)
			}
			if l.Title.Value != tt.title || l.Title.Ref != "A1" {
				t.Errorf("title = %q at %q", l.Title.Value, l.Title.Ref)
			}
		})
	}
}

func TestReadKindWithoutTitle(t *testing.T) {
	tests := []struct {
		name  string
		build func(s *sheetWriter)
		prop  string
		want  Kind
	}{
		{"姓名 field without 分管工作 is principal", func(s *sheetWriter) { personForm(s, 1, 1, "清单", false) }, "", KindPrincipal},
		{"分管工作 field is member", func(s *sheetWriter) { personForm(s, 1, 1, "清单", true) }, "", KindMember},
		{"责任人 and 责任部门 with 纪委 items is supervision", func(s *sheetWriter) {
			s.line(1, 1, "责任名称", "序号", "项目任务", "责任人", "责任部门", "工作措施和目标要求")
			s.line(2, 1, "维护党的纪律", "1", "开展检查", "甲", "纪检室", "每季度检查1次")
			s.line(3, 1, "坚决查办案件", "2", "查办案件", "乙", "纪检室", "每季度通报1次")
		}, "", KindSupervision},
		{"责任人 and 责任部门 with 党委 items is collective", func(s *sheetWriter) {
			s.line(1, 1, "责任名称", "序号", "项目任务", "责任人", "责任部门", "工作措施和目标要求")
			s.line(2, 1, "选好用好干部", "1", "干部选任", "甲", "人事科", "每季度检查1次")
		}, "", KindCollective},
		{"document property decides a tie", func(s *sheetWriter) {
			s.line(1, 1, "责任名称", "序号", "项目任务", "责任人", "责任部门", "工作措施和目标要求")
			s.line(2, 1, "自定义事项", "1", "任务", "甲", "科室", "每季度1次")
		}, "supervision", KindSupervision},
		{"document property does not beat the title", func(s *sheetWriter) {
			collectiveForm(s, 1, 1, "党委(党组)领导班子主体责任清单")
		}, "supervision", KindCollective},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBook(t)
			tt.build(b.sheet("Sheet1"))
			if tt.prop != "" {
				if err := b.f.SetCustomProps(excelize.CustomProperty{Name: KindProperty, Value: tt.prop}); err != nil {
					t.Fatal(err)
				}
			}
			l := onlyList(t, readBook(t, b))
			if l.Kind != tt.want {
				t.Errorf("kind = %q, want %q", l.Kind, tt.want)
			}
		})
	}
}

func TestReadMergedNameOverThreeRows(t *testing.T) {
	b := newBook(t)
	s := b.sheet("Sheet1")
	s.set(1, 1, "党委(党组)领导班子主体责任清单")
	s.line(2, 1, "责任名称", "序号", "项目任务", "责任人", "责任部门", "工作措施和目标要求")
	s.line(3, 1, "（一）落实管党治党政治责任", "1", "任务甲", "张三", "党办", "一季度：甲")
	s.line(4, 1, nil, "2", "任务乙", nil, nil, nil)
	s.line(5, 1, nil, "3", nil, nil, nil, nil)
	s.merge(3, 1, 5, 1)
	s.merge(3, 4, 4, 4)
	s.merge(3, 5, 5, 5)
	s.merge(3, 6, 4, 6)
	s.line(6, 1, "1.选好用好干部", "4", "任务丁", "李四", "人事科", "每季度")
	l := onlyList(t, readBook(t, b))
	if len(l.Rows) != 4 {
		t.Fatalf("got %d rows, want 4", len(l.Rows))
	}
	for i, r := range l.Rows[:3] {
		if r.Name.Value != "（一）落实管党治党政治责任" || r.Name.Ref != "A3" {
			t.Errorf("row %d name = %q at %q, want the merged name at A3", r.Row, r.Name.Value, r.Name.Ref)
		}
		if r.Department.Value != "党办" {
			t.Errorf("row %d department = %q, want 党办", i+3, r.Department.Value)
		}
	}
	if r := l.Rows[1]; r.MeasuresRaw.Value != "一季度：甲" || r.MeasuresRaw.Ref != "F3" || r.Measures[0].Value != "甲" {
		t.Errorf("merged measures on row 4 = %q at %q, quarter 1 %q", r.MeasuresRaw.Value, r.MeasuresRaw.Ref, r.Measures[0].Value)
	}
	if l.Rows[1].Owner.Value != "张三" || l.Rows[2].Owner.Value != "" {
		t.Errorf("owners = %q %q, want 张三 and empty", l.Rows[1].Owner.Value, l.Rows[2].Owner.Value)
	}
	if l.Rows[3].Name.Value != "1.选好用好干部" {
		t.Errorf("numbered name = %q, want it kept as written", l.Rows[3].Name.Value)
	}
}

func TestReadRowsEndAtSignature(t *testing.T) {
	b := newBook(t)
	s := b.sheet("Sheet1")
	s.set(1, 1, "领导班子主要负责人责任清单")
	s.line(2, 1, "责任名称", "序号", "项目任务具体分解内容", "一季度", "二季度", "三季度", "四季度")
	s.line(3, 1, "落实一岗双责", "1", "任务", "a", "b", "c", "d")
	s.line(4, 1, "廉洁自律", nil, nil, nil, nil, nil, nil)
	s.line(5, 1, "签订责任书", "2", "逐级签订责任书（签字）", "部署", "签订", "检查", "本人签字")
	s.line(6, 1, "带头廉洁", "3", "全年", "每月自查1次")
	s.merge(6, 4, 6, 7)
	s.line(7, 1, "", " ", "")
	s.line(8, 1, nil, "5")
	s.line(9, 1, "领导班子主要负责人（签字）：", nil, "某某")
	s.line(10, 1, "备注", "2", "不是任务")
	s.line(30, 1, "", " ", "")
	l := onlyList(t, readBook(t, b))
	if len(l.Rows) != 4 || l.Rows[1].Name.Value != "廉洁自律" || l.Rows[2].Task.Value != "逐级签订责任书（签字）" {
		t.Fatalf("rows = %+v, want the task row, the name-only row and two more", l.Rows)
	}
	for q, m := range l.Rows[3].Measures {
		if m.Value != "每月自查1次" || m.Ref != "D6" {
			t.Errorf("quarter %d of measures merged across quarters = %q at %q", q+1, m.Value, m.Ref)
		}
	}
	if l.SingleMeasures || l.Quarters != [4]int{4, 5, 6, 7} || l.Columns[ColMeasures] != 4 {
		t.Errorf("quarters in the heading row: %v single %v measures %d", l.Quarters, l.SingleMeasures, l.Columns[ColMeasures])
	}
}

func TestReadHeaderFields(t *testing.T) {
	tests := []struct {
		name      string
		cells     [][]any // rows above the headings, from A1
		merges    [][4]int
		unit      string
		unitRef   string
		date      string
		dateRef   string
		person    string
		wantDate  time.Time
		position  string
		portfolio string
	}{
		{name: "label：value in one cell", cells: [][]any{{"单位(盖章)：某某小学"}, {"填报日期：2017年2月10日"}},
			unit: "某某小学", unitRef: "A1", date: "2017年2月10日", dateRef: "A2", wantDate: day(2017, 2, 10)},
		{name: "full-width brackets, colon and spaces", cells: [][]any{{"单 位（盖章）: 某某小学"}, {"填 报 日 期 ：２０１７年２月１０日"}},
			unit: "某某小学", unitRef: "A1", date: "２０１７年２月１０日", dateRef: "A2", wantDate: day(2017, 2, 10)},
		{name: "both fields in one cell", cells: [][]any{{"单位(盖章)：某某小学        填报日期：2017.2.10"}},
			unit: "某某小学", unitRef: "A1", date: "2017.2.10", dateRef: "A1", wantDate: day(2017, 2, 10)},
		{name: "label cell then value cell after empty cells", cells: [][]any{{"单  位", nil, nil, "某某小学", "姓 名", "王五", "职 务", "校长"}},
			unit: "某某小学", unitRef: "D1", person: "王五", position: "校长"},
		{name: "label cell then merged value cell", cells: [][]any{{"分管工作", "教学、后勤"}}, merges: [][4]int{{1, 2, 1, 4}},
			portfolio: "教学、后勤"},
		{name: "label with colon then value cell", cells: [][]any{{"单位（盖章）：", "某某小学", "填报日期：", "2017/2/10"}},
			unit: "某某小学", unitRef: "B1", date: "2017/2/10", dateRef: "D1", wantDate: day(2017, 2, 10)},
		{name: "empty label cell followed by another label", cells: [][]any{{"姓名", "职务", "校长"}}, position: "校长"},
		{name: "unfilled date line counts as empty", cells: [][]any{{"填报日期：   年   月   日"}}, dateRef: "A1"},
		{name: "unfilled date in its own cell", cells: [][]any{{"填报日期", "  年  月  日"}}, dateRef: "B1"},
		{name: "unfilled date with the year printed by the form", cells: [][]any{{"填报日期：2017年   月   日"}}, dateRef: "A1"},
		{name: "year and month but no day is a bad date, kept", cells: [][]any{{"填报日期：2017年2月  日"}}, date: "2017年2月  日", dateRef: "A1"},
		{name: "Excel date cell", cells: [][]any{{"填报日期", time.Date(2017, 2, 10, 0, 0, 0, 0, time.UTC)}},
			date: "2017-02-10", dateRef: "B1", wantDate: day(2017, 2, 10)},
		{name: "unparsable date kept as written", cells: [][]any{{"填报日期：二〇一七年二月"}}, date: "二〇一七年二月", dateRef: "A1"},
		{name: "联系单位 is not 单位", cells: [][]any{{"联系单位：某某幼儿园"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBook(t)
			s := b.sheet("Sheet1")
			for i, r := range tt.cells {
				s.line(i+1, 1, r...)
			}
			for _, m := range tt.merges {
				s.merge(m[0], m[1], m[2], m[3])
			}
			h := len(tt.cells) + 1
			s.line(h, 1, "责任名称", "序号", "项目任务", "工作措施和目标要求")
			s.line(h+1, 1, "落实一岗双责", "1", "任务", "每月1次")
			l := onlyList(t, readBook(t, b))
			if l.Unit.Value != tt.unit || (tt.unitRef != "" && l.Unit.Ref != tt.unitRef) {
				t.Errorf("unit = %q at %q, want %q at %q", l.Unit.Value, l.Unit.Ref, tt.unit, tt.unitRef)
			}
			if l.DateText.Value != tt.date || (tt.dateRef != "" && l.DateText.Ref != tt.dateRef) {
				t.Errorf("date = %q at %q, want %q at %q", l.DateText.Value, l.DateText.Ref, tt.date, tt.dateRef)
			}
			if !l.Date.Equal(tt.wantDate) {
				t.Errorf("parsed date = %v, want %v", l.Date, tt.wantDate)
			}
			if l.Person.Value != tt.person || l.Position.Value != tt.position || l.Portfolio.Value != tt.portfolio {
				t.Errorf("person %q position %q portfolio %q, want %q %q %q", l.Person.Value, l.Position.Value, l.Portfolio.Value, tt.person, tt.position, tt.portfolio)
			}
		})
	}
}

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2017-02-10", day(2017, 2, 10), true},
		{"2017/2/10", day(2017, 2, 10), true},
		{"2017.2.10", day(2017, 2, 10), true},
		{"2017年2月10日", day(2017, 2, 10), true},
		{"2017年02月10日", day(2017, 2, 10), true},
		{"2017 年 2 月 10 日", day(2017, 2, 10), true},
		{"２０１７年２月１０日", day(2017, 2, 10), true},
		{"２０１７－０２－１０", day(2017, 2, 10), true},
		{" 2017-2-10 ", day(2017, 2, 10), true},
		{"2017年2月10号", day(2017, 2, 10), true},
		{"2017-02-10 00:00:00", day(2017, 2, 10), true},
		{"2017-02-10T00:00:00Z", day(2017, 2, 10), true},
		{"2017/2/10 9:30", day(2017, 2, 10), true},
		{"二〇一七年二月十日", day(2017, 2, 10), true},
		{"二○一七年二月二十八日", day(2017, 2, 28), true},
		{"二零一七年十二月三十一日", day(2017, 12, 31), true},
		{"二〇一七年二月三十日", time.Time{}, false},
		{"二〇一七年二月", time.Time{}, false},
		{"2017年2月13日（星期一）", day(2017, 2, 13), true},
		{"2017年2月13日 星期一", day(2017, 2, 13), true},
		{"2017.2.13(周一)", day(2017, 2, 13), true},
		{"2017.02.13.", day(2017, 2, 13), true},
		{"2017年2月13日。", day(2017, 2, 13), true},
		{"2017年2月（星期一）", time.Time{}, false},
		{"2017-02/10", time.Time{}, false},
		{"2017年2月30日", time.Time{}, false},
		{"2017年2月", time.Time{}, false},
		{"   年   月   日", time.Time{}, false},
		{"42776", time.Time{}, false},
		{"", time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := ParseDate(tt.in)
			if ok != tt.ok || !got.Equal(tt.want) {
				t.Errorf("ParseDate(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestReadFileFindings(t *testing.T) {
	validXLSX := func(t *testing.T) []byte {
		b := newBook(t)
		collectiveForm(b.sheet("Sheet1"), 1, 1, "党委(党组)领导班子主体责任清单")
		data, err := os.ReadFile(b.save(t.TempDir(), "a.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	cfb := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 1024)...)
	tests := []struct {
		name     string
		file     string
		content  func(t *testing.T) []byte // nil: make a directory
		code     string
		severity Severity
		mention  string
	}{
		{"compound file with no workbook named .xls", "清单.xls", func(*testing.T) []byte { return cfb }, CodeUnreadable, Error, "没有可读取的工作表"},
		{"Word document that is no zip", "清单.docx", func(*testing.T) []byte { return []byte("PK") }, CodeUnreadable, Error, "文件内容不是 .docx 格式"},
		{"file without an extension", "清单", func(*testing.T) []byte { return []byte("PK") }, CodeUnsupportedFormat, Error, "不支持无扩展名的文件，能读取的格式为 .xlsx、"},
		{"text file", "清单.txt", func(*testing.T) []byte { return []byte("附件1") }, CodeUnsupportedFormat, Error, "不支持 .txt 格式，"},
		{"Word 97 document read directly", "清单.doc", func(*testing.T) []byte { return cfb }, CodeUnsupportedFormat, Error, "另存为 .docx"},
		{"WPS spreadsheet with no workbook", "清单.et", func(*testing.T) []byte { return cfb }, CodeUnreadable, Error, "另存为 .xlsx"},
		{"empty file", "清单.xlsx", func(*testing.T) []byte { return nil }, CodeUnreadable, Error, "空的"},
		{"random bytes", "清单.xlsx", func(*testing.T) []byte { return []byte("this is not a workbook at all, just text") }, CodeUnreadable, Error, "不是有效的 Excel"},
		{"truncated zip", "清单.xlsx", func(t *testing.T) []byte { d := validXLSX(t); return d[:len(d)/2] }, CodeUnreadable, Error, "损坏"},
		{"legacy xls renamed xlsx", "清单.xlsx", func(*testing.T) []byte { return cfb }, CodeUnreadable, Error, "旧版 .xls"},
		{"encrypted workbook", "清单.xlsx", func(*testing.T) []byte {
			return append(append([]byte(nil), cfb...), []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o\x00")...)
		}, CodeUnreadable, Error, "加密"},
		{"zip that is no workbook", "清单.xlsx", func(*testing.T) []byte {
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			w, _ := zw.Create("data/notes.xml") // a zip no reader claims
			w.Write([]byte("<notes/>"))
			zw.Close()
			return buf.Bytes()
		}, CodeUnreadable, Error, "不是有效的 Excel 工作簿（内容不是 .xlsx 格式"},
		{"directory named xlsx", "清单.xlsx", nil, CodeUnreadable, Error, "文件夹"},
		{"macro workbook is read", "清单.xlsm", validXLSX, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tt.file)
			var err error
			if tt.content == nil {
				err = os.Mkdir(path, 0o755)
			} else {
				err = os.WriteFile(path, tt.content(t), 0o644)
			}
			if err != nil {
				t.Fatal(err)
			}
			wb := ReadFile(DefaultCatalog(), path)
			if tt.code == "" {
				if len(wb.Findings) != 0 || len(wb.Lists) != 1 {
					t.Fatalf("findings %v lists %d, want one list", wb.Findings, len(wb.Lists))
				}
				return
			}
			if len(wb.Findings) != 1 || len(wb.Lists) != 0 {
				t.Fatalf("findings %v lists %d, want one finding", wb.Findings, len(wb.Lists))
			}
			f := wb.Findings[0]
			if f.Code != tt.code || f.Severity != tt.severity || f.File != path || !strings.Contains(f.Message, tt.mention) {
				t.Errorf("finding = %+v, want %s %s mentioning %q", f, tt.code, tt.severity, tt.mention)
			}
		})
	}
}

func TestReadScorecardAndUnrelated(t *testing.T) {
	tests := []struct {
		name       string
		build      func(b *book)
		codes      []string
		scorecards []string
		lists      int
	}{
		{"评分表 by title", func(b *book) {
			s := b.sheet("评分")
			s.set(1, 1, "县（市、区）落实“两个责任”情况督查考核评分表")
			s.line(3, 1, "考核类别", "序号", "考核项目", "标准分", "具体要求", "考核得分", "扣分说明")
		}, []string{CodeScorecardSkipped}, []string{"评分"}, 0},
		{"评分表 by headings only", func(b *book) {
			b.sheet("表").line(5, 2, "考核类别", "序号", "考核项目", "标准分", "具体要求", "考核得分", "扣分说明")
		}, []string{CodeScorecardSkipped}, []string{"表"}, 0},
		{"评分表 beside a list", func(b *book) {
			collectiveForm(b.sheet("清单"), 1, 1, "党委(党组)领导班子主体责任清单")
			b.sheet("评分").set(1, 1, "督查考核评分表")
		}, []string{CodeScorecardSkipped}, []string{"评分"}, 1},
		{"unrelated workbook", func(b *book) {
			b.sheet("工资").line(1, 1, "姓名", "工资")
		}, []string{CodeNoListFound}, nil, 0},
		{"only a hidden list", func(b *book) {
			b.sheet("封面").set(1, 1, "封面")
			collectiveForm(b.sheet("隐藏"), 1, 1, "党委(党组)领导班子主体责任清单")
			b.f.SetSheetVisible("隐藏", false)
		}, []string{CodeNoListFound}, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBook(t)
			tt.build(b)
			wb := readBook(t, b)
			var codes []string
			for _, f := range wb.Findings {
				codes = append(codes, f.Code)
			}
			if strings.Join(codes, ",") != strings.Join(tt.codes, ",") || strings.Join(wb.Scorecards, ",") != strings.Join(tt.scorecards, ",") || len(wb.Lists) != tt.lists {
				t.Errorf("codes %v scorecards %v lists %d, want %v %v %d", codes, wb.Scorecards, len(wb.Lists), tt.codes, tt.scorecards, tt.lists)
			}
			for _, f := range wb.Findings {
				if f.Code == CodeScorecardSkipped && (f.Severity != Info || !strings.Contains(f.Message, "qingdan score")) {
					t.Errorf("scorecard finding = %+v", f)
				}
			}
		})
	}
}

func TestReadFileLeavesInputUnchanged(t *testing.T) {
	b := newBook(t)
	personForm(b.sheet("Sheet1"), 1, 1, "班子成员责任清单", true)
	path := b.save(t.TempDir(), "清单.xlsx")
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	infoBefore, _ := os.Stat(path)
	if wb := ReadFile(DefaultCatalog(), path); len(wb.Lists) != 1 {
		t.Fatalf("lists = %d, findings %v", len(wb.Lists), wb.Findings)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	infoAfter, _ := os.Stat(path)
	if !bytes.Equal(before, after) || !infoBefore.ModTime().Equal(infoAfter.ModTime()) {
		t.Error("the input file changed")
	}
}

func TestReadLargeSheetBounded(t *testing.T) {
	b := newBook(t)
	collectiveForm(b.sheet("清单"), 1, 1, "党委(党组)领导班子主体责任清单")
	sw, err := b.f.NewStreamWriter(mustNewSheet(t, b.f, "大表"))
	if err != nil {
		t.Fatal(err)
	}
	for r := 1; r <= 100000; r++ {
		if err := sw.SetRow(cellName(1, r), []any{"行", r}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	wb := readBook(t, b)
	if len(wb.Lists) != 1 || len(wb.Findings) != 1 || wb.Findings[0].Code != CodeUnreadable || wb.Findings[0].Sheet != "大表" {
		t.Errorf("lists %d findings %+v, want the list and unreadable on 大表", len(wb.Lists), wb.Findings)
	}
}

func mustNewSheet(t *testing.T, f *excelize.File, name string) string {
	t.Helper()
	if _, err := f.NewSheet(name); err != nil {
		t.Fatal(err)
	}
	return name
}

func TestReadBookNil(t *testing.T) {
	wb := ReadBook(DefaultCatalog(), "x.xlsx", nil)
	if wb == nil || len(wb.Findings) != 1 || wb.Findings[0].Code != CodeUnreadable {
		t.Errorf("got %+v, want one unreadable finding", wb)
	}
}

// benchWorkbook writes a principal list with 30 task rows, a realistic submission.
func benchWorkbook(b *testing.B) string {
	f := excelize.NewFile()
	defer f.Close()
	s := &sheetWriter{f: f, name: "Sheet1", t: b}
	r := personForm(s, 1, 1, "领导班子主要负责人责任清单", false)
	for i := 0; i < 30; i++ {
		s.line(r+2+i, 1, "落实一岗双责", i+1, "抓好分管领域党风廉政建设工作，定期研究部署", "每月谈心谈话1次，召开专题会议1次", "检查2次", "通报1次", "考核1次")
	}
	s.set(r+40, 1, "领导班子主要负责人（签字）：")
	path := filepath.Join(b.TempDir(), "bench.xlsx")
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
	return path
}

func BenchmarkReadFile(b *testing.B) {
	path := benchWorkbook(b)
	c := DefaultCatalog()
	for b.Loop() {
		if wb := ReadFile(c, path); len(wb.Lists) != 1 || len(wb.Lists[0].Rows) != 30 {
			b.Fatal(wb.Findings)
		}
	}
}

// BenchmarkReadFloor is SPEC §10's floor for the same file: unzip every part
// and tokenise the sheet and shared-string XML.
func BenchmarkReadFloor(b *testing.B) {
	path := benchWorkbook(b)
	for b.Loop() {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			b.Fatal(err)
		}
		for _, zf := range zr.File {
			rc, err := zf.Open()
			if err != nil {
				b.Fatal(err)
			}
			if strings.HasPrefix(zf.Name, "xl/worksheets/") || zf.Name == "xl/sharedStrings.xml" {
				d := xml.NewDecoder(rc)
				for {
					if _, err := d.Token(); err != nil {
						break
					}
				}
			} else {
				io.Copy(io.Discard, rc)
			}
			rc.Close()
		}
	}
}

// TestReadLibreOfficeCopy reads the four forms after LibreOffice has saved
// them again (its own shared strings, styles and relationships), as a unit
// that opens and re-saves the file would send it (SPEC §11).
func TestReadLibreOfficeCopy(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil || testing.Short() {
		t.Skip("soffice not installed or -short")
	}
	b := newBook(t)
	collectiveForm(b.sheet("甲"), 1, 1, "党委(党组)领导班子主体责任清单")
	personForm(b.sheet("乙"), 1, 1, "领导班子主要负责人责任清单", false)
	personForm(b.sheet("丙"), 1, 1, "班子成员责任清单", true)
	supervisionForm(b.sheet("丁"), 1, 1, "纪委(纪检组)监督责任清单")
	in := b.save(t.TempDir(), "forms.xlsx")
	out := t.TempDir()
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.ToSlash(t.TempDir()), "--convert-to", "xlsx", "--outdir", out, in)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	path := filepath.Join(out, "forms.xlsx")
	wb := ReadFile(DefaultCatalog(), path)
	sameAsExcelize(t, path, wb)
	if len(wb.Lists) != 4 || len(wb.Findings) != 0 {
		t.Fatalf("lists %d findings %v, want 4 lists", len(wb.Lists), wb.Findings)
	}
	for i, want := range []Kind{KindCollective, KindPrincipal, KindMember, KindSupervision} {
		l := wb.Lists[i]
		if l.Kind != want || len(l.Rows) == 0 || l.Rows[0].Measures[0].Value == "" {
			t.Errorf("list %d: kind %s rows %d, want %s with measures", i, l.Kind, len(l.Rows), want)
		}
	}
	if l := wb.Lists[3]; l.Unit.Value != "某某中学" || !l.Date.Equal(day(2017, 2, 10)) {
		t.Errorf("supervision unit %q date %v", l.Unit.Value, l.Date)
	}
}

func TestReadZipBombRefused(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml"} {
		w, _ := zw.Create(name)
		w.Write([]byte("<x/>"))
	}
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	zeros := make([]byte, 1<<20)
	for range (unzipSizeLimit >> 20) + 1 {
		w.Write(zeros)
	}
	zw.Close()
	path := filepath.Join(t.TempDir(), "bomb.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	wb := ReadFile(DefaultCatalog(), path)
	if len(wb.Findings) != 1 || wb.Findings[0].Code != CodeUnreadable || !strings.Contains(wb.Findings[0].Message, "过大") {
		t.Errorf("findings = %+v, want unreadable 过大", wb.Findings)
	}
}

func TestReadHugeCellTruncated(t *testing.T) {
	b := newBook(t)
	s := b.sheet("Sheet1")
	collectiveForm(s, 1, 1, "党委(党组)领导班子主体责任清单")
	s.set(5, 3, strings.Repeat("很长的任务", 1<<16))
	s2 := b.sheet("深度隐藏")
	supervisionForm(s2, 1, 1, "纪委(纪检组)监督责任清单")
	if err := b.f.SetSheetVisible("深度隐藏", false, true); err != nil {
		t.Fatal(err)
	}
	l := onlyList(t, readBook(t, b))
	task := l.Rows[1].Task.Value
	if len(task) > readLimits.MaxCellBytes || !strings.HasPrefix(task, "很长的任务") || !utf8.ValidString(task) {
		t.Errorf("task of %d bytes, want at most %d valid UTF-8", len(task), readLimits.MaxCellBytes)
	}
}
