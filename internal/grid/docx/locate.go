package docx

import (
	"bytes"
	"encoding/xml"
	"io"

	"qingdan/internal/grid"
	"qingdan/internal/grid/part"
)

// rowCursor places the cells of one w:tr on the table grid: w:gridBefore
// skips columns, and each w:tc takes its w:gridSpan columns. The reader and
// Locate share it, so a sheet column maps back to the cell it came from.
type rowCursor struct{ used int } // grid columns taken so far

// limitColumn keeps the cursor's arithmetic bounded whatever the spans say.
const limitColumn = 1 << 30

func (c *rowCursor) skip(n int) { c.used = min(c.used+max(n, 0), limitColumn) }

// place takes the next cell's columns and returns its 1-based first and
// last grid column; a span below 1 counts as 1.
func (c *rowCursor) place(span int) (left, right int) {
	left = c.used + 1
	c.used = min(c.used+max(span, 1), limitColumn)
	return left, max(c.used, left)
}

// Location is where a cell of a sheet read from a .docx stands in the
// document, for writing an annotated copy.
type Location struct {
	Part  string // the main document part, usually word/document.xml
	Table int    // 1-based: the Table-th top-level w:tbl of the body
	Row   int    // 1-based: that table's Row-th w:tr
	Cell  int    // 1-based: that row's Cell-th w:tc, the one whose grid span covers the column
	// Start and End are byte offsets in Part: part[Start:End] is the
	// whole <w:tc>…</w:tc> element.
	Start, End int64
}

// Locate maps row, col of s (a sheet this package read from docx) back to
// the table cell it came from. ok is false when the position lies in the
// paragraphs around the table, or no cell of that row covers col (before
// w:gridBefore, after the row's last cell).
func Locate(docx []byte, s *grid.Sheet, row, col int, lim grid.Limits) (loc Location, ok bool, err error) {
	if s == nil || s.Table < 1 || row < s.TableTop || row > s.TableBottom || col < 1 {
		return Location{}, false, nil
	}
	p, err := part.Open(docx, lim)
	if err != nil {
		return Location{}, false, err
	}
	name, err := documentPart(p)
	if err != nil {
		return Location{}, false, err
	}
	doc, _, err := p.Read(name)
	if err != nil {
		return Location{}, false, err
	}
	loc = Location{Part: name, Table: s.Table, Row: row - s.TableTop + 1}
	d := xml.NewDecoder(bytes.NewReader(doc))
	var (
		depth, tables, rows, cells, span int
		cur                              rowCursor
		inRow, inRowPr, inCellPr         bool
	)
	for {
		off := d.InputOffset()
		tok, err := d.Token()
		if err == io.EOF {
			return Location{}, false, nil
		}
		if err != nil {
			return Location{}, false, grid.Corrupt(err, name+" 不是有效的 XML")
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skipped(t.Name.Local) {
				if err := d.Skip(); err != nil {
					return Location{}, false, grid.Corrupt(err, name+" 不是有效的 XML")
				}
				continue
			}
			switch t.Name.Local {
			case "tbl":
				if depth++; depth == 1 {
					tables++
				}
			case "tr":
				if depth == 1 && tables == loc.Table {
					rows++
					inRow, cur, cells = rows == loc.Row, rowCursor{}, 0
				}
			case "trPr":
				inRowPr = inRow && depth == 1
			case "gridBefore":
				if inRowPr {
					cur.skip(spanValue(attr(t, "val"), 0))
				}
			case "tc":
				if inRow && depth == 1 {
					cells++
					span = 1
					loc.Start = off
				}
			case "tcPr":
				inCellPr = inRow && depth == 1
			case "gridSpan":
				if inCellPr {
					span = spanValue(attr(t, "val"), 1)
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "trPr":
				inRowPr = false
			case "tcPr":
				inCellPr = false
			case "tc":
				if inRow && depth == 1 {
					if left, right := cur.place(span); col >= left && col <= right {
						loc.Cell, loc.End = cells, d.InputOffset()
						return loc, true, nil
					}
				}
			case "tr":
				if inRow && depth == 1 {
					return Location{}, false, nil
				}
			case "tbl":
				depth = max(depth-1, 0)
			}
		}
	}
}
