package xls

import (
	"encoding/binary"
	"unicode/utf16"
)

// Builders of BIFF8 records and of a minimal compound file (version 3, 512
// byte sectors, one FAT sector) for the cases no office program writes.

const (
	endOfChain = 0xFFFFFFFE
	freeSect   = 0xFFFFFFFF
	fatSect    = 0xFFFFFFFD
	noStream   = 0xFFFFFFFF
)

func le16(v int) []byte { return binary.LittleEndian.AppendUint16(nil, uint16(v)) }
func le32(v int) []byte { return binary.LittleEndian.AppendUint32(nil, uint32(v)) }

func cat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func rec(id int, body ...[]byte) []byte {
	b := cat(body...)
	return cat(le16(id), le16(len(b)), b)
}

func bof(dt int) []byte { return rec(recBOF, le16(biff8), le16(dt), make([]byte, 12)) }

// cellHead is the row, column and XF every cell record starts with (0-based).
func cellHead(row, col int) []byte { return cat(le16(row), le16(col), le16(15)) }

// compressed is an XLUnicodeString of 8-bit characters.
func compressed(s string) []byte { return cat(le16(len(s)), []byte{0}, []byte(s)) }

// wide is an XLUnicodeString of UTF-16 characters.
func wide(s string) []byte {
	u := utf16.Encode([]rune(s))
	b := cat(le16(len(u)), []byte{1})
	for _, c := range u {
		b = append(b, le16(int(c))...)
	}
	return b
}

// biffBook builds a Workbook stream: the globals records, one BOUNDSHEET per
// sheet (named Sheet1…), then each sheet's records between BOF and EOF.
func biffBook(globals [][]byte, sheets ...[][]byte) []byte {
	head := cat(bof(dtGlobals), cat(globals...))
	bsLen := 0
	for i := range sheets {
		bsLen += len(boundSheet8(0, sheetName(i)))
	}
	off := len(head) + bsLen + 4
	var bss, bodies []byte
	for i, s := range sheets {
		bss = append(bss, boundSheet8(off+len(bodies), sheetName(i))...)
		bodies = append(bodies, cat(bof(dtWorksheet), cat(s...), rec(recEOF))...)
	}
	return cat(head, bss, rec(recEOF), bodies)
}

func sheetName(i int) string { return "Sheet" + string(rune('1'+i)) }

func boundSheet8(off int, name string) []byte {
	return rec(recBoundSheet, le32(off), []byte{0, 0}, []byte{byte(len(name)), 0}, []byte(name))
}

// cfbFile wraps a stream in a compound file as a root-level stream named
// name; patch may change the FAT before it is written.
func cfbFile(name string, stream []byte, patch func(fat []uint32)) []byte {
	if len(stream) < 4096 {
		stream = append(stream, make([]byte, 4096-len(stream))...)
	}
	n := (len(stream) + 511) / 512
	fat := make([]uint32, 128)
	for i := range fat {
		fat[i] = freeSect
	}
	fat[0], fat[1] = fatSect, endOfChain
	for i := 0; i < n; i++ {
		fat[2+i] = uint32(3 + i)
	}
	fat[2+n-1] = endOfChain
	if patch != nil {
		patch(fat)
	}
	hdr := cat([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 16),
		le16(0x3E), le16(3), le16(0xFFFE), le16(9), le16(6), make([]byte, 6),
		le32(0), le32(1), le32(1), le32(0), le32(4096), le32(endOfChain), le32(0), le32(endOfChain), le32(0), le32(0))
	for len(hdr) < 512 {
		hdr = append(hdr, 0xFF)
	}
	var fatSector []byte
	for _, v := range fat {
		fatSector = append(fatSector, le32(int(v))...)
	}
	dir := cat(dirEntry("Root Entry", 5, 1, endOfChain, 0), dirEntry(name, 2, noStream, 2, len(stream)),
		make([]byte, 256))
	data := stream
	if pad := n*512 - len(data); pad > 0 {
		data = append(data, make([]byte, pad)...)
	}
	return cat(hdr, fatSector, dir, data)
}

func dirEntry(name string, typ byte, child uint32, start uint32, size int) []byte {
	u := utf16.Encode([]rune(name))
	nameBytes := make([]byte, 64)
	for i, c := range u {
		binary.LittleEndian.PutUint16(nameBytes[2*i:], c)
	}
	return cat(nameBytes, le16(2*(len(u)+1)), []byte{typ, 1}, le32(noStream), le32(noStream), le32(int(child)),
		make([]byte, 16+4+16), le32(int(start)), le32(size), le32(0))
}
