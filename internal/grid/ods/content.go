package ods

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"qingdan/internal/grid"
)

// limitCount keeps repeat and span arithmetic bounded whatever the file says.
const limitCount = 1 << 30

// reader walks content.xml once. Repeated rows and cells are expanded only
// when they hold something, and only up to the limits.
type reader struct {
	lim     grid.Limits
	book    *grid.Book
	d       *xml.Decoder
	hidden  map[string]bool // table styles with table:display="false"
	cells   int             // cells kept in the file
	emitted int             // rows materialised, for tests of the bounds
	clock   *grid.Clock

	sheet   *grid.Sheet
	row     int // rows used so far in the sheet
	rows    int // non-empty rows kept in the sheet
	col     int // columns used so far in the row
	rowBuf  []grid.Cell
	spanBuf []span
	trunc   []int // columns of rowBuf cells whose text was cut
	style   string
}

// span is a merge started in the row being read.
type span struct{ left, right, rows int }

func newReader(lim grid.Limits) *reader {
	return &reader{lim: lim, book: &grid.Book{}, hidden: map[string]bool{}}
}

func (r *reader) corrupt(err error) error {
	if ge, ok := err.(*grid.Error); ok {
		return ge // a limit, not a broken file
	}
	return grid.Corrupt(err, "content.xml 不是有效的 XML")
}

func (r *reader) skip() error {
	if err := r.d.Skip(); err != nil {
		return r.corrupt(err)
	}
	return nil
}

// token is the next token, counted in grid.Counted and ticking the clock.
func (r *reader) token() (xml.Token, error) {
	if r.clock == nil {
		r.clock = r.lim.Clock()
	}
	if err := r.clock.Tick(); err != nil {
		return nil, err
	}
	grid.Counted.Elements.Add(1)
	return r.d.Token()
}

func (r *reader) read(content []byte) error {
	r.d = xml.NewDecoder(bytes.NewReader(content))
	for {
		tok, err := r.token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return r.corrupt(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := r.start(t); err != nil {
				return err
			}
		case xml.EndElement:
			if err := r.end(t); err != nil {
				return err
			}
		}
	}
}

func (r *reader) start(e xml.StartElement) error {
	switch e.Name.Space + " " + e.Name.Local {
	case styleNS + " style":
		if attr(e, styleNS, "family") == "table" {
			r.style = attr(e, styleNS, "name")
		}
	case styleNS + " table-properties":
		if r.style != "" && attr(e, tableNS, "display") == "false" {
			r.hidden[r.style] = true
		}
	case tableNS + " table":
		if r.sheet != nil {
			return r.skip()
		}
		if len(r.book.Sheets) >= r.lim.MaxSheets {
			return grid.TooLarge(fmt.Sprintf("文件有超过 %d 个工作表", r.lim.MaxSheets))
		}
		name := attr(e, tableNS, "name")
		if name == "" {
			name = fmt.Sprintf("Sheet%d", len(r.book.Sheets)+1)
		}
		r.sheet = &grid.Sheet{Name: name, Hidden: r.hidden[attr(e, tableNS, "style-name")]}
		r.row, r.rows = 0, 0
	case tableNS + " table-row":
		if r.sheet != nil {
			return r.readRow(e)
		}
	case tableNS + " shapes", tableNS + " named-expressions", officeNS + " forms", tableNS + " table-source":
		return r.skip()
	}
	return nil
}

func (r *reader) end(e xml.EndElement) error {
	switch e.Name.Space + " " + e.Name.Local {
	case styleNS + " style":
		r.style = ""
	case tableNS + " table":
		if r.sheet == nil {
			return nil
		}
		if err := r.checkMerges(); err != nil {
			return err
		}
		r.book.Sheets = append(r.book.Sheets, r.sheet)
		r.sheet = nil
	}
	return nil
}

// readRow reads one table:table-row and keeps it as many times as it is
// repeated, if it holds anything.
func (r *reader) readRow(e xml.StartElement) error {
	repeat := count(attr(e, tableNS, "number-rows-repeated"))
	r.col, r.rowBuf, r.spanBuf, r.trunc = 0, r.rowBuf[:0], r.spanBuf[:0], r.trunc[:0]
	for {
		tok, err := r.token()
		if err != nil {
			return r.corrupt(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space == tableNS && (t.Name.Local == "table-cell" || t.Name.Local == "covered-table-cell") {
				if err := r.readCell(t); err != nil {
					return err
				}
			} else if err := r.skip(); err != nil {
				return err
			}
		case xml.EndElement:
			return r.keepRow(repeat)
		}
	}
}

func (r *reader) keepRow(repeat int) error {
	first := r.row + 1
	r.row = min(r.row+repeat, limitCount)
	if len(r.rowBuf) == 0 {
		if len(r.spanBuf) > 0 {
			return r.addMerges(first)
		}
		return nil
	}
	for num := first; num <= r.row; num++ {
		if num > r.lim.MaxRowNumber {
			return grid.TooLarge(fmt.Sprintf("工作表「%s」的内容超过第 %d 行", r.sheet.Name, r.lim.MaxRowNumber))
		}
		if r.rows++; r.rows > r.lim.MaxRows {
			return grid.TooLarge(fmt.Sprintf("工作表「%s」有超过 %d 行内容", r.sheet.Name, r.lim.MaxRows))
		}
		if r.cells += len(r.rowBuf); r.cells > r.lim.MaxCells {
			return grid.TooLarge(fmt.Sprintf("文件有超过 %d 个非空单元格", r.lim.MaxCells))
		}
		r.emitted++
		r.sheet.Rows = append(r.sheet.Rows, grid.Row{Num: num, Cells: append([]grid.Cell(nil), r.rowBuf...)})
		for _, c := range r.trunc {
			r.sheet.Truncated = append(r.sheet.Truncated, grid.Pos{Sheet: r.sheet.Name, Row: num, Col: c})
		}
		if err := r.addMerges(num); err != nil {
			return err
		}
	}
	return nil
}

func (r *reader) addMerges(num int) error {
	if num > r.lim.MaxRowNumber {
		return nil
	}
	for _, s := range r.spanBuf {
		r.sheet.Merges = append(r.sheet.Merges, grid.Range{Top: num, Left: s.left, Bottom: min(num+s.rows-1, r.lim.MaxRowNumber), Right: s.right})
		if len(r.sheet.Merges) > r.lim.MaxMerges {
			return grid.TooLarge(fmt.Sprintf("工作表「%s」有超过 %d 处合并单元格", r.sheet.Name, r.lim.MaxMerges))
		}
	}
	return nil
}

// checkMerges bounds the cells the merges of the sheet cover, clipped to
// its rows as grid's merge index clips them.
func (r *reader) checkMerges() error {
	last, covered := r.sheet.LastRow(), 0
	for _, m := range r.sheet.Merges {
		covered += (min(m.Bottom, max(last, m.Top)) - m.Top + 1) * (m.Right - m.Left + 1)
		if covered > r.lim.MaxMergedCells {
			return grid.TooLarge(fmt.Sprintf("工作表「%s」的合并单元格覆盖超过 %d 个单元格", r.sheet.Name, r.lim.MaxMergedCells))
		}
	}
	return nil
}

// readCell reads one cell and keeps it (repeated, up to MaxColumns) in
// the row buffer when it holds something.
func (r *reader) readCell(e xml.StartElement) error {
	repeat := count(attr(e, tableNS, "number-columns-repeated"))
	left := r.col + 1
	r.col = min(r.col+repeat, limitCount)
	text, cut, err := r.cellText()
	if err != nil {
		return err
	}
	if left > r.lim.MaxColumns {
		return nil
	}
	cols, rows := count(attr(e, tableNS, "number-columns-spanned")), count(attr(e, tableNS, "number-rows-spanned"))
	if cols > 1 || rows > 1 {
		for c := left; c <= min(r.col, r.lim.MaxColumns); c++ {
			r.spanBuf = append(r.spanBuf, span{left: c, right: min(c+cols-1, r.lim.MaxColumns), rows: rows})
		}
	}
	cell, ok := value(e, text)
	if !ok {
		return nil
	}
	for c := left; c <= min(r.col, r.lim.MaxColumns); c++ {
		cell.Col = c
		r.rowBuf = append(r.rowBuf, cell)
		if cut {
			r.trunc = append(r.trunc, c)
		}
	}
	return nil
}

// value makes the cell of e from its value attributes and its text; ok is
// false when it holds nothing.
func value(e xml.StartElement, text string) (grid.Cell, bool) {
	c := grid.Cell{Type: grid.Text, Value: text}
	if f := attr(e, tableNS, "formula"); f != "" {
		c.Formula = formula(f)
	}
	switch attr(e, officeNS, "value-type") {
	case "float", "percentage", "currency":
		if v := attr(e, officeNS, "value"); isNumber(v) {
			c.Type, c.Value = grid.Number, v
		}
	case "date":
		if v, ok := dateSerial(attr(e, officeNS, "date-value")); ok {
			c.Type, c.Value = grid.Date, v
		}
	case "time":
		if v, ok := durationDays(attr(e, officeNS, "time-value")); ok {
			c.Type, c.Value = grid.Number, v
		}
	case "boolean":
		c.Type, c.Value = grid.Bool, "0"
		if v := attr(e, officeNS, "boolean-value"); v == "true" || v == "1" {
			c.Value = "1"
		}
	case "string":
		if v := attr(e, officeNS, "string-value"); v != "" {
			c.Value = v
		}
	}
	if attr(e, calcNS, "value-type") == "error" {
		c.Type, c.Value = grid.ErrValue, text
	}
	return c, c.Value != "" || c.Formula != ""
}

// formula drops the namespace and = of an OpenFormula ("of:=[.B5]*100"):
// what is left is the expression, as an .xlsx holds it without its =.
func formula(f string) string {
	if i := strings.Index(f, ":="); i >= 0 && i < 8 {
		f = f[i+2:]
	}
	return strings.TrimPrefix(f, "=")
}

func isNumber(v string) bool {
	_, err := strconv.ParseFloat(v, 64)
	return err == nil
}

// count reads a repeat or span attribute: at least 1, at most limitCount.
func count(v string) int {
	if v == "" {
		return 1
	}
	n := 0
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return 1
		}
		n = min(n*10+int(v[i]-'0'), limitCount)
	}
	return max(n, 1)
}

// cellText reads a cell's content up to its end: the text of its
// paragraphs joined by line breaks, cut at MaxCellBytes. Annotations,
// drawings and notes are not the cell's text.
func (r *reader) cellText() (string, bool, error) {
	var b []byte
	cut := false
	add := func(s string) {
		room := r.lim.MaxCellBytes - len(b)
		if len(s) > room {
			for room > 0 && !utf8.RuneStart(s[room]) {
				room--
			}
			s, cut = s[:max(room, 0)], true
		}
		b = append(b, s...)
	}
	paras, inPara, depth, space := 0, 0, 1, false
	for depth > 0 {
		tok, err := r.token()
		if err != nil {
			return "", false, r.corrupt(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != textNS {
				if err := r.skip(); err != nil {
					return "", false, err
				}
				continue
			}
			depth++
			switch t.Name.Local {
			case "p", "h":
				if paras > 0 {
					add("\n")
				}
				paras++
				inPara++
				space = true // white space opening a paragraph is dropped
			case "s":
				n := min(count(attr(t, textNS, "c")), r.lim.MaxCellBytes-len(b)+1)
				add(strings.Repeat(" ", max(n, 0)))
			case "tab":
				add("\t")
			case "line-break":
				add("\n")
			case "note", "tracked-changes", "ruby-text":
				depth--
				if err := r.skip(); err != nil {
					return "", false, err
				}
			}
		case xml.EndElement:
			depth--
			if t.Name.Space == textNS && (t.Name.Local == "p" || t.Name.Local == "h") {
				inPara--
			}
		case xml.CharData:
			if inPara > 0 && !cut {
				add(collapse(t, &space))
			}
		}
	}
	return string(b), cut, nil
}

// collapse applies ODF's white-space rule to character data: each run of
// spaces, tabs and line ends counts as one space, none at the start of a
// paragraph (text:s, text:tab and text:line-break carry the others).
func collapse(t []byte, space *bool) string {
	if bytes.IndexAny(t, " \t\r\n") < 0 {
		*space = false
		return string(t)
	}
	var out []byte
	for _, c := range t {
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			if !*space {
				out = append(out, ' ')
			}
			*space = true
			continue
		}
		*space = false
		out = append(out, c)
	}
	return string(out)
}
