package checklist

import (
	"errors"
	"slices"
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
	// long holds the first cells cut at maxCellBytes, for a finding.
	long []cellPos
}

// maxLongCells bounds the cut cells reported per sheet.
const maxLongCells = 5

type cellPos struct{ row, col int }

type mergeRange struct{ top, left, bottom, right int }

// excelizeSource reads an already open excelize.File.
type excelizeSource struct {
	f      *excelize.File
	parts  map[string]string
	is1904 *bool
}

func (s *excelizeSource) sheetList() []sheetEntry {
	var out []sheetEntry
	for _, name := range s.f.GetSheetList() {
		visible, err := s.f.GetSheetVisible(name)
		out = append(out, sheetEntry{name: name, hidden: err != nil || !visible})
	}
	return out
}

func (s *excelizeSource) date1904() bool {
	if s.is1904 == nil {
		v := false
		if props, err := s.f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
			v = *props.Date1904
		}
		s.is1904 = &v
	}
	return *s.is1904
}

func (s *excelizeSource) customProperty(name string) string {
	props, err := s.f.GetCustomProps()
	if err != nil {
		return ""
	}
	for _, p := range props {
		if v, ok := p.Value.(string); ok && p.Name == name {
			return v
		}
	}
	return ""
}

// loadSheet reads a sheet with the streaming iterator, raw values (so a date
// cell gives its serial), bounded in rows, columns and cell size.
func (s *excelizeSource) loadSheet(name string) (*sheetGrid, error) {
	if s.parts == nil {
		s.parts = sheetParts(s.f)
	}
	rows, err := s.f.Rows(name)
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
		if err := g.addRow(n, cells); err != nil {
			return nil, err
		}
	}
	if err := rows.Error(); err != nil {
		return nil, err
	}
	refs, err := s.merges(name)
	if err != nil {
		return nil, err
	}
	g.applyMerges(refs)
	return g, nil
}

// merges lists the merged ranges, from the part's bytes when the sheet is
// held in memory, else through excelize.
func (s *excelizeSource) merges(name string) ([]string, error) {
	if data, _ := loadPart(s.f, s.parts[name]); s.parts[name] != "" && data != nil {
		return scanMerges(data), nil
	}
	merged, err := s.f.GetMergeCells(name, true)
	if err != nil {
		return nil, err
	}
	refs := make([]string, 0, len(merged))
	for _, m := range merged {
		refs = append(refs, m[0])
	}
	return refs, nil
}

// addRow keeps a row's trimmed cells, bounded in columns and cell size;
// an empty row is dropped.
func (g *sheetGrid) addRow(n int, cells []string) error {
	if len(cells) > maxColumns {
		cells = cells[:maxColumns]
	}
	last := -1
	for i, v := range cells {
		if len(v) > maxCellBytes {
			v = strings.ToValidUTF8(v[:maxCellBytes], "")
			if len(g.long) < maxLongCells {
				g.long = append(g.long, cellPos{n, i + 1})
			}
		}
		if v = strings.TrimSpace(v); v != "" {
			last = i
		}
		cells[i] = v
	}
	if last < 0 {
		return nil
	}
	if len(g.order) >= maxSheetRows {
		return errSheetTooLarge
	}
	if len(g.order) > 0 && n <= g.order[len(g.order)-1] {
		return nil
	}
	g.rows[n] = append([]string(nil), cells[:last+1]...)
	g.order = append(g.order, n)
	return nil
}

// applyMerges records the merged ranges (A1:B2 refs) over the written rows.
func (g *sheetGrid) applyMerges(refs []string) {
	if len(refs) == 0 {
		return
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
	return Text{Value: v, Ref: cellName(at.col, at.row)}
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

// rowsBetween returns the non-empty rows r with from <= r < to, ascending.
func (g *sheetGrid) rowsBetween(from, to int) []int {
	i := sort.SearchInts(g.order, from)
	j := sort.SearchInts(g.order, to)
	if i > j {
		return nil
	}
	return g.order[i:j]
}
