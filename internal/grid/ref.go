package grid

import (
	"strconv"
	"strings"
)

// Place says where in a Word table's sheet a printed position lies.
type Place uint8

const (
	InTable Place = iota // 表N 第R行第C列
	Above                // 表N 上方第K段: a paragraph before the table
	Below                // 表N 下方第K段: a paragraph after it
)

// TableRef is a Word position as Sheet.Ref prints it, read back: Row and Col
// count within the table (1-based); for a paragraph Row is its number K
// and Col is 0.
type TableRef struct {
	Table    int
	Place    Place
	Row, Col int
}

// ParseRef reads a Word position printed by Sheet.Ref ("表2 第3行第4列",
// "表2 上方第1段", "表2 下方第2段"); ok is false for anything else,
// including an A1 reference.
func ParseRef(s string) (r TableRef, ok bool) {
	rest, found := strings.CutPrefix(strings.TrimSpace(s), "表")
	if !found {
		return TableRef{}, false
	}
	if r.Table, rest, ok = leadingInt(rest); !ok {
		return TableRef{}, false
	}
	rest, found = strings.CutPrefix(rest, " ")
	if !found {
		return TableRef{}, false
	}
	for _, p := range []struct {
		prefix string
		place  Place
	}{{"上方第", Above}, {"下方第", Below}} {
		if tail, found := strings.CutPrefix(rest, p.prefix); found {
			n, tail, ok := leadingInt(tail)
			if !ok || tail != "段" {
				return TableRef{}, false
			}
			return TableRef{Table: r.Table, Place: p.place, Row: n}, true
		}
	}
	rest, found = strings.CutPrefix(rest, "第")
	if !found {
		return TableRef{}, false
	}
	if r.Row, rest, ok = leadingInt(rest); !ok {
		return TableRef{}, false
	}
	rest, found = strings.CutPrefix(rest, "行第")
	if !found {
		return TableRef{}, false
	}
	if r.Col, rest, ok = leadingInt(rest); !ok || rest != "列" {
		return TableRef{}, false
	}
	return r, true
}

// leadingInt reads the positive decimal number s starts with.
func leadingInt(s string) (n int, rest string, ok bool) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' && i < 9 {
		i++
	}
	if i == 0 || (i < len(s) && s[i] >= '0' && s[i] <= '9') {
		return 0, s, false
	}
	n, _ = strconv.Atoi(s[:i])
	return n, s[i:], n > 0
}

// Pos is the inverse of Ref on this sheet: the sheet row and column a
// printed position names (A1 for a spreadsheet; 表N … for a sheet made from
// Word table N, whose number must match). A paragraph's column is 1.
func (s *Sheet) Pos(ref string) (row, col int, ok bool) {
	if s == nil {
		return 0, 0, false
	}
	if s.Table == 0 {
		col, row, ok = ParseCellName(ref)
		return row, col, ok
	}
	r, ok := ParseRef(ref)
	if !ok || r.Table != s.Table {
		return 0, 0, false
	}
	switch r.Place {
	case Above:
		if r.Row >= s.TableTop {
			return 0, 0, false
		}
		return r.Row, 1, true
	case Below:
		return s.TableBottom + r.Row, 1, true
	}
	if row = s.TableTop + r.Row - 1; row > s.TableBottom {
		return 0, 0, false
	}
	return row, r.Col, true
}
