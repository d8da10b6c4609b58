package grid

import (
	"errors"
	"fmt"
)

// Kind says which finding a refused file gets.
type Kind uint8

const (
	Unreadable  Kind = iota // corrupt, truncated, encrypted, over a limit, not a regular file
	Unsupported             // a format no reader takes
)

// Error is why a file cannot be read: Reason is the Chinese sentence a
// user sees (what is wrong and what to do), Err the cause for a bug report.
type Error struct {
	Path   string
	Sheet  string // the sheet the refusal concerns, when it is one sheet's
	Kind   Kind
	Reason string
	Err    error
}

func (e *Error) Error() string { return e.Reason }
func (e *Error) Unwrap() error { return e.Err }

// Causes a reader wraps, so that callers can tell them apart with errors.Is.
var (
	ErrTooLarge  = errors.New("over a reading limit")
	ErrEncrypted = errors.New("encrypted file")
	ErrCorrupt   = errors.New("corrupt file")
	ErrFormat    = errors.New("unsupported format")
)

// Refuse makes the *Error a reader returns: kind, the Chinese reason, and
// the cause (nil allowed).
func Refuse(kind Kind, cause error, format string, args ...any) *Error {
	return &Error{Kind: kind, Reason: fmt.Sprintf(format, args...), Err: cause}
}

// TooLarge is the refusal for a limit exceeded: what exceeded it, in Chinese
// ("工作表「附件1」有超过 5000 行内容").
func TooLarge(what string) *Error {
	return Refuse(Unreadable, ErrTooLarge, "%s，超出读取上限，不像是责任清单，未读取。请删除多余内容后重新报送", what)
}

// Corrupt is the refusal for a file whose structure is broken.
func Corrupt(cause error, what string) *Error {
	return Refuse(Unreadable, fmt.Errorf("%w: %w", ErrCorrupt, cause), "文件已损坏或不完整（%s），无法读取。请用 Excel/WPS 打开检查后另存为 .xlsx 重新报送", what)
}

// SheetTooLarge is the refusal of a sheet with more than maxRows rows of
// content (or a row numbered past the format's last).
func SheetTooLarge(maxRows int) *Error {
	return Refuse(Unreadable, ErrTooLarge, "工作表过大（超过 %d 行有内容），不像是责任清单，未读取。请删除多余行后重新报送", maxRows)
}
