package checklist

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"qingdan/internal/convert"
	"qingdan/internal/grid"
	_ "qingdan/internal/grid/csv"  // registers .csv
	_ "qingdan/internal/grid/docx" // registers .docx: the notice's forms were Word tables
	_ "qingdan/internal/grid/ods"  // registers .ods
	_ "qingdan/internal/grid/xls"  // registers .xls and .et (Excel 97–2003, WPS)
	_ "qingdan/internal/grid/xlsx" // registers .xlsx and .xlsm
)

// File-level finding codes of the reader (SPEC §4, §5).
const (
	CodeUnsupportedFormat = "unsupported-format"
	CodeUnreadable        = "unreadable"
	CodeScorecardSkipped  = "scorecard-skipped"
	CodeNoListFound       = "no-list-found"
	CodeCellTooLong       = "cell-too-long"
)

// KindProperty is the custom document property that hints a list's kind.
const KindProperty = "qingdan.kind"

// readLimits bound what one file may cost (SPEC §9): the same grid.Limits
// for lists, 评分表 and rosters.
var readLimits = grid.DefaultLimits()

// readFormats are the grid formats lists and 评分表 are read from; a format
// another package links in (a ledger's .xls) is not taken for them until
// it is named here.
var readFormats = []string{"xlsx", "xls", "docx", "ods", "csv"}

// ReadableExts are the extensions ReadFile (and scoring) read, in the
// order of readFormats; any other gets unsupported-format.
func ReadableExts() []string {
	var out []string
	for _, name := range readFormats {
		for _, f := range grid.Formats() {
			if f.Name == name {
				out = append(out, f.Exts...)
			}
		}
	}
	return out
}

// maxLongCells bounds the cut cells reported per sheet.
const maxLongCells = 5

// ReadFile reads every list in the file at path. It only reads the file,
// through grid.ReadFile (one opening policy for every input, the format
// decided by content), never returns nil and never panics: a file it
// cannot read gives a finding.
func ReadFile(c *Catalog, path string) *Workbook { return readFileWith(c, path, readLimits) }

// ReadFileBy is ReadFile under a deadline: the read and the list reading
// stop when ctx ends (or readLimits.FileTime after the call, whichever is
// first), and the file is then unreadable with a reason naming the time limit.
func ReadFileBy(ctx context.Context, c *Catalog, path string) *Workbook {
	return readFileWith(c, path, limitsBy(ctx))
}

// limitsBy are readLimits stopping when ctx ends or FileTime has passed.
func limitsBy(ctx context.Context) grid.Limits {
	lim := readLimits
	lim.Deadline = time.Now().Add(lim.FileTime)
	if d, ok := ctx.Deadline(); ok && d.Before(lim.Deadline) {
		lim.Deadline = d
	}
	lim.Stop = func() bool { return ctx.Err() != nil }
	return lim
}

func readFileWith(c *Catalog, path string, lim grid.Limits) *Workbook {
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return &Workbook{Path: path, Findings: []Finding{unreadable(path, "", grid.FolderReason(path))}}
	}
	ext := strings.ToLower(filepath.Ext(path))
	if !slices.Contains(ReadableExts(), ext) {
		return &Workbook{Path: path, Findings: []Finding{unsupportedFormat(path, ext)}}
	}
	b, err := grid.ReadFile(path, lim)
	if err != nil {
		return &Workbook{Path: path, Findings: []Finding{Refusal(path, err)}}
	}
	return readBookWith(c, path, b, lim)
}

// Refusal is the finding for a file grid could not read: unsupported-format
// or unreadable, with grid's reason and the sheet it concerns.
func Refusal(path string, err error) Finding {
	var ge *grid.Error
	if !errors.As(err, &ge) {
		return unreadable(path, "", err.Error())
	}
	if ge.Kind == grid.Unsupported {
		return Finding{Code: CodeUnsupportedFormat, Severity: Error, File: path, Sheet: ge.Sheet, Message: ge.Reason}
	}
	return unreadable(path, ge.Sheet, ge.Reason)
}

// ReadBook reads the lists of a book already read; path labels the
// findings. It never returns nil and never panics.
func ReadBook(c *Catalog, path string, b *grid.Book) *Workbook {
	return readBookWith(c, path, b, readLimits)
}

// readBookWith is ReadBook polling lim's deadline once per sheet and list.
func readBookWith(c *Catalog, path string, b *grid.Book, lim grid.Limits) (wb *Workbook) {
	wb = &Workbook{Path: path}
	defer func() {
		if r := recover(); r != nil {
			*wb = Workbook{Path: path, Findings: []Finding{internalError(path, r)}}
		}
	}()
	if b == nil {
		wb.Findings = append(wb.Findings, unreadable(path, "", "文件未能打开。请用 Excel/WPS 打开检查后另存为 .xlsx 重新报送"))
		return wb
	}
	r := &workbookReader{c: c, path: path, book: b, wb: wb, clock: lim.Clock()}
	r.read()
	if r.halted != nil {
		*wb = Workbook{Path: path, Findings: []Finding{unreadable(path, "", r.halted.Reason)}}
	}
	return wb
}

type workbookReader struct {
	c     *Catalog
	path  string
	book  *grid.Book
	wb    *Workbook
	clock *grid.Clock
	// halted is set when the deadline passed: what was read is dropped.
	halted *grid.Error
}

// stopped checks the deadline, and once past it keeps the refusal.
func (r *workbookReader) stopped() bool {
	if r.halted == nil {
		if err := r.clock.Check(); err != nil {
			r.halted = err.(*grid.Error)
		}
	}
	return r.halted != nil
}

func (r *workbookReader) read() {
	if len(r.book.Sheets) == 0 && r.book.Format == "docx" {
		r.wb.Findings = append(r.wb.Findings, Finding{Code: CodeNoListFound, Severity: Error, File: r.path,
			Message: "Word 文件中没有表格，找不到责任清单。责任清单应按通知附件1–4的表格填写（表头含“责任名称”“序号”“项目任务”），请在 Word 中插入表格填写后重新报送"})
		return
	}
	if len(r.book.Sheets) == 0 {
		r.wb.Findings = append(r.wb.Findings, unreadable(r.path, "", "文件中没有任何工作表，可能不是 Excel 工作簿或已损坏。请用 Excel/WPS 打开检查后另存为 .xlsx 重新报送"))
		return
	}
	failed := false
	for _, sh := range r.book.Sheets {
		if r.stopped() {
			return
		}
		if sh.Hidden {
			continue
		}
		if sh.Err != nil {
			failed = true
			r.wb.Findings = append(r.wb.Findings, unreadable(r.path, sh.Name, sh.Err.Reason))
			continue
		}
		g := newSheetGrid(sh)
		for _, p := range g.long {
			r.wb.Findings = append(r.wb.Findings, Finding{
				Code: CodeCellTooLong, Severity: Warning, File: r.path, Sheet: sh.Name, Cell: sh.Ref(p.row, p.col),
				Message: fmt.Sprintf("单元格内容过长（超过 %d KB），只读取了前 %d KB。责任清单的一格不应有这么多内容，请精简后重新报送", readLimits.MaxCellBytes>>10, readLimits.MaxCellBytes>>10),
			})
		}
		if ls := r.readLists(g); len(ls) > 0 {
			r.wb.Lists = append(r.wb.Lists, ls...)
			continue
		}
		if IsScorecard(r.c, sh) {
			r.wb.Scorecards = append(r.wb.Scorecards, sh.Name)
			r.wb.Findings = append(r.wb.Findings, Finding{
				Code: CodeScorecardSkipped, Severity: Info, File: r.path, Sheet: sh.Name,
				Message: fmt.Sprintf("工作表「%s」是评分表，不是责任清单，已跳过。请用 qingdan score 计分", sh.Name),
			})
		}
	}
	if len(r.wb.Lists) == 0 && len(r.wb.Scorecards) == 0 && !failed {
		where := "没有哪张可见工作表"
		if r.book.Format == "docx" {
			where = "Word 文件中没有哪个表格"
		}
		r.wb.Findings = append(r.wb.Findings, Finding{
			Code: CodeNoListFound, Severity: Error, File: r.path,
			Message: fmt.Sprintf("文件中没有找到责任清单：%s含有“责任名称”“序号”“项目任务”表头。请按通知附件1–4的格式填写后重新报送", where),
		})
	}
}

// InputError says in Chinese why a submitted file cannot be read as a
// workbook and what to do; Path is the file.
type InputError struct {
	Path   string
	Reason string
}

func (e *InputError) Error() string { return e.Reason }

// ReadInput reads a submitted workbook's bytes for excelize (annotate, and
// scoring's formula fallback): a regular file of bounded size under grid's
// opening policy, that looks like a zip and not like an OLE file (a legacy
// .xls or an encrypted workbook). It only reads; the error is an *InputError.
func ReadInput(path string) ([]byte, error) {
	data, err := grid.ReadBounded(path, readLimits.MaxFileSize)
	var reason string
	switch ge := (*grid.Error)(nil); {
	case errors.As(err, &ge):
		reason = ge.Reason
	case err != nil:
		reason = err.Error()
	default:
		reason = sniff(data)
	}
	if reason != "" {
		return nil, &InputError{Path: path, Reason: reason}
	}
	return data, nil
}

// sniff says why bytes cannot be a workbook: an OLE container or not a zip.
func sniff(data []byte) string {
	if grid.IsCFB(data) {
		if grid.IsEncryptedOOXML(data) {
			return "文件已加密（设置了打开密码），无法读取。请在 Excel/WPS 中取消密码后另存为 .xlsx 重新报送"
		}
		return "文件已加密或为旧版 .xls 格式（只是把扩展名改成了 .xlsx），无法读取。请用 Excel/WPS 打开后另存为 .xlsx（Excel 工作簿）重新报送"
	}
	if !bytes.HasPrefix(data, []byte("PK")) {
		return "文件不是有效的 Excel 工作簿（内容不是 .xlsx 格式，可能已损坏或是其他类型的文件改了扩展名）。请用 Excel/WPS 另存为 .xlsx 后重新报送"
	}
	return ""
}

func unsupportedFormat(path, ext string) Finding {
	format := "无扩展名的文件"
	if ext != "" {
		format = " " + ext + " 格式"
	}
	msg := fmt.Sprintf("不支持%s，能读取的格式为 %s。请用 Excel/WPS 另存为 .xlsx 后重新报送", format, strings.Join(ReadableExts(), "、"))
	if convert.Target(ext) != "" {
		msg = fmt.Sprintf("%s 文件需要 LibreOffice 转换后才能读取，本机未找到 LibreOffice。请用 Word/WPS 另存为 .docx（或用 Excel/WPS 另存为 .xlsx）后重新报送，或安装 LibreOffice 后重新检查", ext)
	}
	return Finding{Code: CodeUnsupportedFormat, Severity: Error, File: path, Message: msg}
}

func unreadable(path, sheet, reason string) Finding {
	return Finding{Code: CodeUnreadable, Severity: Error, File: path, Sheet: sheet, Message: reason}
}

func internalError(path string, cause any) Finding {
	return unreadable(path, "", fmt.Sprintf("读取文件时出现内部错误（%v），文件可能已损坏。请用 Excel/WPS 打开检查后另存为 .xlsx 重新报送；如仍出错，请把文件发给区教育局监察室", cause))
}
