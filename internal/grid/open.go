package grid

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// ReadFile reads the book at path under one opening policy for every
// input: a regular file only (not a folder, FIFO or device, which would
// hang or mislead), at most lim.MaxFileSize bytes, its format decided by
// content (see Detect). It only reads. The error is always an *Error.
func ReadFile(path string, lim Limits) (*Book, error) {
	data, err := ReadBounded(path, lim.MaxFileSize)
	if err != nil {
		return nil, err
	}
	return Read(path, data, lim)
}

// Read reads a book from bytes already in memory (a zip member, an upload);
// path names it in errors and gives the extension. The error is an *Error.
func Read(path string, data []byte, lim Limits) (b *Book, err error) {
	defer func() {
		if r := recover(); r != nil {
			b, err = nil, &Error{Path: path, Kind: Unreadable, Err: fmt.Errorf("panic: %v", r),
				Reason: fmt.Sprintf("读取文件时出现内部错误（%v），文件可能已损坏。请用 Excel/WPS 打开检查后另存为 .xlsx 重新报送；如仍出错，请把文件发给区教育局监察室", r)}
		}
	}()
	if len(data) == 0 {
		return nil, &Error{Path: path, Kind: Unreadable, Reason: reasonEmpty}
	}
	// Sniffing lists a zip's members: a zip of a hundred thousand is refused first.
	if n, ok := ZipEntries(data); ok && IsZip(data) && lim.MaxParts > 0 && n > lim.MaxParts {
		e := TooLarge(fmt.Sprintf("文件包含 %d 个部件（上限 %d 个）", n, lim.MaxParts))
		e.Path = path
		return nil, e
	}
	ext := strings.ToLower(filepath.Ext(path))
	f, ok := Detect(data, ext)
	if !ok {
		return nil, refuseUnknown(path, ext, data)
	}
	b, err = f.Read(data, lim)
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			e = &Error{Kind: Unreadable, Err: err, Reason: fmt.Sprintf("文件已损坏或不完整，无法打开（%v）。请用 Excel/WPS 打开检查后另存为 .xlsx 重新报送", err)}
		}
		e.Path = path
		return nil, e
	}
	if e := checkText(b, lim); e != nil {
		e.Path = path
		return nil, e
	}
	b.Format = f.Name
	return b, nil
}

// checkText refuses a book whose cells hold more than MaxTextBytes of
// text in all: every later pass (patterns, rules, a copy with comments)
// costs in proportion to it, and one long shared string referenced by
// every cell costs as much as that many strings.
func checkText(b *Book, lim Limits) *Error {
	if lim.MaxTextBytes <= 0 {
		return nil
	}
	n := 0
	for _, s := range b.Sheets {
		for _, r := range s.Rows {
			for _, c := range r.Cells {
				if n += len(c.Value) + len(c.Formula); n > lim.MaxTextBytes {
					return TooLarge(fmt.Sprintf("文件中的文字共超过 %d MB（被多个单元格引用的同一段文字按引用次数计）", lim.MaxTextBytes>>20))
				}
			}
		}
	}
	return nil
}

const reasonEmpty = "文件是空的（0 字节），可能保存或传送时出错。请重新用 Excel/WPS 另存为 .xlsx 后报送"

// refuseUnknown says why no reader took the bytes: encrypted, a legacy
// file under a new name, bytes that are not what a known extension says,
// or a format no reader knows.
func refuseUnknown(path, ext string, data []byte) *Error {
	e := &Error{Path: path, Kind: Unreadable, Err: ErrFormat}
	known := slices.Contains(Extensions(), ext)
	switch {
	case IsEncryptedOOXML(data):
		e.Err = ErrEncrypted
		e.Reason = "文件已加密（设置了打开密码），无法读取。请在 Excel/WPS 中取消密码后另存为 .xlsx 重新报送"
	case IsCFB(data) && (ext == ".xlsx" || ext == ".xlsm"):
		e.Reason = "文件已加密或为旧版 .xls 格式（只是把扩展名改成了 .xlsx），无法读取。请用 Excel/WPS 打开后另存为 .xlsx（Excel 工作簿）重新报送"
	case IsCFB(data):
		e.Reason = "文件是旧版 Office 文件，但其中没有可读取的工作表（可能已加密、已损坏，或是 Word 文档改了扩展名）。请用 Excel/WPS 打开后另存为 .xlsx 重新报送"
	case ext == ".xlsx" || ext == ".xlsm":
		e.Reason = "文件不是有效的 Excel 工作簿（内容不是 .xlsx 格式，可能已损坏或是其他类型的文件改了扩展名）。请用 Excel/WPS 另存为 .xlsx 后重新报送"
	case known:
		e.Reason = fmt.Sprintf("文件内容不是 %s 格式（可能已损坏或是其他类型的文件改了扩展名）。请用 Excel/WPS 打开检查后另存为 .xlsx 重新报送", ext)
	default:
		e.Kind = Unsupported
		format := "无扩展名的文件"
		if ext != "" {
			format = " " + ext + " 格式"
		}
		e.Reason = fmt.Sprintf("不支持%s，只能读取 %s 文件。请用 Excel/WPS 另存为 .xlsx 后重新报送", format, strings.Join(Extensions(), "、"))
	}
	return e
}

// ReadBounded reads a regular file of at most max bytes, or says why it
// cannot, as an *Error.
func ReadBounded(path string, max int64) ([]byte, error) {
	refuse := func(cause error, format string, args ...any) ([]byte, error) {
		return nil, &Error{Path: path, Kind: Unreadable, Err: cause, Reason: fmt.Sprintf(format, args...)}
	}
	info, err := os.Stat(path)
	switch {
	case err != nil:
		return refuse(err, "文件无法打开（%s）。请确认文件存在且有读取权限", OSReason(err))
	case info.IsDir():
		return refuse(nil, "%s", FolderReason(path))
	case !info.Mode().IsRegular():
		return refuse(nil, "这不是普通文件，无法读取。请报送 .xlsx 文件")
	case info.Size() == 0:
		return refuse(nil, reasonEmpty)
	case info.Size() > max:
		return refuse(ErrTooLarge, "文件过大（%d MB，上限 %d MB），不像是责任清单。请删除多余内容后另存为 .xlsx 重新报送", info.Size()>>20, max>>20)
	}
	fh, err := os.Open(path)
	if err != nil {
		return refuse(err, "文件无法打开（%s）。请确认文件有读取权限", OSReason(err))
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, max+1))
	if err != nil {
		return refuse(err, "文件读取出错（%s）。请重新复制文件后报送", OSReason(err))
	}
	if int64(len(data)) > max {
		return refuse(ErrTooLarge, "文件过大（上限 %d MB），不像是责任清单。请删除多余内容后另存为 .xlsx 重新报送", max>>20)
	}
	if len(data) == 0 {
		return refuse(nil, reasonEmpty)
	}
	return data, nil
}

// FolderReason says why a folder stands where a file was expected: the
// walk could not read it, or it is a folder named like a workbook.
func FolderReason(path string) string {
	if _, err := os.ReadDir(path); err != nil {
		return fmt.Sprintf("文件夹无法读取（%s），其中的文件未检查。请确认有读取权限后重新检查", OSReason(err))
	}
	return "这是一个文件夹，不是 Excel 文件。请报送其中的 .xlsx 文件"
}

// OSReason turns an operating-system error into Chinese: the cause in words
// a clerk knows, not Go's English.
func OSReason(err error) string {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "文件或文件夹不存在"
	case errors.Is(err, os.ErrPermission):
		return "没有读取权限，或文件正被其他程序（如 Excel、WPS）占用"
	case isLoop(err):
		return "符号链接循环"
	}
	return fmt.Sprintf("系统错误：%v", err)
}

func isLoop(err error) bool {
	return strings.Contains(err.Error(), "too many levels of symbolic links")
}
