package checklist

import (
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"qingdan/internal/convert"
	"qingdan/internal/grid"
	"qingdan/internal/inbox"
)

// CodeScanReceived marks a signed and stamped scan (盖章件): not a list to
// check, but proof the unit sent its lists signed, as the notice asks.
const CodeScanReceived = "scan-received"

// archiveLimits bound what one zip archive in the inbox may cost.
var archiveLimits = inbox.DefaultLimits()

// expandArchives replaces every zip archive among the inputs with its
// members, in memory, each named as if it stood in a folder named after
// the archive (某校.zip/附件1.xlsx); a member that cannot be read keeps its
// name and the reason. expanded reports whether any archive was opened.
func expandArchives(inputs []Input) (out []Input, expanded bool) {
	for _, in := range inputs {
		if strings.ToLower(filepath.Ext(in.label())) != ".zip" {
			out = append(out, in)
			continue
		}
		members, problem := openArchive(in)
		if problem != "" {
			in.problem = problem
			out = append(out, in)
			continue
		}
		expanded = true
		for _, m := range members {
			out = append(out, Input{Name: m.Name, Data: m.Data, problem: m.Problem, archive: in.label()})
		}
	}
	return out, expanded
}

// openArchive reads an archive's members, or says why it cannot.
func openArchive(in Input) ([]inbox.Member, string) {
	data := in.Data
	if in.Path != "" {
		var err error
		if data, err = grid.ReadBounded(in.Path, archiveLimits.MaxTotal); err != nil {
			return nil, refusalReason(err)
		}
	}
	if len(data) == 0 {
		return nil, "压缩包是空的（0 字节），可能传送时出错。请重新压缩后报送"
	}
	if !inbox.IsZipArchive(data) {
		return nil, "文件扩展名是 .zip，但内容不是压缩包（可能是改了扩展名的 Office 文件，或已损坏）。请改回原来的扩展名，或重新压缩后报送"
	}
	members, err := inbox.Expand(filepath.ToSlash(in.label()), data, archiveLimits)
	if errors.Is(err, inbox.ErrNotZip) {
		return nil, "压缩包已损坏，无法解压。请重新压缩后报送"
	}
	if err != nil {
		return nil, err.Error()
	}
	if len(members) == 0 {
		return nil, "压缩包中没有文件。请把清单文件放入压缩包后重新报送"
	}
	return members, ""
}

// refusalReason is the Chinese reason of a reading error.
func refusalReason(err error) string {
	var ge *grid.Error
	if errors.As(err, &ge) {
		return ge.Reason
	}
	return err.Error()
}

// convertLegacy converts the inputs LibreOffice must read (.doc, .wps …)
// before the worker pool: one LibreOffice run per target format for the
// whole batch, each converted input then read as its target with its
// original name kept. Without LibreOffice the inputs are left alone and
// reading them gives unsupported-format. The error is ctx's.
func convertLegacy(ctx context.Context, inputs []Input, find func() (*convert.Converter, bool)) error {
	byTarget := map[string][]int{}
	var targets []string
	for i, in := range inputs {
		if in.problem != "" {
			continue
		}
		t := convert.Target(filepath.Ext(in.label()))
		if t == "" {
			continue
		}
		if _, seen := byTarget[t]; !seen {
			targets = append(targets, t)
		}
		byTarget[t] = append(byTarget[t], i)
	}
	if len(targets) == 0 {
		return nil
	}
	if find == nil {
		find = convert.Find
	}
	conv, ok := find()
	if !ok {
		return nil
	}
	for _, t := range targets {
		if err := convertBatch(ctx, conv, inputs, byTarget[t], t); err != nil {
			return err
		}
	}
	return nil
}

// convertBatch converts inputs[idx] to target in one LibreOffice run.
func convertBatch(ctx context.Context, conv *convert.Converter, inputs []Input, idx []int, target string) error {
	var batch []convert.Input
	var sent []int
	for _, i := range idx {
		in := &inputs[i]
		data := in.Data
		if in.Path != "" {
			var err error
			if data, err = grid.ReadBounded(in.Path, readLimits.MaxFileSize); err != nil {
				in.problem = refusalReason(err)
				continue
			}
		}
		batch = append(batch, convert.Input{Name: in.label(), Data: data})
		sent = append(sent, i)
	}
	results, err := conv.Convert(ctx, batch, target)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	for k, i := range sent {
		in := &inputs[i]
		ext := filepath.Ext(in.label())
		switch {
		case err != nil:
			in.problem = fmt.Sprintf("%s 文件用 LibreOffice 转换时出错（%v）。请用 Word/WPS 另存为 .%s 后重新报送", ext, err, target)
		case results[k].Err != nil:
			in.problem = fmt.Sprintf("%s 文件用 LibreOffice 转换失败，可能已损坏或加密（%v）。请用 Word/WPS 打开检查后另存为 .%s 重新报送", ext, results[k].Err, target)
		default:
			in.Data, in.as = results[k].Data, "."+target
		}
	}
	return nil
}

// readScan reads a file named like a scan: scan-received when its bytes
// are a PDF, JPEG or PNG, unreadable when they are not.
func readScan(in Input) *Workbook {
	name := in.label()
	data := in.Data
	if in.Path != "" {
		var err error
		if data, err = grid.ReadBounded(in.Path, archiveLimits.MaxMemberSize); err != nil {
			return &Workbook{Path: name, Findings: []Finding{unreadable(name, "", refusalReason(err))}}
		}
	}
	kind, ok := inbox.SniffScan(data)
	if !ok {
		return &Workbook{Path: name, Findings: []Finding{unreadable(name, "",
			fmt.Sprintf("文件扩展名是 %s，但内容不是 PDF 或图片（可能已损坏或改了扩展名），不能作为盖章件。请重新扫描或拍照后报送", strings.ToLower(path.Ext(name))))}}
	}
	what := map[string]string{inbox.ScanPDF: "PDF 扫描件", inbox.ScanJPEG: "JPEG 图片", inbox.ScanPNG: "PNG 图片"}[kind]
	return &Workbook{Path: name, Findings: []Finding{{
		Code: CodeScanReceived, Severity: Info, File: name,
		Message: fmt.Sprintf("已收到签字盖章件（%s），登记为本单位的盖章件，不检查其内容。清单本身仍须报送可检查的 .xlsx、.docx 等文件", what),
	}}}
}

// isScanName says whether a name ends like a scan.
func isScanName(name string) bool {
	return slices.Contains(inbox.ScanExts, strings.ToLower(filepath.Ext(name)))
}

// IsScan says whether a checked file is a scan (it has scan-received).
func (f FileReport) IsScan() bool {
	return slices.ContainsFunc(f.Findings, func(x Finding) bool { return x.Code == CodeScanReceived })
}

// unopenedArchive is the finding of a .rar or .7z archive.
func unopenedArchive(name string) Finding {
	ext := strings.ToLower(filepath.Ext(name))
	return Finding{Code: CodeUnsupportedFormat, Severity: Error, File: name, Message: inbox.UnopenedArchiveReason(ext)}
}

// Converted is a legacy file LibreOffice converted: its bytes and the
// extension to read them as, or why it could not be converted.
type Converted struct {
	Data    []byte
	Ext     string
	Problem string
}

// ConvertFiles converts the files at paths LibreOffice must read (.doc,
// .wps …) as validate does, one run per target format, for `score`; the
// map holds the converted ones by path. Without LibreOffice it is empty.
// The error is ctx's.
func ConvertFiles(ctx context.Context, paths []string, find func() (*convert.Converter, bool)) (map[string]Converted, error) {
	inputs := make([]Input, len(paths))
	for i, p := range paths {
		inputs[i] = Input{Path: p}
	}
	if err := convertLegacy(ctx, inputs, find); err != nil {
		return nil, err
	}
	out := map[string]Converted{}
	for _, in := range inputs {
		if in.as != "" || in.problem != "" {
			out[in.Path] = Converted{Data: in.Data, Ext: in.as, Problem: in.problem}
		}
	}
	return out, nil
}
