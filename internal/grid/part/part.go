// Package part opens a zip package (.docx, .ods, .xlsx) under grid.Limits:
// every part is read through a bound, and the total of what is unzipped is
// counted, so a zip bomb is refused with a Chinese reason, never cut short.
package part

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"qingdan/internal/grid"
)

// Package is an opened zip package.
type Package struct {
	lim   grid.Limits
	files map[string]*zip.File
	read  int64 // bytes unzipped so far, against lim.MaxUnzipped
}

// Open reads the zip directory of data. The sizes the directory declares
// must stay within lim.MaxUnzipped; what is really unzipped is counted too.
func Open(data []byte, lim grid.Limits) (*Package, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, grid.Corrupt(err, "压缩包结构无效")
	}
	p := &Package{lim: lim, files: make(map[string]*zip.File, len(zr.File))}
	var declared uint64
	for _, f := range zr.File {
		declared += f.UncompressedSize64
		if declared > uint64(lim.MaxUnzipped) {
			return nil, grid.TooLarge(fmt.Sprintf("文件解压后超过 %d MB", lim.MaxUnzipped>>20))
		}
		p.files[strings.TrimPrefix(f.Name, "/")] = f
	}
	return p, nil
}

// Has says whether the package holds a part named name.
func (p *Package) Has(name string) bool { return p.files[name] != nil }

// Read returns the part named name, at most lim.MaxPartSize bytes; a
// larger part, or one that takes the total over lim.MaxUnzipped, is an
// error naming it. ok is false when there is no such part.
func (p *Package) Read(name string) (data []byte, ok bool, err error) {
	f := p.files[name]
	if f == nil {
		return nil, false, nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil, true, grid.Corrupt(err, "无法解压 "+name)
	}
	defer rc.Close()
	max := min(p.lim.MaxPartSize, p.lim.MaxUnzipped-p.read)
	data, err = io.ReadAll(io.LimitReader(rc, max+1))
	p.read += int64(len(data))
	switch {
	case int64(len(data)) > max && max == p.lim.MaxPartSize:
		return nil, true, grid.TooLarge(fmt.Sprintf("文件中的 %s 解压后超过 %d MB", name, p.lim.MaxPartSize>>20))
	case int64(len(data)) > max:
		return nil, true, grid.TooLarge(fmt.Sprintf("文件解压后超过 %d MB", p.lim.MaxUnzipped>>20))
	case err != nil && errors.Is(err, zip.ErrChecksum):
		return nil, true, grid.Corrupt(err, name+" 校验失败")
	case err != nil:
		return nil, true, grid.Corrupt(err, "无法解压 "+name)
	}
	return data, true, nil
}

// Resolve turns a relationship target into a part name: relative to the
// folder of from, the part the relationships belong to ("" for the package's
// own _rels/.rels), or absolute when it starts with /.
func Resolve(from, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Join(path.Dir(from), target), "/")
}
