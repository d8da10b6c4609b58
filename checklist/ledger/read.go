package ledger

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"qingdan/checklist"
	"qingdan/internal/grid"
)

// headingRows is how far down a sheet the check looks for its headings.
const headingRows = 10

// table is one ledger sheet as read: its heading row, where each heading
// stands (found by text, so reordered columns still read) and its rows.
type table struct {
	sheet    *grid.Sheet
	date1904 bool
	head     int
	cols     map[string]int
	rows     []int // data rows with any cell filled, ascending
}

// required are the headings each sheet cannot be checked without.
var required = map[string][]string{
	SheetTasks:    {HName, HTask, HQuarter, HStatus, HDoneDate, HEvidence},
	SheetMeetings: {HQuarter, HMeetingDate, HEvidenceSent},
	SheetTalks:    {HMonth, HTalker, HBase, HTalked},
	SheetLectures: {HPerson, HLectureDate},
}

// readTable finds the sheet's heading row; ok is false, with the missing
// headings, when no row in the first ones holds them all.
func readTable(b *grid.Book, name string) (t *table, missing []string) {
	s := sheetNamed(b, name)
	if s == nil {
		return nil, nil
	}
	want := required[name]
	missing = want
	for _, r := range s.Rows {
		if r.Num > headingRows {
			break
		}
		cols := map[string]int{}
		for _, c := range r.Cells {
			h := strings.Join(strings.Fields(c.Value), "")
			if _, seen := cols[h]; h != "" && !seen {
				cols[h] = c.Col
			}
		}
		var miss []string
		for _, h := range want {
			if cols[h] == 0 {
				miss = append(miss, h)
			}
		}
		if len(miss) == 0 {
			t = &table{sheet: s, date1904: b.Date1904, head: r.Num, cols: cols}
			for _, dr := range s.Rows {
				if dr.Num > r.Num && rowFilled(dr) {
					t.rows = append(t.rows, dr.Num)
				}
			}
			return t, nil
		}
		if len(miss) < len(missing) {
			missing = miss
		}
	}
	return nil, missing
}

func rowFilled(r grid.Row) bool {
	for _, c := range r.Cells {
		if strings.TrimSpace(c.Value) != "" {
			return true
		}
	}
	return false
}

// sheetNamed finds a ledger sheet by name, spaces aside: a clerk's stray
// space in a tab name does not lose the sheet.
func sheetNamed(b *grid.Book, name string) *grid.Sheet {
	if s := b.Sheet(name); s != nil {
		return s
	}
	for _, s := range b.Sheets {
		if squeeze(s.Name) == name {
			return s
		}
	}
	return nil
}

// text is the trimmed value under heading h in row, "" when the column is absent.
func (t *table) text(row int, h string) string {
	col := t.cols[h]
	if col == 0 {
		return ""
	}
	return strings.TrimSpace(t.sheet.Value(row, col))
}

// ref is the position of the cell under heading h in row.
func (t *table) ref(row int, h string) string {
	col := t.cols[h]
	if col == 0 {
		return ""
	}
	return t.sheet.Ref(row, col)
}

// date reads the cell under h as a date: ok is false when it is empty,
// bad is set when it holds something that is not a date.
func (t *table) date(row int, h string) (d time.Time, ok, bad bool) {
	v := t.text(row, h)
	if v == "" {
		return time.Time{}, false, false
	}
	d, ok = checklist.ParseDateValue(v, t.date1904)
	return d, ok, !ok
}

// number reads a whole number of people; ok is false when empty, bad when
// it is not a whole number (人 after it is allowed).
func (t *table) number(row int, h string) (n int, ok, bad bool) {
	v := strings.TrimSuffix(strings.TrimSpace(t.text(row, h)), "人")
	if v == "" {
		return 0, false, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || f < 0 || f != float64(int(f)) {
		return 0, false, true
	}
	return int(f), true, false
}

var (
	quarterText = regexp.MustCompile(`^(?:第)?([一二三四1-4])季度$|^[Qq]([1-4])$`)
	monthText   = regexp.MustCompile(`^(?:\d{4}年)?(\d{1,2})月(?:份)?$`)
	titleYear   = regexp.MustCompile(`(\d{4})年`)
)

// quarterOf reads 一季度, 第一季度, 1季度 or Q1; 0 when it is none.
func quarterOf(s string) int {
	m := quarterText.FindStringSubmatch(strings.Join(strings.Fields(s), ""))
	if m == nil {
		return 0
	}
	d := m[1] + m[2]
	if n := strings.Index("一二三四", d); n >= 0 {
		return n/len("一") + 1
	}
	n, _ := strconv.Atoi(d)
	return n
}

// monthOf reads 1月, 2017年1月, 1月份, or a date cell (Excel turns some
// typed months into dates); 0 when it is none.
func monthOf(s string, date1904 bool) int {
	m := monthText.FindStringSubmatch(strings.Join(strings.Fields(s), ""))
	if m == nil {
		if d, ok := checklist.ParseDateValue(s, date1904); ok {
			return int(d.Month())
		}
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	if n < 1 || n > 12 {
		return 0
	}
	return n
}

// yearAndUnit read the ledger's year and unit from its properties, else
// from the title row of 任务台账 as Title writes it.
func yearAndUnit(b *grid.Book) (year int, unit string) {
	year, _ = strconv.Atoi(b.Properties[PropYear])
	unit = b.Properties[PropUnit]
	for _, name := range []string{SheetTasks, SheetMeetings, SheetTalks, SheetLectures} {
		s := sheetNamed(b, name)
		if s == nil || year != 0 && unit != "" {
			continue
		}
		for _, r := range s.Rows {
			if r.Num > headingRows {
				break
			}
			for _, c := range r.Cells {
				loc := titleYear.FindStringSubmatchIndex(c.Value)
				if loc == nil || !strings.Contains(c.Value, "台账") {
					continue
				}
				if year == 0 {
					year, _ = strconv.Atoi(c.Value[loc[2]:loc[3]])
				}
				if unit == "" {
					unit = strings.TrimSpace(c.Value[:loc[0]])
				}
			}
		}
	}
	return year, unit
}
