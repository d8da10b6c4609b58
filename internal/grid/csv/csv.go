// Package csv reads a CSV file into a grid.Book of one sheet: UTF-8 with or
// without a byte-order mark, or GBK as Excel saves it on Chinese Windows.
// Each record becomes the row of the line it starts on; there are no
// merges, and every value is text.
package csv

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"qingdan/internal/grid"
)

// SheetName names the one sheet of a CSV book.
const SheetName = "CSV"

func init() {
	// No sniff: any text could be CSV, so only the extension selects it.
	grid.Register(grid.Format{Name: "csv", Exts: []string{".csv"}, Read: Read})
}

// Read reads CSV bytes under lim.
func Read(data []byte, lim grid.Limits) (*grid.Book, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		var err error
		if data, err = simplifiedchinese.GBK.NewDecoder().Bytes(data); err != nil {
			return nil, grid.Refuse(grid.Unreadable, err, "文件既不是 UTF-8 也不是 GBK 编码，无法读取。请用 Excel/WPS 另存为“CSV UTF-8”或 .xlsx 后重试")
		}
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = true
	s := &grid.Sheet{Name: SheetName}
	cells := 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, grid.Refuse(grid.Unreadable, fmt.Errorf("%w: %w", grid.ErrCorrupt, err), "文件不是有效的 CSV（%v）。请用 Excel/WPS 打开检查后另存为 .csv 或 .xlsx 重试", err)
		}
		line, _ := r.FieldPos(0)
		if line > lim.MaxRowNumber {
			return nil, grid.TooLarge(fmt.Sprintf("文件超过 %d 行", lim.MaxRowNumber))
		}
		row := grid.Row{Num: line}
		for i, v := range rec {
			if v == "" {
				continue
			}
			if i >= lim.MaxColumns {
				break
			}
			if len(v) > lim.MaxCellBytes {
				v = string(bytes.ToValidUTF8([]byte(v[:lim.MaxCellBytes]), nil))
				s.Truncated = append(s.Truncated, grid.Pos{Sheet: SheetName, Row: line, Col: i + 1})
			}
			row.Cells = append(row.Cells, grid.Cell{Col: i + 1, Type: grid.Text, Value: v})
		}
		if len(row.Cells) == 0 {
			continue
		}
		if len(s.Rows) >= lim.MaxRows {
			return nil, grid.TooLarge(fmt.Sprintf("文件有超过 %d 行内容", lim.MaxRows))
		}
		if cells += len(row.Cells); cells > lim.MaxCells {
			return nil, grid.TooLarge(fmt.Sprintf("文件有超过 %d 个单元格有内容", lim.MaxCells))
		}
		s.Rows = append(s.Rows, row)
	}
	return &grid.Book{Sheets: []*grid.Sheet{s}}, nil
}
