// Package grid is the sheet model at the centre of qingdan: every reader
// (xlsx, xls, ods, docx, csv) turns a file's bytes into a Book, and the list,
// 评分表, roster and ledger readers read a Book only. It uses the standard
// library alone.
package grid

import (
	"fmt"
	"sort"
	"strconv"
)

// Type is what a cell holds.
type Type uint8

const (
	Empty Type = iota
	Text
	Number
	Bool
	Date     // a number whose format shows a date; Value is the serial in the book's date system
	ErrValue // an error value such as #DIV/0!
)

// Cell is one cell. Value is the cell's text as a reader of the list sees
// it: the string for text, the number as written ("2", "0.5", "42776") for
// numbers and dates, "1"/"0" for booleans, "#DIV/0!" for errors. A formula
// cell holds its formula in Formula and its cached result in Value (empty
// when the file carries none).
type Cell struct {
	Col     int // 1-based
	Type    Type
	Value   string
	Formula string
}

// Row is one non-empty row: its 1-based number and its cells in ascending
// column order (sparse: only the cells that hold something).
type Row struct {
	Num   int
	Cells []Cell
}

// Range is a merged range, 1-based and inclusive.
type Range struct{ Top, Left, Bottom, Right int }

// Contains says whether the cell at row, col lies in r.
func (r Range) Contains(row, col int) bool {
	return row >= r.Top && row <= r.Bottom && col >= r.Left && col <= r.Right
}

// Sheet is one sheet (or one Word table, with the paragraphs around it).
type Sheet struct {
	Name   string
	Hidden bool
	Rows   []Row // ascending by Num
	Merges []Range
	// Table is set for a sheet made from Word table N (1-based): positions
	// then print as 表N 第R行第C列 (see Ref). TableTop and TableBottom are the
	// sheet rows of the table's first and last row; the rows above hold the
	// paragraphs before the table, the rows below those after it.
	Table, TableTop, TableBottom int
	// Truncated lists cells whose text was cut at the reader's limit.
	Truncated []Pos
	// Err is set when this sheet alone could not be read (over a row
	// limit, its XML broken or missing); it then has no rows, and the
	// book's other sheets are read all the same.
	Err *Error

	index  map[int]int // row number → index in Rows
	merged *mergeIndex
}

// Pos is a position in a book, kept as numbers until printed.
type Pos struct {
	Sheet    string
	Row, Col int // 1-based
}

// Book is one file's sheets and what the readers need beside them.
type Book struct {
	Format     string // the registered format name: "xlsx", "xls", "ods", "docx", "csv"
	Sheets     []*Sheet
	Date1904   bool              // serial dates count from 1904-01-01 (Mac Excel)
	Properties map[string]string // custom document properties (qingdan.kind …)
}

// Sheet returns the sheet named name, or nil.
func (b *Book) Sheet(name string) *Sheet {
	for _, s := range b.Sheets {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Row returns the row numbered num, or nil when it is empty.
func (s *Sheet) Row(num int) *Row {
	if s.index == nil {
		s.index = make(map[int]int, len(s.Rows))
		for i, r := range s.Rows {
			s.index[r.Num] = i
		}
	}
	i, ok := s.index[num]
	if !ok {
		return nil
	}
	return &s.Rows[i]
}

// Cell returns the cell at row, col, or nil when it holds nothing. A cell
// covered by a merge (not its top-left) is what the file holds there:
// usually nothing; use Value for the merged value.
func (s *Sheet) Cell(row, col int) *Cell {
	r := s.Row(row)
	if r == nil {
		return nil
	}
	i := sort.Search(len(r.Cells), func(i int) bool { return r.Cells[i].Col >= col })
	if i < len(r.Cells) && r.Cells[i].Col == col {
		return &r.Cells[i]
	}
	return nil
}

// Text returns the value of the cell at row, col as the file holds it.
func (s *Sheet) Text(row, col int) string {
	if c := s.Cell(row, col); c != nil {
		return c.Value
	}
	return ""
}

// Value returns the value shown at row, col: a cell covered by a merge
// shows the merge's top-left value.
func (s *Sheet) Value(row, col int) string {
	if r, ok := s.MergeAt(row, col); ok {
		return s.Text(r.Top, r.Left)
	}
	return s.Text(row, col)
}

// Width is the highest column that holds a cell in any row.
func (s *Sheet) Width() int {
	w := 0
	for _, r := range s.Rows {
		if n := len(r.Cells); n > 0 && r.Cells[n-1].Col > w {
			w = r.Cells[n-1].Col
		}
	}
	return w
}

// LastRow is the highest row number that holds a cell, 0 for an empty sheet.
func (s *Sheet) LastRow() int {
	if len(s.Rows) == 0 {
		return 0
	}
	return s.Rows[len(s.Rows)-1].Num
}

// Ref prints a position the way its source names it: A1 in a spreadsheet,
// 表2 第3行第4列 in a Word table (表2 上方第1段 / 表2 下方第1段 for the
// paragraphs around it).
func (s *Sheet) Ref(row, col int) string {
	if s == nil || s.Table == 0 {
		return CellName(col, row)
	}
	switch {
	case row < s.TableTop:
		return fmt.Sprintf("表%d 上方第%d段", s.Table, row)
	case row > s.TableBottom:
		return fmt.Sprintf("表%d 下方第%d段", s.Table, row-s.TableBottom)
	}
	return fmt.Sprintf("表%d 第%d行第%d列", s.Table, row-s.TableTop+1, col)
}

// CellName returns the A1 name of a 1-based column and row ("" when either
// is not positive).
func CellName(col, row int) string {
	if col < 1 || row < 1 {
		return ""
	}
	return ColumnName(col) + strconv.Itoa(row)
}

// ColumnName returns the letters of a 1-based column: 1 → A, 27 → AA.
func ColumnName(col int) string {
	var b [8]byte
	i := len(b)
	for col > 0 && i > 0 {
		col--
		i--
		b[i] = byte('A' + col%26)
		col /= 26
	}
	return string(b[i:])
}

// ParseCellName reads an A1 reference ($ signs allowed); ok is false for
// anything else.
func ParseCellName(ref string) (col, row int, ok bool) {
	i := 0
	if i < len(ref) && ref[i] == '$' {
		i++
	}
	for i < len(ref) {
		c := ref[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c < 'A' || c > 'Z' {
			break
		}
		col = col*26 + int(c-'A'+1)
		if col > 1<<20 {
			return 0, 0, false
		}
		i++
	}
	if col == 0 {
		return 0, 0, false
	}
	if i < len(ref) && ref[i] == '$' {
		i++
	}
	if i == len(ref) {
		return 0, 0, false
	}
	for ; i < len(ref); i++ {
		c := ref[i]
		if c < '0' || c > '9' {
			return 0, 0, false
		}
		row = row*10 + int(c-'0')
		if row > 1<<24 {
			return 0, 0, false
		}
	}
	if row == 0 {
		return 0, 0, false
	}
	return col, row, true
}
