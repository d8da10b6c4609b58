package docx

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"qingdan/internal/grid"
)

// skipped are the elements whose content is not the document's visible
// text: deletions, moved-away text, field codes, the old properties of a
// tracked change, drawings and text boxes, and the fallback copy of
// alternate content (its choice is read).
func skipped(local string) bool {
	switch local {
	case "del", "moveFrom", "delText", "instrText", "delInstrText",
		"drawing", "pict", "object", "Fallback", "tabs", "footnoteReference", "endnoteReference":
		return true
	}
	return strings.HasSuffix(local, "Change")
}

// para is one paragraph outside the tables.
type para struct {
	text        string
	truncated   bool
	breakBefore bool // it starts a page: a page break or a section ends before it
}

// table is one top-level table being read; rows are numbered from 1
// within the table.
type table struct {
	n         int
	above     []para
	rows      int // w:tr seen
	cells     []tableCell
	merges    []grid.Range
	truncated []grid.Pos
	open      map[int]*vmerge // vertical merges by left column
}

type tableCell struct {
	row  int
	cell grid.Cell
}

// vmerge is a vertically merged cell still open for continuation.
type vmerge struct {
	top, bottom, left, right int
	index                    int // in table.merges, -1 until it covers more than one cell
}

// reader walks document.xml once.
type reader struct {
	lim   grid.Limits
	book  *grid.Book
	cells int // cells kept in the file

	pending []para // paragraphs since the last table
	prev    *table // the last table, waiting for the paragraphs below it
	carry   bool   // a page or section break waits for the next paragraph

	depth int    // w:tbl nesting
	tbl   *table // the top-level table being read
	cur   rowCursor

	// the paragraph being read
	text     textBuf
	inT      bool // inside w:t
	inPPr    bool
	brBefore bool // a page break before its text, or w:pageBreakBefore
	brAfter  bool // a page break after its text, or its w:sectPr ends a section

	// the row and cell being read
	inRowPr, inCellPr bool
	span              int     // w:gridSpan
	vm                string  // w:vMerge: "", "restart" or "continue"
	lines             textBuf // the cell's non-empty paragraphs so far
	lineCount         int
}

// textBuf is text cut at the cell limit, remembering that it was cut.
type textBuf struct {
	b   []byte
	max int
	cut bool
}

func (t *textBuf) add(s string) {
	room := t.max - len(t.b)
	if len(s) > room {
		for room > 0 && !utf8.RuneStart(s[room]) {
			room--
		}
		s, t.cut = s[:max(room, 0)], true
	}
	t.b = append(t.b, s...)
}

func (t *textBuf) reset() { t.b, t.cut = t.b[:0], false }

func readDocument(doc []byte, lim grid.Limits) (*grid.Book, error) {
	r := &reader{lim: lim, book: &grid.Book{}}
	r.text.max, r.lines.max = lim.MaxCellBytes, lim.MaxCellBytes
	d := xml.NewDecoder(bytes.NewReader(doc))
	clock := lim.Clock()
	for {
		if err := clock.Tick(); err != nil {
			return nil, err
		}
		grid.Counted.Elements.Add(1)
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, grid.Corrupt(err, "word/document.xml 不是有效的 XML")
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skipped(t.Name.Local) || t.Name.Local == "sectPr" {
				if t.Name.Local == "sectPr" && r.inPPr && r.depth == 0 {
					r.brAfter = true
				}
				if err := d.Skip(); err != nil {
					return nil, grid.Corrupt(err, "word/document.xml 不是有效的 XML")
				}
				continue
			}
			if err := r.start(t); err != nil {
				return nil, err
			}
		case xml.EndElement:
			if err := r.end(t.Name.Local); err != nil {
				return nil, err
			}
		case xml.CharData:
			if r.inT {
				r.text.add(string(t))
			}
		}
	}
	if r.prev != nil {
		if err := r.finish(r.prev, r.pending); err != nil {
			return nil, err
		}
	}
	return r.book, nil
}

func (r *reader) start(e xml.StartElement) error {
	switch e.Name.Local {
	case "tbl":
		r.depth++
		if r.depth == 1 {
			return r.startTable()
		}
	case "tr":
		if r.depth == 1 {
			r.tbl.rows++
			if len(r.tbl.above)+r.tbl.rows > r.lim.MaxRowNumber {
				return grid.TooLarge(fmt.Sprintf("表%d 有超过 %d 行", r.tbl.n, r.lim.MaxRowNumber))
			}
			r.cur = rowCursor{}
		}
	case "trPr":
		r.inRowPr = r.depth == 1
	case "gridBefore":
		if r.inRowPr {
			r.cur.skip(spanValue(attr(e, "val"), 0))
		}
	case "tc":
		if r.depth == 1 {
			r.span, r.vm = 1, ""
			r.lines.reset()
			r.lineCount = 0
		}
	case "tcPr":
		r.inCellPr = r.depth == 1
	case "gridSpan":
		if r.inCellPr {
			r.span = spanValue(attr(e, "val"), 1)
		}
	case "vMerge":
		if r.inCellPr {
			r.vm = "continue"
			if attr(e, "val") == "restart" {
				r.vm = "restart"
			}
		}
	case "p":
		r.text.reset()
		r.brBefore, r.brAfter = false, false
	case "pPr":
		r.inPPr = true
	case "pageBreakBefore":
		if r.inPPr && on(attr(e, "val")) {
			r.brBefore = true
		}
	case "t":
		r.inT = true
	case "tab", "ptab":
		if !r.inPPr {
			r.text.add("\t")
		}
	case "br":
		if attr(e, "type") == "page" {
			if len(bytes.TrimSpace(r.text.b)) == 0 {
				r.brBefore = true
			} else {
				r.brAfter = true
			}
		} else if attr(e, "type") != "column" {
			r.text.add("\n")
		}
	case "cr":
		r.text.add("\n")
	case "noBreakHyphen":
		r.text.add("-")
	}
	return nil
}

func (r *reader) end(local string) error {
	switch local {
	case "t":
		r.inT = false
	case "pPr":
		r.inPPr = false
	case "trPr":
		r.inRowPr = false
	case "tcPr":
		r.inCellPr = false
	case "p":
		return r.endParagraph()
	case "tc":
		if r.depth == 1 {
			return r.endCell()
		}
	case "tbl":
		if r.depth == 1 {
			r.prev, r.tbl = r.tbl, nil
		}
		r.depth = max(r.depth-1, 0)
	}
	return nil
}

func (r *reader) endParagraph() error {
	text := strings.TrimRightFunc(string(r.text.b), unicode.IsSpace)
	if r.depth > 0 {
		if r.tbl != nil && strings.TrimSpace(text) != "" {
			if r.lineCount > 0 {
				r.lines.add("\n")
			}
			r.lines.add(text)
			r.lines.cut = r.lines.cut || r.text.cut
			r.lineCount++
		}
		return nil
	}
	brk := r.brBefore || r.carry
	if strings.TrimSpace(text) == "" {
		r.carry = brk || r.brAfter
		return nil
	}
	r.carry = r.brAfter
	r.pending = append(r.pending, para{text: text, truncated: r.text.cut, breakBefore: brk})
	if len(r.pending) > r.lim.MaxRows {
		return grid.TooLarge(fmt.Sprintf("文档的表格之间有超过 %d 段文字", r.lim.MaxRows))
	}
	return nil
}

func (r *reader) startTable() error {
	n := len(r.book.Sheets) + 1
	if r.prev != nil {
		n++
	}
	if n > r.lim.MaxSheets {
		return grid.TooLarge(fmt.Sprintf("文档有超过 %d 个表格", r.lim.MaxSheets))
	}
	below, above := splitBetween(r.pending)
	if r.prev != nil {
		if err := r.finish(r.prev, below); err != nil {
			return err
		}
	} else {
		above = r.pending
	}
	r.tbl = &table{n: n, above: above, open: map[int]*vmerge{}}
	r.pending, r.prev, r.carry = nil, nil, false
	return nil
}

// splitBetween divides the paragraphs between two tables: those before the
// first one that starts an attachment (附件…) or a new page stay below the
// earlier table, the rest go above the later one.
func splitBetween(ps []para) (below, above []para) {
	for i, p := range ps {
		if p.breakBefore || strings.HasPrefix(strings.TrimLeftFunc(p.text, unicode.IsSpace), "附件") {
			return ps[:i], ps[i:]
		}
	}
	return ps, nil
}

func (r *reader) endCell() error {
	t := r.tbl
	row := t.rows
	left, right := r.cur.place(r.span)
	if left > r.lim.MaxColumns {
		return nil
	}
	right = min(right, r.lim.MaxColumns)
	if r.vm == "continue" {
		if m := t.open[left]; m != nil && m.bottom == row-1 && m.right == right {
			m.bottom = row
			if m.index < 0 {
				m.index = len(t.merges)
				t.merges = append(t.merges, grid.Range{})
				if len(t.merges) > r.lim.MaxMerges {
					return grid.TooLarge(fmt.Sprintf("表%d 有超过 %d 处合并单元格", t.n, r.lim.MaxMerges))
				}
			}
			t.merges[m.index] = grid.Range{Top: m.top, Left: m.left, Bottom: m.bottom, Right: m.right}
		} else {
			r.vm = ""
		}
	}
	if r.vm != "continue" {
		delete(t.open, left)
		m := &vmerge{top: row, bottom: row, left: left, right: right, index: -1}
		if right > left {
			m.index = len(t.merges)
			t.merges = append(t.merges, grid.Range{Top: row, Left: left, Bottom: row, Right: right})
			if len(t.merges) > r.lim.MaxMerges {
				return grid.TooLarge(fmt.Sprintf("表%d 有超过 %d 处合并单元格", t.n, r.lim.MaxMerges))
			}
		}
		if r.vm == "restart" || right > left {
			t.open[left] = m
		}
	}
	if r.lineCount == 0 {
		return nil
	}
	if err := r.count(); err != nil {
		return err
	}
	t.cells = append(t.cells, tableCell{row: row, cell: grid.Cell{Col: left, Type: grid.Text, Value: string(r.lines.b)}})
	if r.lines.cut {
		t.truncated = append(t.truncated, grid.Pos{Row: row, Col: left})
	}
	return nil
}

func (r *reader) count() error {
	r.cells++
	if r.cells > r.lim.MaxCells {
		return grid.TooLarge(fmt.Sprintf("文档有超过 %d 个非空单元格", r.lim.MaxCells))
	}
	return nil
}

// finish makes the sheet of table t: the paragraphs above it, its rows,
// then the paragraphs below.
func (r *reader) finish(t *table, below []para) error {
	s := &grid.Sheet{Name: fmt.Sprintf("表%d", t.n), Table: t.n}
	above := t.above
	if len(above)+t.rows+len(below) > r.lim.MaxRowNumber {
		return grid.TooLarge(fmt.Sprintf("表%d 有超过 %d 行", t.n, r.lim.MaxRowNumber))
	}
	for i, p := range above {
		if err := r.addParagraph(s, i+1, p); err != nil {
			return err
		}
	}
	s.TableTop, s.TableBottom = len(above)+1, len(above)+t.rows
	shift := len(above)
	for _, c := range t.cells {
		num := c.row + shift
		if n := len(s.Rows); n == 0 || s.Rows[n-1].Num != num {
			s.Rows = append(s.Rows, grid.Row{Num: num})
		}
		last := &s.Rows[len(s.Rows)-1]
		last.Cells = append(last.Cells, c.cell)
	}
	for _, m := range t.merges {
		s.Merges = append(s.Merges, grid.Range{Top: m.Top + shift, Left: m.Left, Bottom: m.Bottom + shift, Right: m.Right})
	}
	covered := 0
	for _, m := range s.Merges {
		covered += (m.Bottom - m.Top + 1) * (m.Right - m.Left + 1)
		if covered > r.lim.MaxMergedCells {
			return grid.TooLarge(fmt.Sprintf("表%d 的合并单元格覆盖超过 %d 个单元格", t.n, r.lim.MaxMergedCells))
		}
	}
	for _, p := range t.truncated {
		s.Truncated = append(s.Truncated, grid.Pos{Sheet: s.Name, Row: p.Row + shift, Col: p.Col})
	}
	for i, p := range below {
		if err := r.addParagraph(s, s.TableBottom+i+1, p); err != nil {
			return err
		}
	}
	if len(s.Rows) > r.lim.MaxRows {
		return grid.TooLarge(fmt.Sprintf("表%d 有超过 %d 行内容", t.n, r.lim.MaxRows))
	}
	r.book.Sheets = append(r.book.Sheets, s)
	return nil
}

// addParagraph adds paragraph p as row num of s, split into columns.
func (r *reader) addParagraph(s *grid.Sheet, num int, p para) error {
	row := grid.Row{Num: num}
	for i, text := range columns(p.text) {
		if i == r.lim.MaxColumns {
			break
		}
		if err := r.count(); err != nil {
			return err
		}
		row.Cells = append(row.Cells, grid.Cell{Col: i + 1, Type: grid.Text, Value: text})
	}
	if p.truncated {
		s.Truncated = append(s.Truncated, grid.Pos{Sheet: s.Name, Row: num, Col: len(row.Cells)})
	}
	s.Rows = append(s.Rows, row)
	return nil
}

// columns splits a paragraph's text at runs of tabs or of three or more
// spaces (ASCII, no-break or ideographic), as forms lay out fields on one
// line ("单位（盖章）：某某小学\t\t填报日期：2017年2月10日"); blanks before
// 年, 月 or 日 are a date left to fill in, not a column break.
func columns(text string) []string {
	var out []string
	start := 0
	for i := 0; i < len(text); {
		j, tabs, spaces := i, 0, 0
		for j < len(text) {
			c, size := utf8.DecodeRuneInString(text[j:])
			if c == '\t' {
				tabs++
			} else if c == ' ' || c == '\u3000' || c == '\u00a0' {
				spaces++
			} else {
				break
			}
			j += size
		}
		if j == i {
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
			continue
		}
		next, _ := utf8.DecodeRuneInString(text[j:])
		if tabs > 0 || spaces >= 3 && next != '年' && next != '月' && next != '日' {
			if piece := strings.TrimSpace(text[start:i]); piece != "" {
				out = append(out, piece)
			}
			start = j
		}
		i = j
	}
	if piece := strings.TrimSpace(text[start:]); piece != "" {
		out = append(out, piece)
	}
	return out
}

// on reads an OOXML boolean attribute: absent means true.
func on(val string) bool {
	switch val {
	case "0", "false", "off":
		return false
	}
	return true
}

// spanValue reads a count attribute (w:gridSpan, w:gridBefore): anything
// unreadable or negative is def, digits too many for an int a huge count
// (clipped by rowCursor and MaxColumns).
func spanValue(val string, def int) int {
	n, err := strconv.Atoi(val)
	if err != nil || n < 0 {
		if err != nil && strings.Trim(val, "0123456789") == "" && val != "" {
			return 1 << 30
		}
		return def
	}
	return n
}
