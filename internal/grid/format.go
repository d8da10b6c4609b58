package grid

import (
	"bytes"
	"encoding/binary"
	"slices"
	"strings"
	"sync"
)

// Format is one file format a reader takes: its name, the extensions it is
// known by (lower case, with the dot), a sniff of its bytes, and the reader.
// Sniff may be nil for a format with no signature (csv): then only the
// extension selects it, and only when no other format claims the bytes.
type Format struct {
	Name  string
	Exts  []string
	Sniff func(data []byte) bool
	Read  func(data []byte, lim Limits) (*Book, error)
}

var (
	formatsMu sync.RWMutex
	formats   []Format
)

// Register adds a format; reader packages call it from init, as image
// decoders do with image.RegisterFormat.
func Register(f Format) {
	formatsMu.Lock()
	defer formatsMu.Unlock()
	formats = append(formats, f)
}

// Formats returns the registered formats in registration order.
func Formats() []Format {
	formatsMu.RLock()
	defer formatsMu.RUnlock()
	return slices.Clone(formats)
}

// Extensions returns every extension some registered format is known by.
func Extensions() []string {
	var out []string
	for _, f := range Formats() {
		for _, e := range f.Exts {
			if !slices.Contains(out, e) {
				out = append(out, e)
			}
		}
	}
	return out
}

// Detect picks the format of data: the first format whose sniff claims the
// bytes (content decides, not the extension), else a format without a
// sniff known by ext.
func Detect(data []byte, ext string) (Format, bool) {
	ext = strings.ToLower(ext)
	fs := Formats()
	for _, f := range fs {
		if f.Sniff != nil && f.Sniff(data) {
			return f, true
		}
	}
	for _, f := range fs {
		if f.Sniff == nil && slices.Contains(f.Exts, ext) {
			return f, true
		}
	}
	return Format{}, false
}

// Signatures of containers that several formats share.
var (
	// CFBSignature starts an OLE compound file: .xls, .et, .doc, .wps, or an
	// encrypted (password-protected) .xlsx/.docx.
	CFBSignature = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	zipSignature = []byte("PK\x03\x04")
	// encryptionInfo is the UTF-16 name of the stream an encrypted OOXML file holds.
	encryptionInfo = utf16le("EncryptionInfo")
)

// IsCFB says whether data is an OLE compound file.
func IsCFB(data []byte) bool { return bytes.HasPrefix(data, CFBSignature) }

// IsZip says whether data starts like a zip archive.
func IsZip(data []byte) bool { return bytes.HasPrefix(data, zipSignature) }

// IsEncryptedOOXML says whether data is a password-protected .xlsx/.docx:
// a compound file holding an EncryptionInfo stream.
func IsEncryptedOOXML(data []byte) bool {
	return IsCFB(data) && bytes.Contains(data, encryptionInfo)
}

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}

// ZipEntries is the member count a zip's end record declares, read before
// archive/zip lists (and allocates) every member; ok is false when no end
// record is found (archive/zip then says why) or it defers to zip64.
func ZipEntries(data []byte) (n int, ok bool) {
	const endLen = 22
	for i := len(data) - endLen; i >= 0 && i >= len(data)-endLen-0xFFFF; i-- {
		if data[i] == 'P' && bytes.HasPrefix(data[i:], []byte("PK\x05\x06")) {
			n = int(binary.LittleEndian.Uint16(data[i+10:]))
			return n, n != 0xFFFF
		}
	}
	return 0, false
}
