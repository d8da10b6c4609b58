package ledger

import (
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"qingdan/checklist"
)

// Title is the title row of a ledger sheet; the check reads the year from it.
func Title(unit string, year int, sheet string) string {
	return fmt.Sprintf("%s %d年度“两个责任”落实台账——%s", unit, year, sheet)
}

// Workbook builds the ledger workbook: the four sheets with their
// headings, one row per task × quarter, quarter, month × talker and
// lecturer, drop-downs for 完成情况 and 销号, and the 8% formula.
func (l *Ledger) Workbook() (*excelize.File, error) {
	f := excelize.NewFile()
	fail := func(err error) (*excelize.File, error) {
		f.Close()
		return nil, err
	}
	if err := f.SetSheetName(f.GetSheetName(0), SheetTasks); err != nil {
		return fail(err)
	}
	for _, s := range []string{SheetMeetings, SheetTalks, SheetLectures} {
		if _, err := f.NewSheet(s); err != nil {
			return fail(err)
		}
	}
	for _, write := range []func(*excelize.File) error{l.writeTasks, l.writeMeetings, l.writeTalks, l.writeLectures} {
		if err := write(f); err != nil {
			return fail(err)
		}
	}
	for _, p := range []excelize.CustomProperty{
		{Name: checklist.KindProperty, Value: KindName},
		{Name: PropYear, Value: strconv.Itoa(l.Year)},
		{Name: PropUnit, Value: l.Unit},
	} {
		if err := f.SetCustomProps(p); err != nil {
			return fail(err)
		}
	}
	f.SetActiveSheet(0)
	return f, nil
}

// Write writes the ledger workbook to w (save it with checklist.WriteFileAtomic).
func (l *Ledger) Write(w io.Writer) error {
	f, err := l.Workbook()
	return checklist.WriteWorkbook(w, f, err)
}

func (l *Ledger) writeTasks(f *excelize.File) error {
	t, err := checklist.NewReportTable(f, SheetTasks, Title(l.Unit, l.Year, SheetTasks), TaskHeadings,
		[]float64{18, 14, 24, 8, 40, 10, 12, 12, 10, 12, 20, 6, 12}, 0)
	if err != nil {
		return err
	}
	row := t.HeadRow()
	for _, task := range l.Tasks {
		row++
		t.Text(1, row, task.List, checklist.StyleBody)
		t.Text(2, row, task.Name, checklist.StyleBody)
		t.Text(3, row, task.Task, checklist.StyleBody)
		t.Text(4, row, Quarters[task.Quarter-1], checklist.StyleCenter)
		t.Text(5, row, task.Measures, checklist.StyleBody)
		t.Text(6, row, task.Owner, checklist.StyleCenter)
		t.Text(7, row, task.Department, checklist.StyleCenter)
		t.Date(8, row, QuarterEnd(l.Year, task.Quarter))
		t.Blank(9, row, checklist.StyleCenter)
		t.Blank(10, row, checklist.StyleDate)
		t.Blank(11, row, checklist.StyleBody)
		t.Blank(12, row, checklist.StyleCenter)
		t.Blank(13, row, checklist.StyleBody)
	}
	if err := t.Finish(len(TaskHeadings), row, true); err != nil {
		return err
	}
	if row == t.HeadRow() {
		return nil
	}
	first := t.HeadRow() + 1
	if err := dropDown(f, SheetTasks, fmt.Sprintf("I%d:I%d", first, row), Statuses, HStatus, "请从下拉列表选择：未开始、推进中、已完成、未完成"); err != nil {
		return err
	}
	return dropDown(f, SheetTasks, fmt.Sprintf("L%d:L%d", first, row), []string{MarkClosed}, HClosed, "已完成且佐证齐全的任务，对账后在此打 √ 销号")
}

func dropDown(f *excelize.File, sheet, sqref string, choices []string, title, prompt string) error {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = sqref
	if err := dv.SetDropList(choices); err != nil {
		return err
	}
	dv.SetInput(title, prompt)
	return f.AddDataValidation(sheet, dv)
}

func (l *Ledger) writeMeetings(f *excelize.File) error {
	t, err := checklist.NewReportTable(f, SheetMeetings, Title(l.Unit, l.Year, SheetMeetings), MeetingHeadings,
		[]float64{10, 14, 30, 24, 16, 14, 14, 20}, 0)
	if err != nil {
		return err
	}
	row := t.HeadRow()
	for q := 1; q <= 4; q++ {
		row++
		t.Text(1, row, Quarters[q-1], checklist.StyleCenter)
		t.Blank(2, row, checklist.StyleDate)
		t.Text(3, row, "党委（支部）会议专题听取“一岗双责”情况汇报", checklist.StyleBody)
		t.Blank(4, row, checklist.StyleBody)
		t.Blank(5, row, checklist.StyleBody)
		t.Blank(6, row, checklist.StyleDate)
		t.Blank(7, row, checklist.StyleDate)
		t.Blank(8, row, checklist.StyleBody)
	}
	return t.Finish(len(MeetingHeadings), row, false)
}

func (l *Ledger) writeTalks(f *excelize.File) error {
	t, err := checklist.NewReportTable(f, SheetTalks, Title(l.Unit, l.Year, SheetTalks), TalkHeadings,
		[]float64{8, 12, 36, 12, 10, 10, 24, 16}, 0)
	if err != nil {
		return err
	}
	row := t.HeadRow()
	for m := 1; m <= 12; m++ {
		for _, p := range l.Talkers {
			row++
			t.Text(1, row, MonthName(m), checklist.StyleCenter)
			t.Text(2, row, p.Name, checklist.StyleCenter)
			t.Text(3, row, p.Scope, checklist.StyleBody)
			t.Blank(4, row, checklist.StyleCenter)
			// The cached result is empty until 对象总人数 is filled; Excel and WPS recompute on opening.
			t.Formula(5, row, fmt.Sprintf(`IF(D%d="","",ROUNDUP(D%d*%d/100,0))`, row, row, TalkPercent), "", checklist.StyleCenter)
			t.Blank(6, row, checklist.StyleCenter)
			t.Blank(7, row, checklist.StyleBody)
			t.Blank(8, row, checklist.StyleBody)
		}
	}
	return t.Finish(len(TalkHeadings), row, true)
}

func (l *Ledger) writeLectures(f *excelize.File) error {
	t, err := checklist.NewReportTable(f, SheetLectures, Title(l.Unit, l.Year, SheetLectures), LectureHeadings,
		[]float64{12, 20, 14, 36, 30}, 0)
	if err != nil {
		return err
	}
	row := t.HeadRow()
	for _, p := range l.Lecturer {
		row++
		t.Text(1, row, p.Name, checklist.StyleCenter)
		t.Text(2, row, p.Position, checklist.StyleCenter)
		t.Blank(3, row, checklist.StyleDate)
		t.Blank(4, row, checklist.StyleBody)
		t.Blank(5, row, checklist.StyleBody)
	}
	return t.Finish(len(LectureHeadings), row, false)
}
