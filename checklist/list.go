package checklist

import (
	"time"

	"qingdan/internal/grid"
)

// Text is a cell value with where it was read.
type Text struct {
	Value string
	Ref   string // A1 reference on the list's sheet; "" when absent
}

// List is one responsibility list read from one sheet.
type List struct {
	Path      string // the file, as given on the command line or found in a folder
	Sheet     string
	Kind      Kind
	Title     Text
	Unit      Text
	Person    Text // 姓名 (attachments 2 and 3)
	Position  Text // 职务
	Portfolio Text // 分管工作 (attachment 3)
	Contacts  Text // 联系单位 (attachment 3)
	DateText  Text // 填报日期 as written
	Date      time.Time
	HeaderRow int            // 1-based row of the column headings
	Columns   map[string]int // column name (ColName…) → 1-based column; measures Q1–Q4 in Quarters
	// Quarters holds the 1-based columns of 一季度…四季度; when the form has
	// a single measures column, all four are that column and SingleMeasures is set.
	Quarters       [4]int
	SingleMeasures bool
	Rows           []Row
	// table places the list in a Word table (zero on a spreadsheet), so
	// that Ref prints 表N 第R行第C列.
	table tablePlace
	// cellText is the text at a printed Word position, for quoting it in
	// a finding; nil on a spreadsheet, where A1 is enough to find a cell.
	cellText func(ref string) string
}

type tablePlace struct{ n, top, bottom int }

// Ref prints the position of a 1-based column and row of the list's sheet
// as its source names it (A1, or 表N 第R行第C列), "" when either is unknown.
func (l *List) Ref(col, row int) string {
	if col <= 0 || row <= 0 {
		return ""
	}
	s := grid.Sheet{Table: l.table.n, TableTop: l.table.top, TableBottom: l.table.bottom}
	return s.Ref(row, col)
}

// Row is one task row of a list, with merged cells already spread over it.
type Row struct {
	Row         int     // 1-based sheet row
	Name        Text    // 责任名称 (from a merged block where merged)
	Seq         Text    // 序号
	Task        Text    // 项目任务
	Owner       Text    // 责任人
	Department  Text    // 责任部门
	Measures    [4]Text // one text per quarter; with a single measures column, the part for that quarter
	MeasuresRaw Text    // the single measures cell as written, when the form has one
}

// Workbook is what the reader found in one file: its lists and the
// file-level findings (unreadable, unsupported-format, no-list-found,
// scorecard-skipped).
type Workbook struct {
	Path       string
	Lists      []*List
	Scorecards []string // sheets holding a 评分表, left to `qingdan score`
	Findings   []Finding
}
