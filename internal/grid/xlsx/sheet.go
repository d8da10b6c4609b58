package xlsx

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"qingdan/internal/grid"
)

// readSheet streams one worksheet part into a sheet; cells counts the
// cells kept in the whole book so far.
func (p *pkg) readSheet(e sheetEntry, cells *int) (*grid.Sheet, error) {
	missing := fmt.Errorf("工作表「%s」的数据缺失", e.name)
	if e.part == "" {
		return nil, missing
	}
	rc, err := p.open(e.part)
	if err != nil {
		return nil, err
	}
	if rc == nil {
		return nil, missing
	}
	defer rc.Close()
	s := &grid.Sheet{Name: e.name, Hidden: e.hidden}
	var (
		d              = newTokens(rc, e.part, p.clock)
		row            []grid.Cell
		rowNum, col    int
		cellType       string
		style          string
		val, formula   strings.Builder
		inV, inT, inIS bool
		inF            bool
		sharedSI       string
		shared         = map[string]string{} // shared formula index → its text
		phonetic       int
		rowOpen        bool
		hasV, hasF     bool
		filled         int // rows with a non-blank cell
		merges         = map[grid.Range]bool{}
		mergeElems     int
	)
	for {
		tok, err := d.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var be *bookError
			if errors.As(err, &be) {
				return nil, err
			}
			return nil, readErr(e.part, err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			switch el.Name.Local {
			case "row", "c":
				if p.elements++; p.elements > p.lim.MaxElements {
					return nil, &bookError{grid.TooLarge(fmt.Sprintf("文件有超过 %d 个单元格和行（含空单元格）", p.lim.MaxElements))}
				}
			}
			switch el.Name.Local {
			case "row":
				rowNum = rowNumber(el, rowNum)
				if rowNum > p.lim.MaxRowNumber {
					return nil, grid.SheetTooLarge(p.lim.MaxRows)
				}
				row, col, rowOpen = row[:0], 0, true
			case "c":
				col = colNumber(el, col)
				cellType, style, hasV, hasF = attr(el, "t"), attr(el, "s"), false, false
				val.Reset()
				formula.Reset()
			case "v":
				inV = true
			case "f":
				inF, hasF = true, true
				sharedSI = ""
				if attr(el, "t") == "shared" {
					sharedSI = attr(el, "si")
				}
			case "is":
				inIS = true
			case "rPh":
				phonetic++
			case "t":
				inT = inIS && phonetic == 0
			case "mergeCell":
				if mergeElems++; mergeElems > p.lim.MaxMerges {
					return nil, grid.TooLarge(fmt.Sprintf("工作表「%s」有超过 %d 个合并单元格", e.name, p.lim.MaxMerges))
				}
				// A range merged again is the same merge: kept once.
				if r, ok := parseRange(attr(el, "ref")); ok && !merges[r] {
					merges[r] = true
					s.Merges = append(s.Merges, r)
				}
			}
		case xml.EndElement:
			switch el.Name.Local {
			case "v":
				inV = false
			case "f":
				inF = false
				if sharedSI != "" {
					if formula.Len() > 0 {
						shared[sharedSI] = formula.String()
					} else if f, ok := shared[sharedSI]; ok {
						formula.WriteString(f)
					}
				}
			case "is":
				inIS = false
			case "rPh":
				phonetic = max(phonetic-1, 0)
			case "t":
				inT = false
			case "c":
				if !rowOpen || (!hasV && !hasF) || col < 1 || col > p.lim.MaxColumns {
					continue
				}
				c, ok, err := p.cell(col, cellType, style, val.String(), formula.String(), hasF)
				if err != nil {
					return nil, err
				}
				if !ok {
					continue
				}
				if len(c.Value) > p.lim.MaxCellBytes {
					c.Value = strings.ToValidUTF8(c.Value[:p.lim.MaxCellBytes], "")
					s.Truncated = append(s.Truncated, grid.Pos{Sheet: e.name, Row: rowNum, Col: col})
				}
				row = addCell(row, c)
			case "row":
				rowOpen = false
				if len(row) == 0 {
					continue
				}
				if n := len(s.Rows); n > 0 && s.Rows[n-1].Num >= rowNum {
					continue // a row repeated or out of order: the first one counts
				}
				if !blank(row) {
					if filled++; filled > p.lim.MaxRows {
						return nil, grid.SheetTooLarge(p.lim.MaxRows)
					}
				}
				if *cells += len(row); *cells > p.lim.MaxCells {
					return nil, &bookError{grid.TooLarge(fmt.Sprintf("文件有超过 %d 个单元格有内容", p.lim.MaxCells))}
				}
				// row is reused for the next row: keep an exact copy.
				s.Rows = append(s.Rows, grid.Row{Num: rowNum, Cells: append([]grid.Cell(nil), row...)})
			}
		case xml.CharData:
			switch {
			case (inV || inT) && val.Len() < p.lim.MaxCellBytes:
				val.Write(el)
				hasV = true
			case inF && formula.Len() < 8<<10:
				formula.Write(el)
			}
		}
	}
	if err := coveredCells(s, p.lim); err != nil {
		return nil, err
	}
	return s, nil
}

// addCell adds a cell to a row kept in column order; a cell written again
// for the same column replaces the first, as spreadsheet programs read it.
func addCell(row []grid.Cell, c grid.Cell) []grid.Cell {
	n := len(row)
	if n == 0 || row[n-1].Col < c.Col {
		return append(row, c)
	}
	i := sort.Search(n, func(i int) bool { return row[i].Col >= c.Col })
	if row[i].Col == c.Col {
		row[i] = c
		return row
	}
	return slices.Insert(row, i, c)
}

// bookError is a refusal of the whole book raised while reading a sheet.
type bookError struct{ refusal *grid.Error }

func (e *bookError) Error() string { return e.refusal.Reason }
func (e *bookError) Unwrap() error { return e.refusal }

// blank says whether a row holds only whitespace.
func blank(row []grid.Cell) bool {
	for _, c := range row {
		if strings.TrimSpace(c.Value) != "" || c.Formula != "" {
			return false
		}
	}
	return true
}

// coveredCells refuses a sheet whose merges cover more than MaxMergedCells
// cells within its rows and columns.
func coveredCells(s *grid.Sheet, lim grid.Limits) error {
	last, n := s.LastRow(), 0
	for _, r := range s.Merges {
		h := min(r.Bottom, last) - r.Top + 1
		w := min(r.Right, lim.MaxColumns) - r.Left + 1
		if h > 0 && w > 0 {
			n += h * w
		}
		if n > lim.MaxMergedCells {
			return grid.TooLarge(fmt.Sprintf("工作表「%s」的合并单元格覆盖超过 %d 个单元格", s.Name, lim.MaxMergedCells))
		}
	}
	return nil
}

// cell types one <c>: ok is false for a shared string index out of range.
func (p *pkg) cell(col int, t, style, v, formula string, hasF bool) (grid.Cell, bool, error) {
	c := grid.Cell{Col: col, Value: v, Formula: formula}
	if hasF && formula == "" {
		c.Formula = "=" // a formula whose text the file does not give (a shared one without its master)
	}
	switch t {
	case "s":
		if err := p.sharedStrings(); err != nil {
			return c, false, err
		}
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 || i >= len(p.sst) {
			return c, false, nil
		}
		c.Type, c.Value = grid.Text, p.sst[i]
	case "inlineStr":
		c.Type, c.Value = grid.Text, unescapeBSTR(v)
	case "str", "d":
		c.Type = grid.Text
	case "b":
		c.Type = grid.Bool
	case "e":
		c.Type = grid.ErrValue
	default:
		c.Type = grid.Number
		if style != "" && style != "0" && p.isDateStyle(style) {
			c.Type = grid.Date
		}
	}
	if c.Value == "" && c.Formula == "" {
		c.Type = grid.Empty
	}
	return c, true, nil
}

// rowNumber is the row a <row> element stands for: its r attribute, or
// the row after prev when r is missing (the format allows it) or bad.
func rowNumber(el xml.StartElement, prev int) int {
	if r, err := strconv.Atoi(attr(el, "r")); err == nil && r > 0 {
		return r
	}
	return prev + 1
}

// colNumber is the column a <c> element stands for: its r reference, or
// the column after prev when r is missing or bad.
func colNumber(el xml.StartElement, prev int) int {
	if c, _, ok := grid.ParseCellName(attr(el, "r")); ok {
		return c
	}
	return prev + 1
}

// parseRange reads an A1:B2 merge reference.
func parseRange(ref string) (grid.Range, bool) {
	from, to, ok := strings.Cut(ref, ":")
	if !ok {
		return grid.Range{}, false
	}
	l, t, ok1 := grid.ParseCellName(from)
	r, b, ok2 := grid.ParseCellName(to)
	if !ok1 || !ok2 || r < l || b < t {
		return grid.Range{}, false
	}
	return grid.Range{Top: t, Left: l, Bottom: b, Right: r}, true
}

// bstrEscape is the _xHHHH_ escape OOXML uses for characters XML cannot hold.
var bstrEscape = regexp.MustCompile(`_x[0-9A-Fa-f]{4}_`)

func unescapeBSTR(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	return bstrEscape.ReplaceAllStringFunc(s, func(m string) string {
		n, _ := strconv.ParseUint(m[2:6], 16, 32)
		if n == 0x5F {
			return "_"
		}
		r := rune(n)
		if !utf8.ValidRune(r) {
			return m
		}
		return string(r)
	})
}
