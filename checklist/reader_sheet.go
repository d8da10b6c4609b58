package checklist

import (
	"errors"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"
)

var errSheetTooLarge = errors.New("sheet too large")

// sheetGrid is one sheet read once: the non-empty rows with their raw cell
// values, and the merged ranges.
type sheetGrid struct {
	name   string
	rows   map[int][]string // 1-based row → cells, index 0 is column A
	order  []int            // non-empty rows, ascending
	merges []mergeRange
	// origin maps a cell covered by a merge (not its top-left) to the top-left.
	origin map[cellPos]cellPos
}

type cellPos struct{ row, col int }

type mergeRange struct{ top, left, bottom, right int }

// loadSheet reads a sheet with the streaming iterator, raw values (so a date
// cell gives its serial), bounded in rows, columns and cell size.
func loadSheet(f *excelize.File, name, part string) (*sheetGrid, error) {
	rows, err := f.Rows(name)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	g := &sheetGrid{name: name, rows: map[int][]string{}}
	raw := excelize.Options{RawCellValue: true}
	for n := 1; rows.Next(); n++ {
		if n > maxRowNumber {
			return nil, errSheetTooLarge
		}
		cells, err := rows.Columns(raw)
		if err != nil {
			return nil, err
		}
		if len(cells) > maxColumns {
			cells = cells[:maxColumns]
		}
		last := -1
		for i, v := range cells {
			if len(v) > maxCellBytes {
				v = strings.ToValidUTF8(v[:maxCellBytes], "")
			}
			v = strings.TrimSpace(v)
			cells[i] = v
			if v != "" {
				last = i
			}
		}
		if last < 0 {
			continue
		}
		if len(g.order) >= maxSheetRows {
			return nil, errSheetTooLarge
		}
		g.rows[n] = cells[:last+1]
		g.order = append(g.order, n)
	}
	if err := rows.Error(); err != nil {
		return nil, err
	}
	if err := g.loadMerges(f, part); err != nil {
		return nil, err
	}
	return g, nil
}

// loadMerges records the merged ranges, from the part's bytes when the
// sheet is held in memory, else through excelize.
func (g *sheetGrid) loadMerges(f *excelize.File, part string) error {
	var refs []string
	if data := pkgPart(f, part); part != "" && data != nil {
		refs = scanMerges(data)
	} else {
		merged, err := f.GetMergeCells(g.name, true)
		if err != nil {
			return err
		}
		for _, m := range merged {
			refs = append(refs, m[0])
		}
	}
	if len(refs) == 0 {
		return nil
	}
	maxRow := 0
	if len(g.order) > 0 {
		maxRow = g.order[len(g.order)-1]
	}
	g.origin = map[cellPos]cellPos{}
	covered := 0
	for _, m := range refs {
		from, to, ok := strings.Cut(m, ":")
		if !ok {
			continue
		}
		l, t, err := excelize.CellNameToCoordinates(from)
		if err != nil {
			continue
		}
		rr, b, err := excelize.CellNameToCoordinates(to)
		if err != nil || rr < l || b < t {
			continue
		}
		// A merge below the last written row or right of the last column carries nothing.
		b = min(b, maxRow+50)
		rr = min(rr, maxColumns)
		if t > b || l > rr {
			continue
		}
		g.merges = append(g.merges, mergeRange{top: t, left: l, bottom: b, right: rr})
		for row := t; row <= b; row++ {
			for col := l; col <= rr; col++ {
				if row == t && col == l {
					continue
				}
				if covered++; covered > maxMergedCells {
					return nil
				}
				g.origin[cellPos{row, col}] = cellPos{t, l}
			}
		}
	}
	return nil
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
		if o.col == col || (containsInt(spreadAcross, o.col) && containsInt(spreadAcross, col)) {
			at = o
		} else {
			return Text{}
		}
	}
	v := g.raw(at.row, at.col)
	if v == "" {
		return Text{}
	}
	return Text{Value: v, Ref: ref(at.row, at.col)}
}

// lastRow is the last row that carries a value or a merge from one.
func (g *sheetGrid) lastRow() int {
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

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v && v > 0 {
			return true
		}
	}
	return false
}

func ref(row, col int) string {
	s, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return ""
	}
	return s
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
