package checklist

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrExists is wrapped by the error of a write refused because the file
// exists and force is off.
var ErrExists = errors.New("文件已存在")

// WriteFileAtomic is the one way outputs are saved: it writes path through a temp file in the same folder that
// is renamed into place, so a crash leaves no half file. The folder is
// created when missing; an existing path is refused unless force.
func WriteFileAtomic(path string, force bool, write func(w io.Writer) error) error {
	if err := checkTarget(path, force); err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("无法创建文件夹 %s：%w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, ".qingdan-*"+filepath.Ext(path))
	if err != nil {
		return fmt.Errorf("无法在 %s 中创建临时文件：%w", dir, err)
	}
	tmpName := tmp.Name()
	// A no-op once the rename has happened; otherwise no temp file is left.
	defer os.Remove(tmpName)
	// CreateTemp makes the file private; an output is an ordinary document.
	merr := tmp.Chmod(0o644)
	werr := write(tmp)
	cerr := tmp.Close()
	if err := errors.Join(merr, werr, cerr); err != nil {
		return fmt.Errorf("写入 %s 失败：%w", path, err)
	}
	// Checked again just before the rename, which would replace silently.
	if err := checkTarget(path, force); err != nil {
		return err
	}
	if err := os.Rename(tmpName, path); err != nil {
		return fmt.Errorf("写入 %s 失败：%w", path, err)
	}
	return nil
}

// checkTarget refuses a folder, and an existing file unless force.
func checkTarget(path string, force bool) error {
	info, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("无法写入 %s：%w", path, err)
	case info.IsDir():
		return fmt.Errorf("无法写入 %s：这是一个文件夹", path)
	case !force:
		return fmt.Errorf("%w：%s", ErrExists, path)
	}
	return nil
}
