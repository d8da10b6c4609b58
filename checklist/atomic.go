package checklist

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
)

// ErrExists is wrapped by the error of a write refused because the file
// exists and force is off.
var ErrExists = errors.New("文件已存在")

// WriteFileAtomic is the one way outputs are saved: it writes path through a temp file in the same folder that
// is renamed into place, so a crash leaves no half file. The folder is
// created when missing; an existing path is refused unless force.
func WriteFileAtomic(path string, force bool, write func(w io.Writer) error) error {
	return WriteFileAtomicContext(context.Background(), path, force, write)
}

// WriteFileAtomicContext is WriteFileAtomic stopping as soon as ctx is
// done (a signal): the writes fail with ctx's error, no file is renamed
// into place and the temp file is removed.
func WriteFileAtomicContext(ctx context.Context, path string, force bool, write func(w io.Writer) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s 未写入：%w", path, err)
	}
	if err := checkTarget(path, force); err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &SaveError{Path: path, Reason: "无法创建文件夹 " + dir + "：" + saveReason(err, dir, runtime.GOOS), Err: err}
	}
	tmp, err := os.CreateTemp(dir, ".qingdan-*"+filepath.Ext(path))
	if err != nil {
		return &SaveError{Path: path, Reason: "无法在文件夹 " + dir + " 中写入：" + saveReason(err, dir, runtime.GOOS), Err: err}
	}
	tmpName := tmp.Name()
	// A no-op once the rename has happened; otherwise no temp file is left.
	defer os.Remove(tmpName)
	// CreateTemp makes the file private; an output is an ordinary document.
	merr := tmp.Chmod(0o644)
	var w io.Writer = tmp
	if wrapTemp != nil {
		w = wrapTemp(w)
	}
	werr := write(ctxWriter{ctx, w})
	cerr := tmp.Close()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s 未写入：%w", path, err)
	}
	if err := errors.Join(merr, werr, cerr); err != nil {
		if isOSError(err) {
			return &SaveError{Path: path, Reason: saveReason(err, path, runtime.GOOS), Err: err}
		}
		return fmt.Errorf("写入 %s 失败：%w", path, err)
	}
	// Checked again just before the rename, which would replace silently.
	if err := checkTarget(path, force); err != nil {
		return err
	}
	if err := os.Rename(tmpName, path); err != nil {
		return &SaveError{Path: path, Reason: saveReason(err, path, runtime.GOOS), Err: err}
	}
	return nil
}

// wrapTemp, when not nil, wraps the writer of every temp file: tests make
// the writes fail as a full disk does, which no test can arrange as root.
var wrapTemp func(io.Writer) io.Writer

// ctxWriter fails every write once ctx is done.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// SaveError is an output that could not be saved: the path and the reason
// in Chinese, with the system's error kept for a bug report.
type SaveError struct {
	Path   string
	Reason string
	Err    error
}

func (e *SaveError) Error() string { return fmt.Sprintf("无法保存 %s：%s", e.Path, e.Reason) }

func (e *SaveError) Unwrap() error { return e.Err }

// Windows error codes of a file another program holds open
// (ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION).
const (
	winSharingViolation syscall.Errno = 32
	winLockViolation    syscall.Errno = 33
)

// saveReason says in Chinese why saving to path failed, and what to do. On
// Windows replacing a workbook that Excel or WPS holds open fails with a
// sharing violation or "Access is denied"; goos is runtime.GOOS, a
// parameter so that the Windows case is tested everywhere.
func saveReason(err error, path, goos string) string {
	var errno syscall.Errno
	held := goos == "windows" && errors.As(err, &errno) && (errno == winSharingViolation || errno == winLockViolation)
	name := filepath.Base(path)
	switch {
	case held:
		return fmt.Sprintf("文件正被其他程序打开。请先关闭 Excel/WPS 中的 %s 后重试", name)
	case errors.Is(err, fs.ErrPermission) && goos == "windows":
		return fmt.Sprintf("文件正被其他程序打开，或没有写入权限。请先关闭 Excel/WPS 中的 %s 后重试；仍不行时换一个有写入权限的文件夹", name)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Sprintf("没有写入权限，或 %s 正被其他程序占用。请关闭占用它的程序，或换一个有写入权限的文件夹", name)
	case errors.Is(err, syscall.ENOSPC):
		return "磁盘空间不足。请清理磁盘或换一个磁盘后重试"
	case errors.Is(err, syscall.EROFS):
		return "所在磁盘是只读的。请换一个可写的文件夹"
	case errors.Is(err, syscall.ENOTDIR):
		return "路径中的某一级不是文件夹，而是同名的文件。请换一个输出位置"
	case errors.Is(err, fs.ErrNotExist):
		return "文件夹不存在"
	}
	if errors.As(err, &errno) {
		return fmt.Sprintf("系统错误（错误代码 %d），请换一个文件夹重试", int(errno))
	}
	return "系统错误，请换一个文件夹重试"
}

// isOSError reports whether err comes from the file system, not from the
// code that wrote the content.
func isOSError(err error) bool {
	var pe *fs.PathError
	var errno syscall.Errno
	return errors.As(err, &pe) || errors.As(err, &errno)
}

// checkTarget refuses a folder, and an existing file unless force.
func checkTarget(path string, force bool) error {
	info, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return &SaveError{Path: path, Reason: saveReason(err, path, runtime.GOOS), Err: err}
	case info.IsDir():
		return fmt.Errorf("无法写入 %s：这是一个文件夹", path)
	case !force:
		return fmt.Errorf("%w：%s", ErrExists, path)
	}
	return nil
}
