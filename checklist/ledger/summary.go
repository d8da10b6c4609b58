package ledger

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"qingdan/checklist"
)

// Sheets of the office's summary workbook (台账汇总).
const (
	SheetSummary  = "汇总"
	SheetFindings = "问题清单"
	SheetEvidence = "会议佐证"
)

// EvidenceHeadings are the columns of 会议佐证: each meeting with the
// 报送期限 the check computed on the official calendar.
var EvidenceHeadings = []string{"单位", HQuarter, HMeetingDate, HEvidenceDue, HEvidenceSent, "报送情况"}

// SummaryHeadings are the columns of 汇总, one row per unit.
var SummaryHeadings = []string{"单位", "年度", "应完成任务", "已完成任务", "逾期任务", "应开季度会议", "已开季度会议",
	"佐证按时报送", "谈话未达8%（人次·月）", "已讲党课", "应讲党课", "错误", "警告", "状态", "台账文件"}

// FindingHeadings are the columns of 问题清单.
var FindingHeadings = []string{"单位", "台账文件", "工作表", "单元格", "级别", "代码", "问题"}

// WriteSummary writes the office's summary of the ledgers checked as of
// asOf to w, for the monthly 抽查 and the 通报.
func WriteSummary(w io.Writer, results []Result, asOf time.Time) error {
	f, err := summaryWorkbook(results, asOf)
	return checklist.WriteWorkbook(w, f, err)
}

func summaryWorkbook(results []Result, asOf time.Time) (f *excelize.File, err error) {
	f = excelize.NewFile()
	defer func() {
		if err != nil {
			f.Close()
		}
	}()
	if err := f.SetSheetName(f.GetSheetName(0), SheetSummary); err != nil {
		return f, err
	}
	for _, name := range []string{SheetFindings, SheetEvidence} {
		if _, err := f.NewSheet(name); err != nil {
			return f, err
		}
	}
	if err := writeSummarySheet(f, results, asOf); err != nil {
		return f, err
	}
	if err := writeFindingsSheet(f, results, asOf); err != nil {
		return f, err
	}
	return f, writeEvidenceSheet(f, results, asOf)
}

func writeSummarySheet(f *excelize.File, results []Result, asOf time.Time) error {
	t, err := checklist.NewReportTable(f, SheetSummary, fmt.Sprintf("“两个责任”落实台账检查汇总（截至 %s）", ymd(asOf)), SummaryHeadings,
		[]float64{18, 7, 10, 10, 9, 10, 10, 10, 12, 9, 9, 6, 6, 6, 30}, 1)
	if err != nil {
		return err
	}
	row := t.HeadRow()
	for _, r := range results {
		row++
		c := r.Counts
		t.Text(1, row, r.Unit, checklist.StyleBody)
		if r.Year > 0 {
			t.Int(2, row, r.Year, checklist.StyleCenter)
		} else {
			t.Blank(2, row, checklist.StyleCenter)
		}
		for i, n := range []int{c.TasksDue, c.TasksDone, c.TasksOverdue, c.MeetingsDue, c.MeetingsHeld, c.EvidenceOnTime,
			c.TalkMonthsBelow, c.LecturesGiven, c.Lecturers, c.Errors, c.Warnings} {
			t.Int(3+i, row, n, checklist.StyleCenter)
		}
		t.Text(14, row, r.Status, statusStyle(r.Status))
		t.Text(15, row, r.Path, checklist.StyleBody)
	}
	last := row
	// The rule under the table, so the 通报 says how the colours were given.
	if err := f.SetCellStr(SheetSummary, fmt.Sprintf("A%d", row+2), "状态规则："+StatusRule); err != nil {
		return err
	}
	if err := f.MergeCell(SheetSummary, fmt.Sprintf("A%d", row+2), fmt.Sprintf("O%d", row+2)); err != nil {
		return err
	}
	if err := f.SetRowHeight(SheetSummary, row+2, 45); err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 10}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	if err := f.SetCellStyle(SheetSummary, fmt.Sprintf("A%d", row+2), fmt.Sprintf("O%d", row+2), wrap); err != nil {
		return err
	}
	return t.Finish(len(SummaryHeadings), last, true)
}

func statusStyle(s string) checklist.CellStyle {
	switch s {
	case StatusRed:
		return checklist.StyleRed
	case StatusYellow:
		return checklist.StyleYellow
	}
	return checklist.StyleGreen
}

func writeFindingsSheet(f *excelize.File, results []Result, asOf time.Time) error {
	t, err := checklist.NewReportTable(f, SheetFindings, fmt.Sprintf("落实台账问题清单（截至 %s）", ymd(asOf)), FindingHeadings,
		[]float64{16, 26, 10, 8, 6, 20, 70}, 1)
	if err != nil {
		return err
	}
	row := t.HeadRow()
	for _, r := range results {
		for _, fd := range r.Findings {
			row++
			t.Text(1, row, r.Unit, checklist.StyleBody)
			t.Text(2, row, r.Path, checklist.StyleBody)
			t.Text(3, row, fd.Sheet, checklist.StyleCenter)
			t.Text(4, row, fd.Cell, checklist.StyleCenter)
			t.Text(5, row, checklist.SeverityName(fd.Severity), severityStyle(fd.Severity))
			t.Text(6, row, fd.Code, checklist.StyleCenter)
			t.Text(7, row, fd.Message, checklist.StyleBody)
		}
	}
	return t.Finish(len(FindingHeadings), row, true)
}

func severityStyle(s checklist.Severity) checklist.CellStyle {
	switch s {
	case checklist.Error:
		return checklist.StyleRed
	case checklist.Warning:
		return checklist.StyleYellow
	}
	return checklist.StyleCenter
}

func writeEvidenceSheet(f *excelize.File, results []Result, asOf time.Time) error {
	t, err := checklist.NewReportTable(f, SheetEvidence, fmt.Sprintf("季度会议佐证报送情况（会后%d个工作日内，截至 %s）", EvidenceDays, ymd(asOf)), EvidenceHeadings,
		[]float64{18, 10, 12, 12, 14, 16}, 1)
	if err != nil {
		return err
	}
	row := t.HeadRow()
	for _, r := range results {
		for _, m := range r.Meetings {
			row++
			t.Text(1, row, r.Unit, checklist.StyleBody)
			t.Text(2, row, m.Quarter, checklist.StyleCenter)
			t.Text(3, row, m.Date, checklist.StyleCenter)
			t.Text(4, row, m.Deadline, checklist.StyleCenter)
			t.Text(5, row, m.Sent, checklist.StyleCenter)
			t.Text(6, row, m.State, evidenceStyle(m.State))
		}
	}
	return t.Finish(len(EvidenceHeadings), row, true)
}

func evidenceStyle(state string) checklist.CellStyle {
	switch state {
	case EvidenceOverdue:
		return checklist.StyleRed
	case EvidenceLate:
		return checklist.StyleYellow
	case EvidenceOnTime:
		return checklist.StyleGreen
	}
	return checklist.StyleCenter
}
