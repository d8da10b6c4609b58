package checklist

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"
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

// Bounds that keep a hostile or broken file from eating the machine (SPEC §9).
// A responsibility list is a few dozen rows and well under a megabyte.
const (
	maxFileSize       = 32 << 20
	unzipSizeLimit    = 64 << 20
	unzipXMLSizeLimit = 32 << 20
	maxSheetRows      = 5000    // non-empty rows in one sheet
	maxRowNumber      = 1 << 20 // the spreadsheet limit; rows past it are an error
	maxColumns        = 256
	maxCellBytes      = 32 << 10
	maxMergedCells    = 200000 // cells covered by merges that the reader spreads
)

// cfbSignature starts an OLE compound file: a legacy .xls, a .et, or an
// encrypted (password-protected) .xlsx.
var cfbSignature = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// ReadFile reads every list in the workbook at path. It only reads the file
// (os.Open, bounded in size), streams the sheets from the zip parts itself
// (see zipSource), never returns nil and never panics: a file it cannot read
// gives a finding.
func ReadFile(c *Catalog, path string) (wb *Workbook) {
	wb = &Workbook{Path: path}
	defer func() {
		if r := recover(); r != nil {
			*wb = Workbook{Path: path, Findings: []Finding{internalError(path, r)}}
		}
	}()
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		wb.Findings = append(wb.Findings, unreadable(path, "", folderReason(path)))
		return wb
	}
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".xlsx" && ext != ".xlsm" {
		wb.Findings = append(wb.Findings, unsupportedFormat(path, ext))
		return wb
	}
	data, err := ReadInput(path)
	if err != nil {
		wb.Findings = append(wb.Findings, unreadable(path, "", err.Error()))
		return wb
	}
	src, err := openZip(data)
	if err != nil {
		wb.Findings = append(wb.Findings, unreadable(path, "", openErrorReason(err)))
		return wb
	}
	r := &workbookReader{c: c, path: path, src: src, wb: wb}
	r.read()
	return wb
}

// ReadWorkbook reads the lists of an already open workbook; path only labels
// the findings. It never returns nil and never panics.
func ReadWorkbook(c *Catalog, path string, f *excelize.File) (wb *Workbook) {
	wb = &Workbook{Path: path}
	defer func() {
		if r := recover(); r != nil {
			*wb = Workbook{Path: path, Findings: []Finding{internalError(path, r)}}
		}
	}()
	if f == nil {
		wb.Findings = append(wb.Findings, unreadable(path, "", "文件未能打开。请用 Excel/WPS 打开检查后另存为 .xlsx 重新报送"))
		return wb
	}
	r := &workbookReader{c: c, path: path, src: &excelizeSource{f: f}, wb: wb}
	r.read()
	return wb
}

// source is where the sheets come from: an open excelize.File, or the
// zip parts directly (the fast path of ReadFile).
type source interface {
	sheetList() []sheetEntry
	loadSheet(name string) (*sheetGrid, error)
	date1904() bool
	customProperty(name string) string
}

type workbookReader struct {
	c         *Catalog
	path      string
	src       source
	wb        *Workbook
	propKind  Kind
	propsRead bool
}

func (r *workbookReader) read() {
	sheets := r.src.sheetList()
	if len(sheets) == 0 {
		r.wb.Findings = append(r.wb.Findings, unreadable(r.path, "", "文件中没有任何工作表，可能不是 Excel 工作簿或已损坏。请用 Excel/WPS 打开检查后另存为 .xlsx 重新报送"))
		return
	}
	failed := false
	for _, sh := range sheets {
		if sh.hidden {
			continue
		}
		name := sh.name
		g, err := r.src.loadSheet(name)
		if err != nil {
			failed = true
			r.wb.Findings = append(r.wb.Findings, unreadable(r.path, name, sheetErrorReason(err)))
			continue
		}
		for _, p := range g.long {
			r.wb.Findings = append(r.wb.Findings, Finding{
				Code: CodeCellTooLong, Severity: Warning, File: r.path, Sheet: name, Cell: cellName(p.col, p.row),
				Message: fmt.Sprintf("单元格内容过长（超过 %d KB），只读取了前 %d KB。责任清单的一格不应有这么多内容，请精简后重新报送", maxCellBytes>>10, maxCellBytes>>10),
			})
		}
		if ls := r.readLists(g); len(ls) > 0 {
			r.wb.Lists = append(r.wb.Lists, ls...)
			continue
		}
		if g.isScorecard(tablesFor(r.c)) {
			r.wb.Scorecards = append(r.wb.Scorecards, name)
			r.wb.Findings = append(r.wb.Findings, Finding{
				Code: CodeScorecardSkipped, Severity: Info, File: r.path, Sheet: name,
				Message: fmt.Sprintf("工作表「%s」是评分表，不是责任清单，已跳过。请用 qingdan score 计分", name),
			})
		}
	}
	if len(r.wb.Lists) == 0 && len(r.wb.Scorecards) == 0 && !failed {
		r.wb.Findings = append(r.wb.Findings, Finding{
			Code: CodeNoListFound, Severity: Error, File: r.path,
			Message: "文件中没有找到责任清单：没有哪张可见工作表含有“责任名称”“序号”“项目任务”表头。请按通知附件1–4的格式填写后重新报送",
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

// ReadInput reads a submitted workbook's bytes for a reader: a regular
// file (not a folder, FIFO or device, which would hang or mislead), at most
// 32 MB, that looks like a zip and not like an OLE file (a legacy .xls or
// an encrypted workbook). It only reads; the error is an *InputError.
func ReadInput(path string) ([]byte, error) {
	data, reason := readBounded(path)
	if reason == "" {
		reason = sniff(data)
	}
	if reason != "" {
		return nil, &InputError{Path: path, Reason: reason}
	}
	return data, nil
}

// readBounded reads a regular file of bounded size, or says why it cannot.
func readBounded(path string) ([]byte, string) {
	info, err := os.Stat(path)
	switch {
	case err != nil:
		return nil, fmt.Sprintf("文件无法打开（%v）。请确认文件存在且有读取权限", err)
	case info.IsDir():
		return nil, folderReason(path)
	case !info.Mode().IsRegular():
		return nil, "这不是普通文件，无法读取。请报送 .xlsx 文件"
	case info.Size() == 0:
		return nil, "文件是空的（0 字节），可能保存或传送时出错。请重新用 Excel/WPS 另存为 .xlsx 后报送"
	case info.Size() > maxFileSize:
		return nil, fmt.Sprintf("文件过大（%d MB，上限 %d MB），不像是责任清单。请删除多余内容后另存为 .xlsx 重新报送", info.Size()>>20, maxFileSize>>20)
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Sprintf("文件无法打开（%v）。请确认文件有读取权限", err)
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, maxFileSize+1))
	if err != nil {
		return nil, fmt.Sprintf("文件读取出错（%v）。请重新复制文件后报送", err)
	}
	if len(data) > maxFileSize {
		return nil, fmt.Sprintf("文件过大（上限 %d MB），不像是责任清单。请删除多余内容后另存为 .xlsx 重新报送", maxFileSize>>20)
	}
	if len(data) == 0 {
		return nil, "文件是空的（0 字节），可能保存或传送时出错。请重新用 Excel/WPS 另存为 .xlsx 后报送"
	}
	return data, ""
}

// folderReason says why a folder stands where a file was expected: the
// walk could not read it, or it is a folder named like a workbook.
func folderReason(path string) string {
	if _, err := os.ReadDir(path); err != nil {
		return fmt.Sprintf("文件夹无法读取（%v），其中的文件未检查。请确认有读取权限后重新检查", err)
	}
	return "这是一个文件夹，不是 Excel 文件。请报送其中的 .xlsx 文件"
}

// encryptionInfo is the UTF-16 name of the stream an encrypted workbook holds.
var encryptionInfo = utf16le("EncryptionInfo")

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}

// sniff says why bytes cannot be a workbook: an OLE container or not a zip.
func sniff(data []byte) string {
	if bytes.HasPrefix(data, cfbSignature) {
		if bytes.Contains(data, encryptionInfo) {
			return "文件已加密（设置了打开密码），无法读取。请在 Excel/WPS 中取消密码后另存为 .xlsx 重新报送"
		}
		return "文件已加密或为旧版 .xls 格式（只是把扩展名改成了 .xlsx），无法读取。请用 Excel/WPS 打开后另存为 .xlsx（Excel 工作簿）重新报送"
	}
	if !bytes.HasPrefix(data, []byte("PK")) {
		return "文件不是有效的 Excel 工作簿（内容不是 .xlsx 格式，可能已损坏或是其他类型的文件改了扩展名）。请用 Excel/WPS 另存为 .xlsx 后重新报送"
	}
	return ""
}

func openErrorReason(err error) string {
	switch {
	case errors.Is(err, errBrokenZip):
		return "文件已损坏或不完整（压缩包结构错误，可能下载或复制时中断），无法打开。请重新用 Excel/WPS 另存为 .xlsx 后报送"
	case errors.Is(err, errNotWorkbook):
		return "文件不是 Excel 工作簿（缺少工作簿内容，可能是其他文件改了扩展名），无法读取。请用 Excel/WPS 另存为 .xlsx 后重新报送"
	case errors.Is(err, excelize.ErrWorkbookFileFormat), errors.Is(err, excelize.ErrWorkbookPassword):
		return "文件已加密或为旧版 .xls 格式，无法读取。请取消密码，或用 Excel/WPS 另存为 .xlsx 后重新报送"
	case errors.Is(err, errUnzipTooLarge), strings.Contains(err.Error(), "unzip size"):
		return "文件解压后过大，超出读取上限，不像是责任清单。请删除多余内容后另存为 .xlsx 重新报送"
	}
	return fmt.Sprintf("文件已损坏或不完整，无法打开（%v）。请用 Excel/WPS 打开检查后另存为 .xlsx 重新报送", err)
}

func sheetErrorReason(err error) string {
	if errors.Is(err, errSheetTooLarge) {
		return fmt.Sprintf("工作表过大（超过 %d 行有内容），不像是责任清单，未读取。请删除多余行后重新报送", maxSheetRows)
	}
	return fmt.Sprintf("工作表无法读取（%v），可能已损坏。请用 Excel/WPS 打开检查后另存为 .xlsx 重新报送", err)
}

func unsupportedFormat(path, ext string) Finding {
	format := "无扩展名的文件"
	if ext != "" {
		format = " " + ext + " 格式"
	}
	return Finding{
		Code: CodeUnsupportedFormat, Severity: Error, File: path,
		Message: fmt.Sprintf("不支持%s，只能读取 .xlsx 或 .xlsm 工作簿。请用 Excel/WPS 另存为 .xlsx 后重新报送", format),
	}
}

func unreadable(path, sheet, reason string) Finding {
	return Finding{Code: CodeUnreadable, Severity: Error, File: path, Sheet: sheet, Message: reason}
}

func internalError(path string, cause any) Finding {
	return unreadable(path, "", fmt.Sprintf("读取文件时出现内部错误（%v），文件可能已损坏。请用 Excel/WPS 打开检查后另存为 .xlsx 重新报送；如仍出错，请把文件发给区教育局监察室", cause))
}
