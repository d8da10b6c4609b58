package ledger

import (
	"cmp"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"qingdan/checklist"
	"qingdan/internal/calendar"
	"qingdan/internal/grid"
)

// Finding codes of the ledger check, each defined here only.
const (
	CodeBadLedger           = "bad-ledger"
	CodeTaskOverdue         = "task-overdue"
	CodeDoneWithoutEvidence = "done-without-evidence"
	CodeDoneWithoutDate     = "done-without-date"
	CodeBadDate             = "bad-date"
	CodeBadNumber           = "bad-number"
	CodeDoneInFuture        = "done-in-future"
	CodeMeetingMissing      = "meeting-missing"
	CodeEvidenceLate        = "evidence-late"
	CodeEvidenceOverdue     = "evidence-overdue"
	CodeCalendarUnknown     = "calendar-unknown"
	CodeTalkBelowRatio      = "talk-below-ratio"
	CodeTalkMissing         = "talk-missing"
	CodeTalkBaseMissing     = "talk-base-missing"
	CodeLectureMissing      = "lecture-missing"
	CodeLedgerMismatch      = "ledger-mismatch"
)

// EvidenceDays is the notice's limit: 会议记录、照片 reach the 监察室 within
// 5 working days after the meeting.
const EvidenceDays = 5

// Rule is one ledger check, a value like checklist.Rule: Check adds the
// rule's findings and counts to the pass.
type Rule struct {
	Code     string
	Severity checklist.Severity // the usual severity; a finding may set its own
	Doc      string
	Check    func(*Pass)
}

// Rules are every ledger check, in report order.
var Rules = []*Rule{
	ruleBadDate, ruleBadNumber,
	ruleTaskOverdue, ruleDoneWithoutEvidence, ruleDoneWithoutDate, ruleDoneInFuture,
	ruleMeetingMissing, ruleEvidenceLate, ruleEvidenceOverdue,
	ruleTalkMissing, ruleTalkBaseMissing, ruleTalkBelowRatio,
	ruleLectureMissing, ruleLedgerMismatch,
}

// Options are what a check needs beside the ledger.
type Options struct {
	AsOf     time.Time
	Calendar *calendar.Calendar
	// Lists holds each unit's tasks from its lists, by checklist.UnitKey;
	// nil without --lists, when ledger-mismatch does not run.
	Lists map[string][]Task
}

// Result is one ledger's findings and the counts of the summary row.
type Result struct {
	Path     string              `json:"path"`
	Unit     string              `json:"unit"`
	Year     int                 `json:"year"`
	Counts   Counts              `json:"counts"`
	Status   string              `json:"status"`
	Meetings []Meeting           `json:"meetings"` // each meeting held, with the 报送期限 the check computed
	Findings []checklist.Finding `json:"findings"`
}

// Meeting is one quarterly meeting as the check saw it: the 报送期限 column
// of 季度会议, filled by the check.
type Meeting struct {
	Quarter  string `json:"quarter"`
	Date     string `json:"date"`
	Deadline string `json:"deadline"` // the fifth working day after Date; "" when the calendar does not know the year
	Sent     string `json:"sent"`     // "" when not yet sent
	State    string `json:"state"`    // one of the Evidence… states
}

// Meeting states.
const (
	EvidenceOnTime  = "按时"
	EvidenceLate    = "晚报"
	EvidenceOverdue = "未报（逾期）"
	EvidencePending = "未报"
	// EvidenceSentNoDeadline is a meeting in a year the calendar does not know.
	EvidenceSentNoDeadline = "已报（无法计算期限）"
)

// Counts are a unit's numbers for the monthly 抽查 and the 通报.
type Counts struct {
	TasksDue        int `json:"tasks_due"` // tasks whose quarter has ended
	TasksDone       int `json:"tasks_done"`
	TasksOverdue    int `json:"tasks_overdue"`
	MeetingsDue     int `json:"meetings_due"`
	MeetingsHeld    int `json:"meetings_held"`
	EvidenceOnTime  int `json:"evidence_on_time"`
	TalkMonthsBelow int `json:"talk_months_below"` // talker × month short of 8% or missing
	LecturesGiven   int `json:"lectures_given"`
	Lecturers       int `json:"lecturers"`
	Errors          int `json:"errors"`
	Warnings        int `json:"warnings"`
	Infos           int `json:"infos"`
}

// The three statuses of the summary, and what makes each.
const (
	StatusRed    = "红"
	StatusYellow = "黄"
	StatusGreen  = "绿"
)

// StatusRule says in Chinese how the colour is chosen, for the README and the sheet.
const StatusRule = "红：有任一“错误”（任务逾期超过下季度首月、季度会议未开、佐证逾期未报、谈话未达8%或未记录、年终未讲党课、台账与清单不符等）；" +
	"黄：没有错误但有“警告”（任务刚逾期、完成未附佐证或日期、佐证晚报、谈话基数未填等）；绿：既无错误也无警告。"

// Status is the colour of a result: red for any error, yellow for any
// warning, green otherwise.
func Status(fs []checklist.Finding) string {
	e, w, _ := checklist.CountSeverities(fs)
	switch {
	case e > 0:
		return StatusRed
	case w > 0:
		return StatusYellow
	}
	return StatusGreen
}

// Pass is what a rule sees of one ledger.
type Pass struct {
	Path, Unit string
	Year       int
	Opts       Options
	Tasks      *table
	Meetings   *table
	Talks      *table
	Lectures   *table
	Counts     Counts
	rule       *Rule
	findings   []checklist.Finding
}

// report adds a finding of the running rule at the cell under heading h in row.
func (p *Pass) report(t *table, row int, h string, sev checklist.Severity, format string, args ...any) {
	f := checklist.Finding{Code: p.rule.Code, Severity: sev, File: p.Path, Message: fmt.Sprintf(format, args...)}
	if t != nil {
		f.Sheet = t.sheet.Name
		f.Cell = t.ref(row, h)
	}
	p.findings = append(p.findings, f)
}

func (p *Pass) reportSheet(sheet string, sev checklist.Severity, format string, args ...any) {
	p.findings = append(p.findings, checklist.Finding{Code: p.rule.Code, Severity: sev, File: p.Path, Sheet: sheet, Message: fmt.Sprintf(format, args...)})
}

// past reports whether day d is over as of the check: it ended before the as-of date.
func (p *Pass) past(d time.Time) bool { return d.Before(p.Opts.AsOf) }

// CheckFile reads a filled ledger through the sheet model and checks it.
func CheckFile(path string, opts Options) Result {
	b, err := grid.ReadFile(path, grid.DefaultLimits())
	if err != nil {
		reason := err.Error()
		var ge *grid.Error
		if errors.As(err, &ge) {
			reason = ge.Reason
		}
		fs := []checklist.Finding{{Code: checklist.CodeUnreadable, Severity: checklist.Error, File: path, Message: reason}}
		return Result{Path: path, Unit: unitFromPath(path), Findings: fs, Status: StatusRed, Counts: Counts{Errors: 1}}
	}
	return Check(path, b, opts)
}

// unitFromPath is the unit a ledger's file name gives (FileName's form).
func unitFromPath(path string) string {
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	return strings.TrimSpace(strings.TrimSuffix(base, "落实台账"))
}

// Check runs every rule on a ledger book.
func Check(path string, b *grid.Book, opts Options) Result {
	p := &Pass{Path: path, Opts: opts}
	p.Year, p.Unit = yearAndUnit(b)
	if p.Unit == "" {
		p.Unit = unitFromPath(path)
	}
	p.rule = &Rule{Code: CodeBadLedger}
	if !slices.ContainsFunc(sheetOrder, func(name string) bool { return sheetNamed(b, name) != nil }) {
		p.reportSheet("", checklist.Error, "此文件不是落实台账：没有“%s”工作表。请交回用 qingdan ledger 生成的台账", strings.Join(sheetOrder, "”“"))
		return p.result()
	}
	if p.Year == 0 {
		p.reportSheet(SheetTasks, checklist.Error, "找不到台账的年度：标题行应写明“某某学校 2017年度…落实台账”。请用 qingdan ledger 重新生成台账，把已填内容粘贴进去")
		return p.result()
	}
	for _, s := range []struct {
		name string
		t    **table
	}{{SheetTasks, &p.Tasks}, {SheetMeetings, &p.Meetings}, {SheetTalks, &p.Talks}, {SheetLectures, &p.Lectures}} {
		t, missing := readTable(b, s.name)
		switch {
		case t != nil:
			*s.t = t
		case sheetNamed(b, s.name) == nil:
			p.reportSheet(s.name, checklist.Error, "台账中没有工作表“%s”，这部分未能检查。请不要删除或改名台账的工作表", s.name)
		default:
			p.reportSheet(s.name, checklist.Error, "工作表“%s”前%d行中找不到表头“%s”，这部分未能检查。请恢复台账原有的表头文字", s.name, headingRows, strings.Join(missing, "、"))
		}
	}
	for _, r := range Rules {
		p.rule = r
		r.Check(p)
	}
	return p.result()
}

func (p *Pass) result() Result {
	checklist.SortFindings(p.findings)
	// Sheets in workbook order, as the clerk turns the pages.
	slices.SortStableFunc(p.findings, func(a, b checklist.Finding) int {
		return cmp.Compare(slices.Index(sheetOrder, squeeze(a.Sheet)), slices.Index(sheetOrder, squeeze(b.Sheet)))
	})
	fs := p.findings
	if fs == nil {
		fs = []checklist.Finding{}
	}
	c := p.Counts
	c.Errors, c.Warnings, c.Infos = checklist.CountSeverities(fs)
	return Result{Path: p.Path, Unit: p.Unit, Year: p.Year, Counts: c, Status: Status(fs), Meetings: p.meetingLog(), Findings: fs}
}

// squeeze drops the spaces of a sheet name, as sheetNamed matches it.
func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

var sheetOrder = []string{SheetTasks, SheetMeetings, SheetTalks, SheetLectures}

func ymd(t time.Time) string { return t.Format("2006-01-02") }
