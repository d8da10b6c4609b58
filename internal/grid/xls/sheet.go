package xls

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"qingdan/internal/grid"
)

// sheetReader turns one worksheet substream into a grid.Sheet.
type sheetReader struct {
	g     *globals
	lim   grid.Limits
	name  string
	rows  map[int][]grid.Cell
	cells *int // cells kept in the whole book so far
	sheet *grid.Sheet
	// pending is the formula cell (row, index in its row) whose string
	// result the next STRING record carries; row 0 when none.
	pendingRow, pendingIdx int
}

// readSheet reads the worksheet at bs.offset; n is the bytes its records span.
func readSheet(stream []byte, bs boundSheet, g *globals, lim grid.Limits, cells *int) (*grid.Sheet, int, error) {
	where := fmt.Sprintf("工作表「%s」", bs.name)
	if bs.offset < 0 || bs.offset >= len(stream) {
		return nil, 0, grid.Corrupt(fmt.Errorf("sheet %q at %d past the stream", bs.name, bs.offset), where+"的位置无效")
	}
	r := &records{data: stream, pos: bs.offset}
	id, body, ok, err := r.next()
	if err != nil || !ok || id != recBOF || len(body) < 4 || binary.LittleEndian.Uint16(body[2:]) != dtWorksheet {
		return nil, 0, grid.Corrupt(fmt.Errorf("sheet %q: no worksheet BOF at %d", bs.name, bs.offset), where+"的开头无效")
	}
	sr := &sheetReader{g: g, lim: lim, name: bs.name, rows: map[int][]grid.Cell{}, cells: cells,
		sheet: &grid.Sheet{Name: bs.name, Hidden: bs.hidden}}
	// Embedded charts bring their own BOF…EOF inside the sheet's substream.
	depth := 1
	for depth > 0 {
		id, body, ok, err := r.next()
		if err != nil {
			return nil, 0, grid.Corrupt(err, where+"的数据被截断")
		}
		if !ok {
			return nil, 0, grid.Corrupt(errors.New("worksheet substream without EOF"), where+"的数据被截断")
		}
		switch {
		case id == recBOF:
			depth++
			continue
		case id == recEOF:
			depth--
			continue
		case depth > 1:
			continue
		}
		if err := sr.record(r, id, body); err != nil {
			return nil, 0, err
		}
	}
	if err := sr.finish(); err != nil {
		return nil, 0, err
	}
	return sr.sheet, r.pos - bs.offset, nil
}

var errRecord = errors.New("cell record too short")

func (sr *sheetReader) corrupt(err error, id uint16) error {
	return grid.Corrupt(fmt.Errorf("sheet %q record 0x%04X: %w", sr.name, id, err), fmt.Sprintf("工作表「%s」的单元格数据无效", sr.name))
}

// record handles one record of the worksheet substream.
func (sr *sheetReader) record(r *records, id uint16, body []byte) error {
	switch id {
	case recLabelSST, recLabel, recRString, recRK, recMulRK, recNumber, recBoolErr, recFormula:
		sr.pendingRow = 0
	}
	switch id {
	case recLabelSST:
		if len(body) < 10 {
			return sr.corrupt(errRecord, id)
		}
		i := int(binary.LittleEndian.Uint32(body[6:]))
		if i < 0 || i >= len(sr.g.sst) {
			return grid.Corrupt(fmt.Errorf("sheet %q: shared string %d of %d", sr.name, i, len(sr.g.sst)), fmt.Sprintf("工作表「%s」引用了不存在的共享字符串", sr.name))
		}
		return sr.add(body, grid.Text, sr.g.sst[i], "")
	case recLabel, recRString:
		if len(body) < 6 {
			return sr.corrupt(errRecord, id)
		}
		s := one(body[6:], sr.g.gbk)
		text, err := s.str(true)
		if err != nil {
			return sr.corrupt(err, id)
		}
		return sr.add(body, grid.Text, text, "")
	case recNumber:
		if len(body) < 14 {
			return sr.corrupt(errRecord, id)
		}
		return sr.number(body, math.Float64frombits(binary.LittleEndian.Uint64(body[6:])))
	case recRK:
		if len(body) < 10 {
			return sr.corrupt(errRecord, id)
		}
		return sr.number(body, rk(binary.LittleEndian.Uint32(body[6:])))
	case recMulRK:
		return sr.mulRK(body)
	case recBoolErr:
		if len(body) < 8 {
			return sr.corrupt(errRecord, id)
		}
		typ, v := boolErr(body[6], body[7] != 0)
		return sr.add(body, typ, v, "")
	case recFormula:
		return sr.formula(body)
	case recString:
		if sr.pendingRow == 0 {
			return nil
		}
		segs, err := r.continued(body)
		if err != nil {
			return sr.corrupt(err, id)
		}
		text, err := (&segments{segs: segs, gbk: sr.g.gbk}).str(true)
		if err != nil {
			return sr.corrupt(err, id)
		}
		c := &sr.rows[sr.pendingRow][sr.pendingIdx]
		c.Value = sr.cut(text, sr.pendingRow, c.Col)
		sr.pendingRow = 0
	case recMerged:
		return sr.merges(body)
	}
	return nil
}

// number adds a number cell, a date when its XF's format shows one.
func (sr *sheetReader) number(body []byte, v float64) error {
	return sr.add(body, sr.numberType(body), formatNumber(v), "")
}

func (sr *sheetReader) numberType(body []byte) grid.Type {
	if xf := int(binary.LittleEndian.Uint16(body[4:])); xf < len(sr.g.dateXF) && sr.g.dateXF[xf] {
		return grid.Date
	}
	return grid.Number
}

// formatNumber writes a number the way grid.Cell.Value holds numbers.
func formatNumber(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "#NUM!"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// rk decodes an RK number (MS-XLS 2.5.218): a 30-bit integer or the high
// 30 bits of a double, optionally divided by 100.
func rk(v uint32) float64 {
	var f float64
	if v&0x02 != 0 {
		f = float64(int32(v) >> 2)
	} else {
		f = math.Float64frombits(uint64(v&0xFFFFFFFC) << 32)
	}
	if v&0x01 != 0 {
		f /= 100
	}
	return f
}

// boolErr reads a BOOLERR or formula result value: a boolean or an error code.
func boolErr(v byte, isErr bool) (grid.Type, string) {
	if !isErr {
		if v != 0 {
			return grid.Bool, "1"
		}
		return grid.Bool, "0"
	}
	return grid.ErrValue, errorText(v)
}

func errorText(code byte) string {
	switch code {
	case 0x00:
		return "#NULL!"
	case 0x07:
		return "#DIV/0!"
	case 0x0F:
		return "#VALUE!"
	case 0x17:
		return "#REF!"
	case 0x1D:
		return "#NAME?"
	case 0x24:
		return "#NUM!"
	case 0x2A:
		return "#N/A"
	case 0x2B:
		return "#GETTING_DATA"
	}
	return "#N/A"
}

// mulRK adds the cells of a MULRK record: row, first column, then
// (XF, RK) pairs, then the last column.
func (sr *sheetReader) mulRK(body []byte) error {
	if len(body) < 12 || (len(body)-6)%6 != 0 {
		return sr.corrupt(errRecord, recMulRK)
	}
	n := (len(body) - 6) / 6
	first := int(binary.LittleEndian.Uint16(body[2:]))
	last := int(binary.LittleEndian.Uint16(body[len(body)-2:]))
	if last < first || last-first+1 != n {
		return sr.corrupt(fmt.Errorf("MULRK columns %d..%d for %d values", first, last, n), recMulRK)
	}
	cell := make([]byte, 10)
	copy(cell, body[:2])
	for i := 0; i < n; i++ {
		binary.LittleEndian.PutUint16(cell[2:], uint16(first+i))
		copy(cell[4:], body[4+6*i:10+6*i])
		if err := sr.number(cell, rk(binary.LittleEndian.Uint32(cell[6:]))); err != nil {
			return err
		}
	}
	return nil
}

// formulaMarker stands for a formula whose tokens the decompiler does not
// know: the cached result is what the readers use.
const formulaMarker = "=?"

// formula adds a FORMULA cell with its cached result (MS-XLS 2.5.133).
func (sr *sheetReader) formula(body []byte) error {
	if len(body) < 20 {
		return sr.corrupt(errRecord, recFormula)
	}
	res := body[6:14]
	text := decompile(body[20:])
	if res[6] != 0xFF || res[7] != 0xFF {
		v := math.Float64frombits(binary.LittleEndian.Uint64(res))
		return sr.add(body, sr.numberType(body), formatNumber(v), text)
	}
	switch res[0] {
	case 0: // a string, held by the STRING record that follows
		if err := sr.add(body, grid.Text, "", text); err != nil {
			return err
		}
		if col := int(binary.LittleEndian.Uint16(body[2:])) + 1; col <= sr.lim.MaxColumns {
			row := int(binary.LittleEndian.Uint16(body)) + 1
			sr.pendingRow, sr.pendingIdx = row, len(sr.rows[row])-1
		}
		return nil
	case 1:
		typ, v := boolErr(res[2], false)
		return sr.add(body, typ, v, text)
	case 2:
		typ, v := boolErr(res[2], true)
		return sr.add(body, typ, v, text)
	}
	return sr.add(body, grid.Text, "", text)
}

// add keeps a cell at the record's row and column (the first four bytes of
// every cell record); a cell past the column limit is not kept, nor an
// empty text that is not a formula's result.
func (sr *sheetReader) add(body []byte, typ grid.Type, value, formula string) error {
	row := int(binary.LittleEndian.Uint16(body)) + 1
	col := int(binary.LittleEndian.Uint16(body[2:])) + 1
	if col > sr.lim.MaxColumns || typ == grid.Text && value == "" && formula == "" {
		return nil
	}
	if row > sr.lim.MaxRowNumber {
		return grid.TooLarge(fmt.Sprintf("工作表「%s」使用了第 %d 行（上限第 %d 行）", sr.name, row, sr.lim.MaxRowNumber))
	}
	cells, ok := sr.rows[row]
	if !ok && len(sr.rows) >= sr.lim.MaxRows {
		return grid.TooLarge(fmt.Sprintf("工作表「%s」有超过 %d 行内容", sr.name, sr.lim.MaxRows))
	}
	if *sr.cells >= sr.lim.MaxCells {
		return grid.TooLarge(fmt.Sprintf("文件有超过 %d 个单元格", sr.lim.MaxCells))
	}
	*sr.cells++
	sr.rows[row] = append(cells, grid.Cell{Col: col, Type: typ, Value: sr.cut(value, row, col), Formula: formula})
	return nil
}

// cut shortens text to the cell limit at a character boundary and notes
// the cell in Sheet.Truncated.
func (sr *sheetReader) cut(text string, row, col int) string {
	if len(text) <= sr.lim.MaxCellBytes {
		return text
	}
	n := sr.lim.MaxCellBytes
	for n > 0 && !utf8.RuneStart(text[n]) {
		n--
	}
	sr.sheet.Truncated = append(sr.sheet.Truncated, grid.Pos{Sheet: sr.name, Row: row, Col: col})
	return text[:n]
}

// merges reads a MERGEDCELLS record: a count, then (first row, last row,
// first column, last column) per range. Ranges past the column limit are
// clipped to it, as their cells are not kept.
func (sr *sheetReader) merges(body []byte) error {
	if len(body) < 2 {
		return sr.corrupt(errRecord, recMerged)
	}
	n := min(int(binary.LittleEndian.Uint16(body)), (len(body)-2)/8)
	for i := 0; i < n; i++ {
		f := body[2+8*i:]
		r := grid.Range{
			Top: int(binary.LittleEndian.Uint16(f)) + 1, Bottom: int(binary.LittleEndian.Uint16(f[2:])) + 1,
			Left: int(binary.LittleEndian.Uint16(f[4:])) + 1, Right: int(binary.LittleEndian.Uint16(f[6:])) + 1,
		}
		if r.Bottom < r.Top || r.Right < r.Left {
			return grid.Corrupt(fmt.Errorf("sheet %q: merged range %+v inverted", sr.name, r), fmt.Sprintf("工作表「%s」的合并单元格范围无效", sr.name))
		}
		if r.Left > sr.lim.MaxColumns {
			continue
		}
		r.Right = min(r.Right, sr.lim.MaxColumns)
		if r.Bottom > sr.lim.MaxRowNumber {
			return grid.TooLarge(fmt.Sprintf("工作表「%s」的合并单元格到达第 %d 行（上限第 %d 行）", sr.name, r.Bottom, sr.lim.MaxRowNumber))
		}
		if len(sr.sheet.Merges) >= sr.lim.MaxMerges {
			return grid.TooLarge(fmt.Sprintf("工作表「%s」有超过 %d 处合并单元格", sr.name, sr.lim.MaxMerges))
		}
		sr.sheet.Merges = append(sr.sheet.Merges, r)
	}
	return nil
}

// finish sorts the rows and cells (a later record for the same cell wins)
// and checks the cells the merges cover, clipped to the sheet's rows.
func (sr *sheetReader) finish() error {
	nums := make([]int, 0, len(sr.rows))
	for n := range sr.rows {
		nums = append(nums, n)
	}
	slices.Sort(nums)
	s := sr.sheet
	s.Rows = make([]grid.Row, 0, len(nums))
	for _, n := range nums {
		cells := sr.rows[n]
		slices.SortStableFunc(cells, func(a, b grid.Cell) int { return a.Col - b.Col })
		out := cells[:0]
		for _, c := range cells {
			if len(out) > 0 && out[len(out)-1].Col == c.Col {
				out[len(out)-1] = c
				continue
			}
			out = append(out, c)
		}
		s.Rows = append(s.Rows, grid.Row{Num: n, Cells: out})
	}
	last := s.LastRow()
	covered := 0
	for _, r := range s.Merges {
		if rows := min(r.Bottom, max(last, r.Top)) - r.Top + 1; rows > 0 {
			covered += rows * (r.Right - r.Left + 1)
		}
		if covered > sr.lim.MaxMergedCells {
			return grid.TooLarge(fmt.Sprintf("工作表「%s」的合并单元格覆盖超过 %d 个单元格", sr.name, sr.lim.MaxMergedCells))
		}
	}
	return nil
}
