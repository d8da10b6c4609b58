// Package inbox knows the files an office inbox holds besides the lists:
// zip archives whose members are judged as if they stood in a folder, the
// signed and stamped scans the notice asks for, and archives it cannot open.
package inbox

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Limits bound what one archive may cost.
type Limits struct {
	MaxMembers    int   // files in one archive
	MaxMemberSize int64 // bytes of one member, uncompressed
	MaxTotal      int64 // bytes of all members, uncompressed
}

// DefaultLimits fit a school's zipped submission: a few lists and scans.
func DefaultLimits() Limits {
	return Limits{MaxMembers: 500, MaxMemberSize: 32 << 20, MaxTotal: 256 << 20}
}

// Member is one file of an archive: Name is the path the report shows
// (archive name, then the member's cleaned path: 某校.zip/附件1.xlsx), never
// a path on disk.
type Member struct {
	Name string
	Data []byte
	// Problem, when set, says in Chinese why the member was not read (a
	// nested archive, too large); Data is nil then.
	Problem string
}

// ErrNotZip is returned for bytes that are not a readable zip archive.
var ErrNotZip = errors.New("not a zip archive")

// IsZipArchive says whether data is a plain zip archive rather than an
// Office or OpenDocument file (which are zips too): no [Content_Types].xml,
// no mimetype member.
func IsZipArchive(data []byte) bool {
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) && !bytes.HasPrefix(data, []byte("PK\x05\x06")) {
		return false
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	for _, f := range zr.File {
		switch f.Name {
		case "[Content_Types].xml", "mimetype", "META-INF/manifest.xml":
			return false
		}
	}
	return true
}

// Expand reads the members of the zip archive data, named name in the
// report, within lim. Folders are skipped; a member that is itself an
// archive is listed with a Problem (nesting stops at one level); member
// names in GBK (zips made on Chinese Windows) are decoded; names are
// cleaned of drive letters, leading slashes and .. so they stay names.
func Expand(name string, data []byte, lim Limits) ([]Member, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotZip, err)
	}
	files := 0
	for _, f := range zr.File {
		if !f.FileInfo().IsDir() {
			files++
		}
	}
	if files > lim.MaxMembers {
		return nil, fmt.Errorf("压缩包中有 %d 个文件，超过上限 %d 个，不像是一个单位的报送材料。请解压后分别报送", files, lim.MaxMembers)
	}
	var out []Member
	var total int64
	seen := map[string]int{}
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		m := Member{Name: uniqueName(seen, path.Join(name, CleanName(decodeName(f))))}
		switch {
		case f.FileInfo().Mode().Type() != 0:
			m.Problem = "压缩包中的这一项不是普通文件（如符号链接），未读取"
		case IsArchiveName(m.Name):
			m.Problem = "压缩包中又套了压缩包，未读取。请把其中的文件直接放入一个压缩包，或解压后报送"
		case f.UncompressedSize64 > uint64(lim.MaxMemberSize):
			m.Problem = fmt.Sprintf("文件解压后过大（超过 %d MB），未读取。请删除多余内容后重新报送", lim.MaxMemberSize>>20)
		default:
			m.Data, m.Problem = readMember(f, lim.MaxMemberSize, lim.MaxTotal-total)
			total += int64(len(m.Data))
		}
		out = append(out, m)
	}
	return out, nil
}

// readMember reads one member, trusting no size the archive states.
func readMember(f *zip.File, max, left int64) ([]byte, string) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Sprintf("压缩包中的这个文件无法解压（%v），可能已损坏。请重新压缩后报送", err)
	}
	defer rc.Close()
	limit := min(max, left)
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	switch {
	case err != nil:
		return nil, fmt.Sprintf("压缩包中的这个文件无法解压（%v），可能已损坏。请重新压缩后报送", err)
	case int64(len(data)) > limit && limit == left:
		return nil, "压缩包解压后总大小超过上限，其余文件未读取。请解压后分别报送"
	case int64(len(data)) > limit:
		return nil, fmt.Sprintf("文件解压后过大（超过 %d MB），未读取。请删除多余内容后重新报送", max>>20)
	}
	return data, ""
}

// decodeName returns a member's name as text: zips written on Chinese
// Windows store names in GBK without the UTF-8 flag.
func decodeName(f *zip.File) string {
	if !f.NonUTF8 || utf8.ValidString(f.Name) {
		return f.Name
	}
	if s, err := simplifiedchinese.GB18030.NewDecoder().String(f.Name); err == nil {
		return s
	}
	return strings.ToValidUTF8(f.Name, "?")
}

// CleanName turns an archive member's name into a relative name with no
// drive letter, no leading slash and no . or .. parts, using /.
func CleanName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	if len(name) >= 2 && name[1] == ':' {
		name = name[2:]
	}
	var parts []string
	for _, p := range strings.Split(name, "/") {
		switch p {
		case "", ".", "..":
			continue
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return "未命名"
	}
	return strings.Join(parts, "/")
}

func uniqueName(seen map[string]int, name string) string {
	key := strings.ToLower(name)
	seen[key]++
	if n := seen[key]; n > 1 {
		ext := path.Ext(name)
		return fmt.Sprintf("%s(%d)%s", strings.TrimSuffix(name, ext), n, ext)
	}
	return name
}

// ArchiveExts are the archive extensions an inbox may hold.
var ArchiveExts = []string{".zip", ".rar", ".7z"}

// IsArchiveName says whether a name ends like an archive.
func IsArchiveName(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	for _, e := range ArchiveExts {
		if ext == e {
			return true
		}
	}
	return false
}

// UnopenedArchiveReason is the message for a .rar or .7z archive.
func UnopenedArchiveReason(ext string) string {
	return fmt.Sprintf("%s 压缩包无法直接读取。请解压后把其中的清单文件放入收件箱（或改用 .zip 压缩）再检查", ext)
}

// Scan kinds: the signed and stamped copies the notice asks for.
const (
	ScanPDF  = "pdf"
	ScanJPEG = "jpeg"
	ScanPNG  = "png"
)

// ScanExts are the extensions of scans.
var ScanExts = []string{".pdf", ".jpg", ".jpeg", ".png"}

// SniffScan says whether data is a PDF, JPEG or PNG, by content.
func SniffScan(data []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return ScanPDF, true
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return ScanJPEG, true
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return ScanPNG, true
	}
	return "", false
}
