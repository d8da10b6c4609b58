package checklist

import (
	"slices"
	"sort"
	"strings"

	"qingdan/internal/grid"
)

// sheetGrid is one sheet read once: the non-empty rows with their raw cell
// values, and the merged ranges.
type sheetGrid struct {
	name   string
	rows   map[int][]string // 1-based row → cells, index 0 is column A
	order  []int            // non-empty rows, ascending
	merges []mergeRange
	// byTop indexes merges by their top row: a question about the merges
	// starting at a heading never walks every merge of the sheet.
	byTop map[int][]mergeRange
	last  int // lastRow, computed once
	// origin maps a cell covered by a merge (not its top-left) to the top-left.
	origin map[cellPos]cellPos
	// long holds the first cells cut at the cell limit, for a finding.
	long  []cellPos
	ref   func(row, col int) string // Sheet.Ref: A1, or 表N 第R行第C列
	table tablePlace
}

type cellPos struct{ row, col int }

type mergeRange struct{ top, left, bottom, right int }

// newSheetGrid takes a sheet's cells as the list reader reads them:
// trimmed, an empty cell dropped, a row without text dropped, merges
// clipped to the written rows.
func newSheetGrid(s *grid.Sheet) *sheetGrid {
	g := &sheetGrid{name: s.Name, ref: s.Ref, table: tablePlace{s.Table, s.TableTop, s.TableBottom}, rows: make(map[int][]string, len(s.Rows)), order: make([]int, 0, len(s.Rows))}
	for _, r := range s.Rows {
		if len(r.Cells) == 0 {
			continue
		}
		cells := make([]string, r.Cells[len(r.Cells)-1].Col)
		last := -1
		for _, c := range r.Cells {
			if v := strings.TrimSpace(c.Value); v != "" {
				cells[c.Col-1] = v
				last = c.Col - 1
			}
		}
		if last < 0 {
			continue
		}
		g.rows[r.Num] = cells[:last+1]
		g.order = append(g.order, r.Num)
	}
	for _, p := range s.Truncated {
		if len(g.long) < maxLongCells {
			g.long = append(g.long, cellPos{p.Row, p.Col})
		}
	}
	g.applyMerges(s.Merges)
	return g
}

// applyMerges records the merged ranges over the written rows.
func (g *sheetGrid) applyMerges(merges []grid.Range) {
	if len(merges) == 0 {
		return
	}
	maxRow := 0
	if len(g.order) > 0 {
		maxRow = g.order[len(g.order)-1]
	}
	g.origin = map[cellPos]cellPos{}
	g.byTop = map[int][]mergeRange{}
	seen := make(map[grid.Range]bool, len(merges))
	covered := 0
	for _, m := range merges {
		// A range merged twice is one merge (Excel shows one).
		if seen[m] {
			continue
		}
		seen[m] = true
		t, l := m.Top, m.Left
		// A merge below the last written row or right of the last column carries nothing.
		b := min(m.Bottom, maxRow+50)
		rr := min(m.Right, readLimits.MaxColumns)
		if t > b || l > rr {
			continue
		}
		mr := mergeRange{top: t, left: l, bottom: b, right: rr}
		g.merges = append(g.merges, mr)
		g.byTop[t] = append(g.byTop[t], mr)
		for row := t; row <= b; row++ {
			for col := l; col <= rr; col++ {
				if row == t && col == l {
					continue
				}
				if covered++; covered > readLimits.MaxMergedCells {
					return
				}
				g.origin[cellPos{row, col}] = cellPos{t, l}
			}
		}
	}
}

// raw is the value written in a cell (empty for a cell covered by a merge).
func (g *sheetGrid) raw(row, col int) string {
	cells := g.rows[row]
	if col < 1 || col > len(cells) {
		return ""
	}
	return cells[col-1]
}

// value is a cell's value with merges spread: a cell covered by a merge
// takes the merge's value when the merge starts in the same column, or in
// another of the given columns (measures merged across quarters).
func (g *sheetGrid) value(row, col int, spreadAcross []int) Text {
	if col < 1 {
		return Text{}
	}
	at := cellPos{row, col}
	if o, ok := g.origin[at]; ok {
		if o.col == col || (slices.Contains(spreadAcross, o.col) && slices.Contains(spreadAcross, col)) {
			at = o
		} else {
			return Text{}
		}
	}
	v := g.raw(at.row, at.col)
	if v == "" {
		return Text{}
	}
	return Text{Value: v, Ref: g.ref(at.row, at.col)}
}

// textAt is the text shown at a printed position (A1, or 表N 第R行第C列),
// a merged cell's text for any cell it covers; "" when none.
func (g *sheetGrid) textAt(ref string) string {
	s := grid.Sheet{Table: g.table.n, TableTop: g.table.top, TableBottom: g.table.bottom}
	row, col, ok := s.Pos(ref)
	if !ok {
		return ""
	}
	if o, merged := g.origin[cellPos{row, col}]; merged {
		row, col = o.row, o.col
	}
	return g.raw(row, col)
}

// lastRow is the last row that carries a value or a merge from one.
func (g *sheetGrid) lastRow() int {
	if g.last == 0 {
		g.last = g.findLastRow()
	}
	return g.last
}

func (g *sheetGrid) findLastRow() int {
	last := 0
	if len(g.order) > 0 {
		last = g.order[len(g.order)-1]
	}
	for _, m := range g.merges {
		if g.raw(m.top, m.left) != "" {
			last = max(last, m.bottom)
		}
	}
	return last
}

// rowsBetween returns the non-empty rows r with from <= r < to, ascending.
func (g *sheetGrid) rowsBetween(from, to int) []int {
	i := sort.SearchInts(g.order, from)
	j := sort.SearchInts(g.order, to)
	if i > j {
		return nil
	}
	return g.order[i:j]
}
