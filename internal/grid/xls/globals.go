package xls

import (
	"encoding/binary"
	"errors"
	"fmt"

	"qingdan/internal/grid"
)

// boundSheet is one BOUNDSHEET record: a worksheet's name, visibility and
// where its substream starts.
type boundSheet struct {
	name   string
	hidden bool
	offset int
}

// globals is what the workbook substream says about the whole book.
type globals struct {
	date1904 bool
	gbk      bool
	sheets   []boundSheet
	sst      []string
	dateXF   []bool // per XF index: its number format shows a date
}

// readGlobals reads the workbook substream at the start of the stream.
func readGlobals(stream []byte, lim grid.Limits) (*globals, error) {
	r := &records{data: stream}
	id, body, ok, err := r.next()
	if err != nil || !ok || id != recBOF || len(body) < 4 {
		if isOldBOF(stream) {
			return nil, grid.Refuse(grid.Unreadable, errBIFF5, reasonBIFF5)
		}
		return nil, grid.Corrupt(errors.New("Workbook stream does not start with BOF"), "工作簿数据开头无效")
	}
	if v := binary.LittleEndian.Uint16(body); v != biff8 {
		return nil, grid.Refuse(grid.Unreadable, fmt.Errorf("%w (BOF version 0x%04X)", errBIFF5, v), reasonBIFF5)
	}
	g := &globals{}
	var (
		xfFormats []uint16
		formats   = map[uint16]string{}
		sstBody   [][]byte
	)
	for {
		id, body, ok, err := r.next()
		if err != nil {
			return nil, grid.Corrupt(err, "工作簿数据被截断")
		}
		if !ok {
			return nil, grid.Corrupt(errors.New("workbook substream without EOF"), "工作簿数据被截断")
		}
		if id == recEOF {
			break
		}
		switch id {
		case recFilePass:
			return nil, grid.Refuse(grid.Unreadable, grid.ErrEncrypted, reasonEncrypted)
		case recCodePage:
			if len(body) >= 2 {
				g.gbk = binary.LittleEndian.Uint16(body) == codePageGBK
			}
		case recDateMode:
			g.date1904 = len(body) >= 2 && binary.LittleEndian.Uint16(body) == 1
		case recBoundSheet:
			if len(body) < 8 {
				return nil, grid.Corrupt(errShort, "工作表目录无效")
			}
			// Only worksheets (type 0): chart, macro and VBA sheets hold no list.
			if body[5] != 0 {
				continue
			}
			if len(g.sheets) >= lim.MaxSheets {
				return nil, grid.TooLarge(fmt.Sprintf("工作簿有超过 %d 个工作表", lim.MaxSheets))
			}
			name, err := (&segments{segs: [][]byte{body[6:]}, gbk: g.gbk}).str(false)
			if err != nil {
				return nil, grid.Corrupt(err, "工作表名称无效")
			}
			g.sheets = append(g.sheets, boundSheet{name: name, hidden: body[4]&0x03 != 0, offset: int(binary.LittleEndian.Uint32(body))})
		case recXF:
			if len(body) < 4 {
				return nil, grid.Corrupt(errShort, "单元格格式记录无效")
			}
			// XF indexes are 16-bit: more records than that cannot be used.
			if len(xfFormats) < 0x10000 {
				xfFormats = append(xfFormats, binary.LittleEndian.Uint16(body[2:]))
			}
		case recFormat:
			if len(body) < 2 {
				return nil, grid.Corrupt(errShort, "数字格式记录无效")
			}
			s := &segments{segs: [][]byte{body[2:]}, gbk: g.gbk}
			code, err := s.str(true)
			if err != nil {
				return nil, grid.Corrupt(err, "数字格式记录无效")
			}
			formats[binary.LittleEndian.Uint16(body)] = code
		case recSST:
			if sstBody, err = r.continued(body); err != nil {
				return nil, grid.Corrupt(err, "共享字符串表被截断")
			}
		}
	}
	if sstBody != nil {
		if g.sst, err = readSST(sstBody, g.gbk); err != nil {
			return nil, grid.Corrupt(err, "共享字符串表无效")
		}
	}
	g.dateXF = make([]bool, len(xfFormats))
	for i, f := range xfFormats {
		g.dateXF[i] = isDateFormat(f, formats)
	}
	return g, nil
}

// isOldBOF says whether the stream starts with the BOF of BIFF2–4
// (record types 0x0009, 0x0209, 0x0409).
func isOldBOF(stream []byte) bool {
	if len(stream) < 2 {
		return false
	}
	switch binary.LittleEndian.Uint16(stream) {
	case 0x0009, 0x0209, 0x0409:
		return true
	}
	return false
}

// readSST reads the shared strings. The count in the header is only an
// upper bound: the strings end where the records do.
func readSST(segs [][]byte, gbk bool) ([]string, error) {
	s := &segments{segs: segs, gbk: gbk}
	if _, err := s.uint32(); err != nil {
		return nil, err
	}
	unique, err := s.uint32()
	if err != nil {
		return nil, err
	}
	var out []string
	for i := uint32(0); i < unique && s.advance(); i++ {
		str, err := s.str(true)
		if err != nil {
			return nil, fmt.Errorf("string %d: %w", i, err)
		}
		out = append(out, str)
	}
	return out, nil
}
