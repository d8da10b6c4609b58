// Package ledger is the second half of the notice, 落实: it turns a unit's
// accepted lists into its quarterly ledger workbook (落实台账: tasks by
// quarter, quarterly meetings, monthly talks, yearly 党课), and checks the
// ledgers the units fill in against the notice's calendar.
package ledger

import (
	"cmp"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"qingdan/checklist"
)

// Sheet names of the ledger workbook: a contract for other programs.
const (
	SheetTasks    = "任务台账"
	SheetMeetings = "季度会议"
	SheetTalks    = "谈心谈话"
	SheetLectures = "党课"
)

// Column headings, a contract for other programs: the check finds columns
// by these texts, so a clerk may reorder columns.
const (
	HList       = "清单"
	HName       = "责任名称"
	HTask       = "项目任务"
	HQuarter    = "季度"
	HMeasures   = "工作措施和目标要求"
	HOwner      = "责任人"
	HDepartment = "责任部门"
	HDue        = "计划完成"
	HStatus     = "完成情况"
	HDoneDate   = "完成日期"
	HEvidence   = "佐证材料"
	HClosed     = "销号"
	HNote       = "备注"

	HMeetingDate  = "会议日期"
	HMeetingName  = "会议名称"
	HReporters    = "汇报人"
	HCommenters   = "点评人"
	HEvidenceSent = "佐证报送日期"
	HEvidenceDue  = "报送期限"

	HMonth    = "月份"
	HTalker   = "谈话人"
	HScope    = "对象范围"
	HBase     = "对象总人数"
	HRequired = "应谈人数"
	HTalked   = "实谈人数"
	HRecord   = "记录"

	HPerson       = "姓名"
	HPosition     = "职务"
	HLectureDate  = "党课日期"
	HLectureTitle = "题目"
)

// Headings of each sheet, in the generated order.
var (
	TaskHeadings    = []string{HList, HName, HTask, HQuarter, HMeasures, HOwner, HDepartment, HDue, HStatus, HDoneDate, HEvidence, HClosed, HNote}
	MeetingHeadings = []string{HQuarter, HMeetingDate, HMeetingName, HReporters, HCommenters, HEvidenceSent, HEvidenceDue, HNote}
	TalkHeadings    = []string{HMonth, HTalker, HScope, HBase, HRequired, HTalked, HRecord, HNote}
	LectureHeadings = []string{HPerson, HPosition, HLectureDate, HLectureTitle, HRecord}
)

// The 完成情况 choices and the 销号 mark.
const (
	StatusNotStarted = "未开始"
	StatusInProgress = "推进中"
	StatusDone       = "已完成"
	StatusNotDone    = "未完成"
	MarkClosed       = "√"
)

// Statuses are the 完成情况 drop-down, in order.
var Statuses = []string{StatusNotStarted, StatusInProgress, StatusDone, StatusNotDone}

// TalkPercent is the notice's monthly ratio: at least 8% of the people in range.
const TalkPercent = 8

// Required is how many people must be talked with out of base: 8%, rounded
// up to a whole person.
func Required(base int) int { return (base*TalkPercent + 99) / 100 }

// Quarters names the quarters as the forms do.
var Quarters = [4]string{"一季度", "二季度", "三季度", "四季度"}

// QuarterEnd is the last day of quarter q (1–4) of year.
func QuarterEnd(year, q int) time.Time {
	return time.Date(year, time.Month(3*q+1), 0, 0, 0, 0, 0, time.UTC)
}

// MonthName is how the 谈心谈话 sheet names month m.
func MonthName(m int) string { return fmt.Sprintf("%d月", m) }

// Property names of the ledger workbook, beside checklist.KindProperty.
const (
	PropYear = "qingdan.year"
	PropUnit = "qingdan.unit"
	KindName = "ledger"
)

// Ledger is what a unit's ledger holds before the clerk fills it in.
type Ledger struct {
	Unit     string
	Year     int
	Tasks    []Task
	Talkers  []Person // 主要负责人 first, then each 班子成员
	Lecturer []Person // everyone who owes a 党课
}

// Task is one row of 任务台账: one task of one list in one quarter.
type Task struct {
	List, Name, Task   string
	Quarter            int // 1–4
	Measures           string
	Owner, Department  string
	Status, DoneText   string // filled by the clerk; read back by the check
	Evidence, Closed   string
	Row                int // 1-based sheet row when read back
	StatusCol, DateCol int
}

// Key is what 对账 matches a ledger row and a list task on.
func (t Task) Key() string {
	return strings.Join([]string{checklist.Normalize(t.List), checklist.Normalize(t.Name), checklist.Normalize(t.Task), Quarters[t.Quarter-1]}, "\x00")
}

// Person is a talker or a lecturer.
type Person struct {
	Name, Position, Scope string
}

// Exts are the extensions a folder of returned ledgers is walked for:
// spreadsheets only, so the 佐证 scans and photos beside them are left alone.
var Exts = []string{".xlsx", ".xlsm", ".xls", ".et", ".ett", ".ods"}

// FileName is the ledger file of a unit.
func FileName(unit string) string { return unit + " 落实台账.xlsx" }

// IsLedgerFile reports whether a file is named as a ledger FileName gives,
// so that a folder of lists with its ledgers beside them reads as lists.
func IsLedgerFile(path string) bool {
	return strings.HasSuffix(strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)), "落实台账")
}

// Build makes a unit's ledger from its lists: every task of every list in
// each of the four quarters, the 主要负责人 (附件2) and each 班子成员 (附件3)
// as talkers, and both as lecturers.
func Build(c *checklist.Catalog, unit string, year int, lists []*checklist.List) *Ledger {
	l := &Ledger{Unit: unit, Year: year}
	for _, li := range lists {
		l.Tasks = append(l.Tasks, ListTasks(c, li)...)
	}
	seen := map[string]bool{}
	for _, kind := range []checklist.Kind{checklist.KindPrincipal, checklist.KindMember} {
		for _, li := range lists {
			name := strings.TrimSpace(li.Person.Value)
			if li.Kind != kind || name == "" || seen[name] {
				continue
			}
			seen[name] = true
			p := Person{Name: name, Position: strings.TrimSpace(li.Position.Value), Scope: talkScope(li)}
			l.Talkers = append(l.Talkers, p)
			l.Lecturer = append(l.Lecturer, p)
		}
	}
	return l
}

// talkScope says whom the talker must talk with, as section 3 of the notice does.
func talkScope(li *checklist.List) string {
	if li.Kind == checklist.KindPrincipal {
		return "班子成员和下属单位主要负责人"
	}
	var parts []string
	if v := strings.TrimSpace(li.Portfolio.Value); v != "" {
		parts = append(parts, "分管："+v)
	}
	if v := strings.TrimSpace(li.Contacts.Value); v != "" {
		parts = append(parts, "联系："+v)
	}
	if len(parts) == 0 {
		return "分管、联系部门主要负责人"
	}
	return "分管、联系部门主要负责人（" + strings.Join(parts, "；") + "）"
}

// ListLabel names a list in the 清单 column: the attachment and title, and
// the person for attachments 2 and 3.
func ListLabel(c *checklist.Catalog, li *checklist.List) string {
	label := c.KindName(li.Kind)
	if s := c.Kind(li.Kind); s != nil {
		label = fmt.Sprintf("附件%d %s", s.Attachment, s.Title)
	}
	if p := strings.TrimSpace(li.Person.Value); p != "" {
		label += "（" + p + "）"
	}
	return label
}

// ListTasks is every task row of a list, once per quarter.
func ListTasks(c *checklist.Catalog, li *checklist.List) []Task {
	label := ListLabel(c, li)
	var out []Task
	for _, r := range li.Rows {
		task := strings.TrimSpace(r.Task.Value)
		if task == "" {
			continue
		}
		// Attachments 2 and 3 have no 责任人 column: the person is the owner.
		owner := cmp.Or(strings.TrimSpace(r.Owner.Value), strings.TrimSpace(li.Person.Value))
		for q := 1; q <= 4; q++ {
			out = append(out, Task{
				List: label, Name: strings.TrimSpace(r.Name.Value), Task: task, Quarter: q,
				Measures: strings.TrimSpace(r.Measures[q-1].Value),
				Owner:    owner, Department: strings.TrimSpace(r.Department.Value),
			})
		}
	}
	return out
}
