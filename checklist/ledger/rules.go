package ledger

import (
	"errors"
	"fmt"
	"time"

	"qingdan/checklist"
	"qingdan/internal/calendar"
)

// dateHeadings are the cells each sheet holds dates in.
var dateHeadings = map[string][]string{
	SheetTasks:    {HDue, HDoneDate},
	SheetMeetings: {HMeetingDate, HEvidenceSent},
	SheetLectures: {HLectureDate},
}

// tables pairs each sheet read with its name, in workbook order.
func (p *Pass) tables() []*table {
	var out []*table
	for _, t := range []*table{p.Tasks, p.Meetings, p.Talks, p.Lectures} {
		if t != nil {
			out = append(out, t)
		}
	}
	return out
}

var ruleBadDate = &Rule{
	Code: CodeBadDate, Severity: checklist.Error,
	Doc: "日期单元格写的不是日期",
	Check: func(p *Pass) {
		for _, t := range p.tables() {
			for _, h := range dateHeadings[t.sheet.Name] {
				for _, row := range t.rows {
					if _, _, bad := t.date(row, h); bad {
						p.report(t, row, h, checklist.Error, "“%s”写的“%s”不是日期，请写成 2017-10-09 或 2017年10月9日", h, t.text(row, h))
					}
				}
			}
		}
	},
}

var ruleBadNumber = &Rule{
	Code: CodeBadNumber, Severity: checklist.Error,
	Doc: "谈话人数不是整数",
	Check: func(p *Pass) {
		if p.Talks == nil {
			return
		}
		for _, row := range p.Talks.rows {
			for _, h := range []string{HBase, HTalked} {
				if _, _, bad := p.Talks.number(row, h); bad {
					p.report(p.Talks, row, h, checklist.Error, "“%s”写的“%s”不是人数，请只填整数，如 12", h, p.Talks.text(row, h))
				}
			}
		}
	},
}

// taskDue is when a task row is due: its 计划完成, else its quarter's last day.
func (p *Pass) taskDue(row int) (time.Time, bool) {
	if d, ok, _ := p.Tasks.date(row, HDue); ok {
		return d, true
	}
	if q := quarterOf(p.Tasks.text(row, HQuarter)); q > 0 {
		return QuarterEnd(p.Year, q), true
	}
	return time.Time{}, false
}

// taskRows are the rows of 任务台账 naming a task.
func (p *Pass) taskRows() []int {
	if p.Tasks == nil {
		return nil
	}
	var out []int
	for _, row := range p.Tasks.rows {
		if p.Tasks.text(row, HTask) != "" {
			out = append(out, row)
		}
	}
	return out
}

func (p *Pass) taskLabel(row int) string {
	return fmt.Sprintf("「%s」%s", p.Tasks.text(row, HTask), p.Tasks.text(row, HQuarter))
}

func (p *Pass) done(row int) bool { return p.Tasks.text(row, HStatus) == StatusDone }

var ruleTaskOverdue = &Rule{
	Code: CodeTaskOverdue, Severity: checklist.Error,
	Doc: "季度已过而任务未完成：下季度首月过后为错误，此前为警告",
	Check: func(p *Pass) {
		for _, row := range p.taskRows() {
			if p.done(row) {
				p.Counts.TasksDone++
			}
			due, ok := p.taskDue(row)
			if !ok || !p.past(due) {
				continue
			}
			p.Counts.TasksDue++
			if p.done(row) {
				continue
			}
			p.Counts.TasksOverdue++
			sev := checklist.Warning
			// The grace is the first month of the next quarter.
			if !p.Opts.AsOf.Before(time.Date(due.Year(), due.Month()+2, 1, 0, 0, 0, 0, time.UTC)) {
				sev = checklist.Error
			}
			status := p.Tasks.text(row, HStatus)
			if status == "" {
				status = "未填"
			}
			p.report(p.Tasks, row, HStatus, sev, "任务%s应于 %s 前完成，截至 %s 完成情况为“%s”", p.taskLabel(row), ymd(due), ymd(p.Opts.AsOf), status)
		}
	},
}

var ruleDoneWithoutEvidence = &Rule{
	Code: CodeDoneWithoutEvidence, Severity: checklist.Warning,
	Doc: "任务已完成但未写佐证材料",
	Check: func(p *Pass) {
		for _, row := range p.taskRows() {
			if p.done(row) && p.Tasks.text(row, HEvidence) == "" {
				p.report(p.Tasks, row, HEvidence, checklist.Warning, "任务%s已完成，但未写佐证材料（会议记录、照片、文件等），不能销号", p.taskLabel(row))
			}
		}
	},
}

var ruleDoneWithoutDate = &Rule{
	Code: CodeDoneWithoutDate, Severity: checklist.Warning,
	Doc: "任务已完成但未写完成日期",
	Check: func(p *Pass) {
		for _, row := range p.taskRows() {
			if p.done(row) && p.Tasks.text(row, HDoneDate) == "" {
				p.report(p.Tasks, row, HDoneDate, checklist.Warning, "任务%s已完成，但未写完成日期", p.taskLabel(row))
			}
		}
	},
}

var ruleDoneInFuture = &Rule{
	Code: CodeDoneInFuture, Severity: checklist.Error,
	Doc: "完成日期晚于检查日期",
	Check: func(p *Pass) {
		for _, row := range p.taskRows() {
			if d, ok, _ := p.Tasks.date(row, HDoneDate); ok && d.After(p.Opts.AsOf) {
				p.report(p.Tasks, row, HDoneDate, checklist.Error, "任务%s的完成日期 %s 晚于检查日期 %s，请核实", p.taskLabel(row), ymd(d), ymd(p.Opts.AsOf))
			}
		}
	},
}

// meetingRows are the 季度会议 rows of quarter q.
func (p *Pass) meetingRows(q int) []int {
	var out []int
	for _, row := range p.Meetings.rows {
		if quarterOf(p.Meetings.text(row, HQuarter)) == q {
			out = append(out, row)
		}
	}
	return out
}

var ruleMeetingMissing = &Rule{
	Code: CodeMeetingMissing, Severity: checklist.Error,
	Doc: "已过的季度没有季度内的会议日期",
	Check: func(p *Pass) {
		if p.Meetings == nil {
			return
		}
		for q := 1; q <= 4; q++ {
			end := QuarterEnd(p.Year, q)
			if !p.past(end) {
				continue
			}
			p.Counts.MeetingsDue++
			start := QuarterEnd(p.Year, q).AddDate(0, -3, 1)
			rows := p.meetingRows(q)
			held, outside := false, ""
			for _, row := range rows {
				if d, ok, _ := p.Meetings.date(row, HMeetingDate); ok {
					if !d.Before(start) && !d.After(end) {
						held = true
					} else if outside == "" {
						outside = ymd(d)
					}
				}
			}
			if held {
				p.Counts.MeetingsHeld++
				continue
			}
			quarter := fmt.Sprintf("%d年%s", p.Year, Quarters[q-1])
			switch {
			case len(rows) == 0:
				p.reportSheet(p.Meetings.sheet.Name, checklist.Error, "%s已结束，没有该季度的会议记录行", quarter)
			case outside != "":
				p.report(p.Meetings, rows[0], HMeetingDate, checklist.Error, "%s的会议日期 %s 不在本季度（%s 至 %s）内", quarter, outside, ymd(start), ymd(end))
			default:
				p.report(p.Meetings, rows[0], HMeetingDate, checklist.Error, "%s已结束，未填会议日期：每季度应召开党委（支部）会议专题听取“一岗双责”情况汇报", quarter)
			}
		}
	},
}

// evidenceDeadline is the last day the meeting's 会议记录、照片 may reach the
// 监察室; ok is false when the row has no meeting date or the calendar
// does not know the year, which ruleEvidenceLate reports once.
func (p *Pass) evidenceDeadline(row int) (meeting, deadline time.Time, ok bool, err error) {
	meeting, ok, _ = p.Meetings.date(row, HMeetingDate)
	if !ok {
		return meeting, deadline, false, nil
	}
	deadline, err = p.Opts.Calendar.WorkdaysAfter(meeting, EvidenceDays)
	return meeting, deadline, err == nil, err
}

var ruleEvidenceLate = &Rule{
	Code: CodeEvidenceLate, Severity: checklist.Warning,
	Doc: "佐证报送日期晚于会议后第5个工作日（按国务院节假日安排计算）",
	Check: func(p *Pass) {
		if p.Meetings == nil {
			return
		}
		for _, row := range p.Meetings.rows {
			meeting, deadline, ok, err := p.evidenceDeadline(row)
			var ue *calendar.UnknownYearError
			if errors.As(err, &ue) {
				p.findings = append(p.findings, checklist.Finding{Code: CodeCalendarUnknown, Severity: checklist.Error, File: p.Path,
					Sheet: SheetMeetings, Cell: p.Meetings.ref(row, HMeetingDate), Message: err.Error()})
			}
			if !ok {
				continue
			}
			sent, sentOK, _ := p.Meetings.date(row, HEvidenceSent)
			if !sentOK {
				continue
			}
			if sent.After(deadline) {
				p.report(p.Meetings, row, HEvidenceSent, checklist.Warning, "会议日期 %s，会议记录和照片应在 %d 个工作日内（%s 前）报送监察室，实际 %s 报送", ymd(meeting), EvidenceDays, ymd(deadline), ymd(sent))
				continue
			}
			p.Counts.EvidenceOnTime++
		}
	},
}

var ruleEvidenceOverdue = &Rule{
	Code: CodeEvidenceOverdue, Severity: checklist.Error,
	Doc: "会议后5个工作日的报送期限已过而佐证仍未报送",
	Check: func(p *Pass) {
		if p.Meetings == nil {
			return
		}
		for _, row := range p.Meetings.rows {
			meeting, deadline, ok, _ := p.evidenceDeadline(row)
			if !ok || p.Meetings.text(row, HEvidenceSent) != "" || !p.past(deadline) {
				continue
			}
			p.report(p.Meetings, row, HEvidenceSent, checklist.Error, "会议日期 %s，会议记录和照片的报送期限 %s（会后第 %d 个工作日）已过，仍未填写佐证报送日期", ymd(meeting), ymd(deadline), EvidenceDays)
		}
	},
}

// meetingLog lists every meeting with a date, its 报送期限 and whether
// the evidence came in time, for the summary's 会议佐证 sheet.
func (p *Pass) meetingLog() []Meeting {
	out := []Meeting{}
	if p.Meetings == nil {
		return out
	}
	for _, row := range p.Meetings.rows {
		meeting, deadline, ok, _ := p.evidenceDeadline(row)
		if meeting.IsZero() {
			continue
		}
		m := Meeting{Quarter: p.Meetings.text(row, HQuarter), Date: ymd(meeting), State: EvidencePending}
		sent, sentOK, _ := p.Meetings.date(row, HEvidenceSent)
		if sentOK {
			m.Sent, m.State = ymd(sent), EvidenceSentNoDeadline
		}
		if ok {
			m.Deadline = ymd(deadline)
			switch {
			case sentOK && sent.After(deadline):
				m.State = EvidenceLate
			case sentOK:
				m.State = EvidenceOnTime
			case p.past(deadline):
				m.State = EvidenceOverdue
			}
		}
		out = append(out, m)
	}
	return out
}

// talkMonths gives, for each talker in order of first appearance, the row of each month.
func (p *Pass) talkMonths() (talkers []string, rows map[string]map[int]int) {
	rows = map[string]map[int]int{}
	for _, row := range p.Talks.rows {
		who, m := p.Talks.text(row, HTalker), monthOf(p.Talks.text(row, HMonth), p.Talks.date1904)
		if who == "" || m == 0 {
			continue
		}
		if rows[who] == nil {
			rows[who] = map[int]int{}
			talkers = append(talkers, who)
		}
		if _, dup := rows[who][m]; !dup {
			rows[who][m] = row
		}
	}
	return talkers, rows
}

// pastMonths are the months of the ledger's year that ended before the as-of date.
func (p *Pass) pastMonths() []int {
	var out []int
	for m := 1; m <= 12; m++ {
		if p.past(time.Date(p.Year, time.Month(m+1), 0, 0, 0, 0, 0, time.UTC)) {
			out = append(out, m)
		}
	}
	return out
}

var ruleTalkMissing = &Rule{
	Code: CodeTalkMissing, Severity: checklist.Error,
	Doc: "已过的月份没有谈心谈话记录",
	Check: func(p *Pass) {
		if p.Talks == nil {
			return
		}
		talkers, rows := p.talkMonths()
		for _, who := range talkers {
			for _, m := range p.pastMonths() {
				row, ok := rows[who][m]
				switch {
				case !ok:
					p.Counts.TalkMonthsBelow++
					p.reportSheet(p.Talks.sheet.Name, checklist.Error, "%s %d年%d月没有谈心谈话记录行", who, p.Year, m)
				case p.Talks.text(row, HTalked) == "":
					p.Counts.TalkMonthsBelow++
					p.report(p.Talks, row, HTalked, checklist.Error, "%s %d年%d月未填实谈人数：每月应按不低于8%%的比例谈心谈话，并有迹可查", who, p.Year, m)
				}
			}
		}
	},
}

var ruleTalkBaseMissing = &Rule{
	Code: CodeTalkBaseMissing, Severity: checklist.Warning,
	Doc: "未填对象总人数，无法计算应谈人数",
	Check: func(p *Pass) {
		if p.Talks == nil {
			return
		}
		talkers, rows := p.talkMonths()
		for _, who := range talkers {
			for _, m := range p.pastMonths() {
				if row, ok := rows[who][m]; ok && p.Talks.text(row, HBase) == "" {
					p.report(p.Talks, row, HBase, checklist.Warning, "%s %d年%d月未填对象总人数，无法核对是否达到8%%", who, p.Year, m)
				}
			}
		}
	},
}

var ruleTalkBelowRatio = &Rule{
	Code: CodeTalkBelowRatio, Severity: checklist.Error,
	Doc: "实谈人数少于对象总人数的8%（向上取整）",
	Check: func(p *Pass) {
		if p.Talks == nil {
			return
		}
		talkers, rows := p.talkMonths()
		for _, who := range talkers {
			for _, m := range p.pastMonths() {
				row, ok := rows[who][m]
				if !ok {
					continue
				}
				base, okBase, _ := p.Talks.number(row, HBase)
				talked, okTalked, _ := p.Talks.number(row, HTalked)
				if okBase && okTalked && talked < Required(base) {
					p.Counts.TalkMonthsBelow++
					p.report(p.Talks, row, HTalked, checklist.Error, "%s %d年%d月实谈 %d 人，少于应谈 %d 人（对象总人数 %d 人的8%%，向上取整）", who, p.Year, m, talked, Required(base), base)
				}
			}
		}
	},
}

var ruleLectureMissing = &Rule{
	Code: CodeLectureMissing, Severity: checklist.Error,
	Doc: "年度结束仍未讲党课为错误；四季度内尚未讲为提示",
	Check: func(p *Pass) {
		if p.Lectures == nil {
			return
		}
		yearEnd := time.Date(p.Year, 12, 31, 0, 0, 0, 0, time.UTC)
		q4 := time.Date(p.Year, 10, 1, 0, 0, 0, 0, time.UTC)
		for _, row := range p.Lectures.rows {
			who := p.Lectures.text(row, HPerson)
			if who == "" {
				continue
			}
			p.Counts.Lecturers++
			_, ok, bad := p.Lectures.date(row, HLectureDate)
			switch {
			case ok:
				p.Counts.LecturesGiven++
			case bad:
			case p.past(yearEnd):
				p.report(p.Lectures, row, HLectureDate, checklist.Error, "%s %d年度未讲党课：主要负责人和班子成员每年至少讲1次党课", who, p.Year)
			case !p.Opts.AsOf.Before(q4):
				p.report(p.Lectures, row, HLectureDate, checklist.Info, "%s %d年度尚未讲党课，请在年底前安排", who, p.Year)
			}
		}
	},
}

var ruleLedgerMismatch = &Rule{
	Code: CodeLedgerMismatch, Severity: checklist.Error,
	Doc: "台账与清单不一致（对账）：清单中的任务不在台账中，或台账中的任务在清单中已改动",
	Check: func(p *Pass) {
		if p.Opts.Lists == nil || p.Tasks == nil {
			return
		}
		want, ok := p.Opts.Lists[checklist.UnitKey(p.Unit)]
		if !ok {
			p.reportSheet(p.Tasks.sheet.Name, checklist.Warning, "对账的清单中没有单位“%s”的清单，未能对账", p.Unit)
			return
		}
		listed := map[string]Task{}
		for _, t := range want {
			listed[t.Key()] = t
		}
		inLedger := map[string]bool{}
		for _, row := range p.taskRows() {
			t := Task{List: p.Tasks.text(row, HList), Name: p.Tasks.text(row, HName), Task: p.Tasks.text(row, HTask),
				Quarter: quarterOf(p.Tasks.text(row, HQuarter)), Measures: p.Tasks.text(row, HMeasures)}
			if t.Quarter == 0 {
				p.report(p.Tasks, row, HQuarter, checklist.Error, "任务「%s」的季度“%s”无法识别，应为一季度至四季度", t.Task, p.Tasks.text(row, HQuarter))
				continue
			}
			k := t.Key()
			inLedger[k] = true
			lt, ok := listed[k]
			switch {
			case !ok:
				p.report(p.Tasks, row, HTask, checklist.Error, "台账中的任务%s在清单中已没有（可能已改名或删除），请按现行清单更新台账", p.taskLabel(row))
			case checklist.Normalize(lt.Measures) != checklist.Normalize(t.Measures):
				p.report(p.Tasks, row, HMeasures, checklist.Error, "任务%s的工作措施与清单不一致，清单现为：%s", p.taskLabel(row), lt.Measures)
			}
		}
		for _, t := range want {
			if !inLedger[t.Key()] {
				p.reportSheet(p.Tasks.sheet.Name, checklist.Error, "清单（%s）中的任务「%s」%s不在台账中，请补入台账", t.List, t.Task, Quarters[t.Quarter-1])
			}
		}
	},
}
