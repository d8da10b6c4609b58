package xls

import (
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"qingdan/internal/grid"
)

// Record types read (MS-XLS 2.3).
const (
	recFormula    = 0x0006
	recEOF        = 0x000A
	recDateMode   = 0x0022
	recFilePass   = 0x002F
	recContinue   = 0x003C
	recCodePage   = 0x0042
	recBoundSheet = 0x0085
	recMulRK      = 0x00BD
	recXF         = 0x00E0
	recMerged     = 0x00E5
	recSST        = 0x00FC
	recLabelSST   = 0x00FD
	recRString    = 0x00D6
	recNumber     = 0x0203
	recLabel      = 0x0204
	recBoolErr    = 0x0205
	recString     = 0x0207
	recRK         = 0x027E
	recFormat     = 0x041E
	recBOF        = 0x0809
)

// BOF versions and substream types.
const (
	biff8        = 0x0600
	dtGlobals    = 0x0005
	dtWorksheet  = 0x0010
	codePageGBK  = 936
	maxRecordLen = 0xFFFF
)

var errTruncated = errors.New("record past the end of the stream")

// records walks the records of a stream from an offset.
type records struct {
	data []byte
	pos  int
}

// next returns the next record; ok is false at the end of the stream, err
// set when a record's length runs past it.
func (r *records) next() (id uint16, body []byte, ok bool, err error) {
	if r.pos+4 > len(r.data) {
		return 0, nil, false, nil
	}
	id = binary.LittleEndian.Uint16(r.data[r.pos:])
	n := int(binary.LittleEndian.Uint16(r.data[r.pos+2:]))
	start := r.pos + 4
	if start+n > len(r.data) {
		return 0, nil, false, fmt.Errorf("%w: record 0x%04X of %d bytes at %d", errTruncated, id, n, r.pos)
	}
	r.pos = start + n
	grid.Counted.Elements.Add(1)
	return id, r.data[start : start+n], true, nil
}

// peek returns the type of the record after the current one, 0 at the end.
func (r *records) peek() uint16 {
	if r.pos+4 > len(r.data) {
		return 0
	}
	return binary.LittleEndian.Uint16(r.data[r.pos:])
}

// continued returns body and the bodies of the CONTINUE records after it.
func (r *records) continued(body []byte) ([][]byte, error) {
	segs := [][]byte{body}
	for r.peek() == recContinue {
		_, b, _, err := r.next()
		if err != nil {
			return nil, err
		}
		segs = append(segs, b)
	}
	return segs, nil
}

var errShort = errors.New("string or field past the end of its record")

// segments reads fields and strings that may run on from one record into
// the CONTINUE records after it (MS-XLS 2.5.293 XLUnicodeRichExtendedString).
type segments struct {
	segs     [][]byte
	seg, off int
	gbk      bool     // compressed strings hold GBK bytes (CODEPAGE 936)
	units    []uint16 // scratch for UTF-16 text
	bytes    []byte   // scratch for compressed text
}

func (s *segments) advance() bool {
	for s.off >= len(s.segs[s.seg]) {
		if s.seg+1 >= len(s.segs) {
			return false
		}
		s.seg++
		s.off = 0
	}
	return true
}

func (s *segments) byte() (byte, error) {
	if !s.advance() {
		return 0, errShort
	}
	b := s.segs[s.seg][s.off]
	s.off++
	return b, nil
}

func (s *segments) uint16() (uint16, error) {
	lo, err := s.byte()
	if err != nil {
		return 0, err
	}
	hi, err := s.byte()
	return uint16(lo) | uint16(hi)<<8, err
}

func (s *segments) uint32() (uint32, error) {
	lo, err := s.uint16()
	if err != nil {
		return 0, err
	}
	hi, err := s.uint16()
	return uint32(lo) | uint32(hi)<<16, err
}

func (s *segments) skip(n int) error {
	for n > 0 {
		if !s.advance() {
			return errShort
		}
		k := min(n, len(s.segs[s.seg])-s.off)
		s.off += k
		n -= k
	}
	return nil
}

// str reads a string whose character count is a 16-bit (wide) or 8-bit
// field; rich-text runs and phonetic data after the characters are skipped.
func (s *segments) str(wide bool) (string, error) {
	var cch int
	if wide {
		n, err := s.uint16()
		if err != nil {
			return "", err
		}
		cch = int(n)
	} else {
		n, err := s.byte()
		if err != nil {
			return "", err
		}
		cch = int(n)
	}
	flags, err := s.byte()
	if err != nil {
		return "", err
	}
	runs, ext := 0, 0
	if flags&0x08 != 0 {
		n, err := s.uint16()
		if err != nil {
			return "", err
		}
		runs = int(n)
	}
	if flags&0x04 != 0 {
		n, err := s.uint32()
		if err != nil {
			return "", err
		}
		if n > maxRecordLen*1024 {
			return "", fmt.Errorf("%w: phonetic data of %d bytes", errShort, n)
		}
		ext = int(n)
	}
	text, err := s.chars(cch, flags&0x01 != 0)
	if err != nil {
		return "", err
	}
	if err := s.skip(4 * runs); err != nil {
		return "", err
	}
	return text, s.skip(ext)
}

// chars reads cch characters; at each record boundary inside them the next
// record starts with a byte saying whether the rest is compressed.
func (s *segments) chars(cch int, high bool) (string, error) {
	s.units, s.bytes = s.units[:0], s.bytes[:0]
	wide := false
	for cch > 0 {
		if s.off >= len(s.segs[s.seg]) {
			if s.seg+1 >= len(s.segs) {
				return "", errShort
			}
			s.seg++
			s.off = 0
			f, err := s.byte()
			if err != nil {
				return "", err
			}
			high = f&0x01 != 0
		}
		seg := s.segs[s.seg][s.off:]
		if high {
			if !wide {
				s.units = s.widen(s.units)
				wide = true
			}
			n := min(cch, len(seg)/2)
			if n == 0 {
				return "", errShort
			}
			for i := 0; i < n; i++ {
				s.units = append(s.units, binary.LittleEndian.Uint16(seg[2*i:]))
			}
			s.off += 2 * n
			cch -= n
			continue
		}
		n := min(cch, len(seg))
		if wide {
			for _, b := range seg[:n] {
				s.units = append(s.units, uint16(b))
			}
		} else {
			s.bytes = append(s.bytes, seg[:n]...)
		}
		s.off += n
		cch -= n
	}
	if wide {
		return string(utf16.Decode(s.units)), nil
	}
	return s.compressed(s.bytes), nil
}

// widen turns the compressed text read so far into UTF-16 units, for a
// string whose later part is not compressed.
func (s *segments) widen(units []uint16) []uint16 {
	if s.gbk {
		for _, r := range s.compressed(s.bytes) {
			units = utf16.AppendRune(units, r)
		}
		return units
	}
	for _, b := range s.bytes {
		units = append(units, uint16(b))
	}
	return units
}

// compressed decodes 8-bit text: Latin-1 per MS-XLS, GBK when the book's
// CODEPAGE is 936 (writers other than Excel put GBK bytes there).
func (s *segments) compressed(b []byte) string {
	ascii := true
	for _, c := range b {
		if c >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return string(b)
	}
	if s.gbk {
		if out, err := simplifiedchinese.GBK.NewDecoder().Bytes(b); err == nil && utf8.Valid(out) {
			return string(out)
		}
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

// one reads fields of a single record with the string rules of segments.
func one(body []byte, gbk bool) *segments {
	return &segments{segs: [][]byte{body}, gbk: gbk}
}
