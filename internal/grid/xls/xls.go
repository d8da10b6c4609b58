// Package xls reads legacy Excel 97–2003 workbooks (.xls) and WPS
// spreadsheets (.et), both BIFF8 streams inside an OLE compound file, into
// a grid.Book. It registers itself with grid in init. Formulas keep their
// cached results; their text is decompiled for the common tokens only.
// Custom document properties are not read (qingdan.kind is an xlsx thing).
package xls

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/richardlehane/mscfb"

	"qingdan/internal/grid"
)

func init() {
	grid.Register(grid.Format{Name: "xls", Exts: []string{".xls", ".xlt", ".et", ".ett"}, Sniff: Sniff, Read: Read})
}

// Stream names: BIFF8 keeps its records in Workbook, BIFF5/7 in Book.
const (
	workbookStream = "Workbook"
	bookStream     = "Book"
)

var (
	workbookName = utf16le(workbookStream)
	wordName     = utf16le("WordDocument")
)

// Sniff claims a compound file that holds a workbook stream: not a Word
// .doc (also a compound file) and not a password-protected .xlsx. When the
// directory is too broken to parse, the stream name in the bytes decides,
// so that Read can say the file is damaged.
func Sniff(data []byte) bool {
	if !grid.IsCFB(data) {
		return false
	}
	r, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return !grid.IsEncryptedOOXML(data) && bytes.Contains(data, workbookName) && !bytes.Contains(data, wordName)
	}
	book := false
	for _, f := range r.File {
		if len(f.Path) > 0 {
			continue
		}
		switch strings.ToLower(f.Name) {
		case "encryptioninfo", "worddocument":
			return false
		case "workbook", "book":
			book = true
		}
	}
	return book
}

// Reasons a user sees beside the ones grid provides.
const (
	reasonEncrypted = "文件已加密（设置了打开密码），无法读取。请在 Excel/WPS 中取消密码后另存为 .xlsx 重新报送"
	reasonBIFF5     = "文件是旧版 Excel 5.0/95 格式，无法读取。请用 Excel/WPS 打开后另存为 .xlsx 或 Excel 97-2003 工作簿（.xls）重新报送"
)

var errBIFF5 = fmt.Errorf("%w: BIFF5/7 or older", grid.ErrFormat)

// Read reads a BIFF8 workbook. The error is a *grid.Error.
func Read(data []byte, lim grid.Limits) (*grid.Book, error) {
	stream, err := workbookBytes(data, lim)
	if err != nil {
		return nil, err
	}
	g, err := readGlobals(stream, lim)
	if err != nil {
		return nil, err
	}
	b := &grid.Book{Date1904: g.date1904}
	cells := 0
	visited := 0
	for _, bs := range g.sheets {
		s, n, err := readSheet(stream, bs, g, lim, &cells)
		if err != nil {
			return nil, err
		}
		// Sheets do not share records; offsets that overlap would let one
		// stream be parsed once per sheet.
		if visited += n; visited > len(stream) {
			return nil, grid.Corrupt(errors.New("sheet substreams overlap"), "工作表位置重叠")
		}
		b.Sheets = append(b.Sheets, s)
	}
	return b, nil
}

// workbookBytes reads the Workbook stream, bounded by the part limit and
// by the file itself (a stream cannot be longer than the file holding it).
func workbookBytes(data []byte, lim grid.Limits) ([]byte, error) {
	r, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return nil, grid.Corrupt(err, "复合文档结构无效")
	}
	// A Book stream is BIFF5/7 as a rule; its BOF decides (readGlobals).
	var wb, book *mscfb.File
	for _, f := range r.File {
		if len(f.Path) > 0 || f.FileInfo().IsDir() {
			continue
		}
		switch {
		case strings.EqualFold(f.Name, workbookStream):
			wb = f
		case strings.EqualFold(f.Name, bookStream):
			book = f
		}
	}
	if wb == nil {
		wb = book
	}
	if wb == nil {
		return nil, grid.Corrupt(errors.New("no Workbook stream"), "缺少工作簿数据")
	}
	switch {
	case wb.Size > lim.MaxPartSize:
		return nil, grid.TooLarge(fmt.Sprintf("工作簿数据超过 %s", size(lim.MaxPartSize)))
	case wb.Size > int64(len(data)):
		return nil, grid.Corrupt(fmt.Errorf("Workbook stream of %d bytes in a file of %d", wb.Size, len(data)), "文件不完整")
	case wb.Size < 4:
		return nil, grid.Corrupt(errors.New("Workbook stream empty"), "工作簿数据为空")
	}
	out := make([]byte, wb.Size)
	// Reads in small chunks: mscfb's cost per read grows with the square
	// of the sectors one read spans.
	const chunk = 64 << 10
	for off := 0; off < len(out); {
		n, err := wb.Read(out[off:min(off+chunk, len(out))])
		off += n
		if err != nil && off < len(out) || n == 0 && off < len(out) {
			return nil, grid.Corrupt(fmt.Errorf("reading Workbook stream at %d: %v", off, err), "文件不完整")
		}
	}
	return out, nil
}

// size prints a byte count for a user: MB, or KB below a megabyte.
func size(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d MB", n>>20)
}

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}
