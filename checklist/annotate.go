package checklist

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"qingdan/internal/convert"
)

// Author of the comments put on annotated copies.
const annotateAuthor = "监察室"

// Limits for reopening a submission to annotate it, as for reading it: a
// file the reader refused as too large is not unpacked further here.
var (
	annotateUnzipLimit    = unzipSizeLimit
	annotateUnzipXMLLimit = unzipXMLSizeLimit
)

// AnnotateOptions says where annotated copies go and what they ask for.
type AnnotateOptions struct {
	Roots  []string // the PATH arguments, files or folders, as given
	OutDir string   // --annotate DIR
	Force  bool     // replace the copies an earlier run wrote
	Jobs   int      // files annotated at once; ≤ 0 means all cores
	// Strict: warnings are to be fixed too, as errors are (validate --strict).
	Strict bool
	// Due is the date the corrected files are due, said on each copy; zero: none.
	Due time.Time
	Now func() time.Time // nil: time.Now
	// Progress, when not nil, is called after each copy made or given up,
	// from the calling goroutine, with the number of copies to make.
	Progress func(done, total int)
}

// NeedsCopy says whether a file with these findings gets an annotated
// copy: it has something the school must fix.
func NeedsCopy(findings []Finding, strict bool) bool { return needsCopy(findings, strict) }

// AnnotateResult is what Annotate did, in report order.
type AnnotateResult struct {
	Written []string       // the copies written
	Skipped []AnnotateSkip // files to send back that got no copy
	Removed []string       // copies of an earlier run no longer needed, removed
	// Renamed lists the inputs whose copy took another name because an
	// earlier input maps to the same one; Mapping is the 对照表 then written.
	Renamed []CopyName
	Mapping string
}

// CopyName pairs an input with the copy made from it.
type CopyName struct{ Input, Copy string }

// AnnotateSkip is a file whose copy could not be made from it: not a
// workbook, unreadable, or refused by excelize. Its problems must reach
// the unit another way.
type AnnotateSkip struct {
	Path   string
	Reason string // Chinese, one clause without a final 。
}

func (s *AnnotateSkip) Error() string {
	return "无法为 " + s.Path + " 生成批注副本：" + s.Reason
}

// ErrOverwritesInput is wrapped by the error of a copy refused because it
// would replace a submitted file: the copies must go to another folder.
var ErrOverwritesInput = errors.New("批注副本会覆盖上报的文件")

// ErrNotOurs is wrapped by the error of a copy refused because a file that
// qingdan did not write (or that was changed since) stands in its place.
var ErrNotOurs = errors.New("文件夹中已有同名文件，不是本工具写入的批注副本（或写入后被改动过），未覆盖")

// Annotate brings opts.OutDir to the state of this report: a marked-up
// copy of every file a school must fix (errors; warnings too with Strict;
// a late list alone is not something to fix) for 退回修改, each problem
// cell filled (red for errors, yellow for warnings) with a comment holding
// the messages, and a first sheet 问题清单 that opens with what to fix and
// by when. A .docx comes back as a .docx (cells shaded, Word comments, the
// findings in a table at the end); .xls, .et and .ods as an .xlsx rendering
// of what was read. A copy keeps the path the file had under the input
// folder it was found in; a file named directly keeps its base name; two
// inputs that map to one name give name(2) and a 对照表 in the folder.
//
// The folder's manifest (ManifestName) records what qingdan wrote; copies
// of an earlier run that this report no longer needs are removed, and only
// those, only when unchanged. Without Force a folder holding an earlier
// run's copies is refused as a whole. Folders are created only when their
// copy is written. A cancelled ctx stops the writing: the finished copies
// stay (and are recorded), no temp file is left, nothing is removed.
//
// Originals are only read. A file whose copy cannot be made from it is
// skipped with its reason; the error says why copies could not be written,
// joined over the files. One failure does not stop the other copies.
func Annotate(ctx context.Context, c *Catalog, r *Report, opts AnnotateOptions) (AnnotateResult, error) {
	var res AnnotateResult
	m, err := readManifest(opts.OutDir)
	if err != nil {
		return res, err
	}
	var root *os.Root
	if info, err := os.Stat(opts.OutDir); err == nil && info.IsDir() {
		if root, err = os.OpenRoot(opts.OutDir); err != nil {
			return res, fmt.Errorf("无法打开文件夹 %s：%w", opts.OutDir, err)
		}
		defer root.Close()
	}
	var own []manifestEntry
	if root != nil {
		own = m.own(root)
	}
	if len(own) > 0 && !opts.Force {
		return res, fmt.Errorf("%w：%s 中有上次检查写入的 %d 份批注副本", ErrExists, opts.OutDir, len(own))
	}
	ownAt := map[string]bool{}
	for _, e := range own {
		ownAt[e.Path] = true
	}
	isOwn := func(target string) bool {
		rel, err := filepath.Rel(opts.OutDir, target)
		return err == nil && ownAt[filepath.ToSlash(rel)]
	}

	type job struct {
		file   *FileReport
		target string
	}
	var jobs []job
	var errs []error
	mapping := filepath.Join(opts.OutDir, mappingName)
	taken := map[string]bool{mapping: true}
	inputs := map[string]bool{}
	for _, fr := range r.Files {
		if abs, err := filepath.Abs(fr.Path); err == nil {
			inputs[abs] = true
		}
	}
	for i := range r.Files {
		fr := &r.Files[i]
		if !needsCopy(fr.Findings, opts.Strict) {
			continue
		}
		wanted := copyName(annotatedPath(fr.Path, opts.Roots, opts.OutDir))
		target := uniqueTarget(wanted, taken)
		taken[target] = true
		if target != wanted {
			res.Renamed = append(res.Renamed, CopyName{Input: fr.Path, Copy: target})
		}
		if abs, err := filepath.Abs(target); err != nil || inputs[abs] || sameFile(fr.Path, target) {
			errs = append(errs, fmt.Errorf("%w：%s，已跳过", ErrOverwritesInput, target))
			continue
		}
		if _, err := os.Lstat(target); err == nil && !isOwn(target) {
			errs = append(errs, fmt.Errorf("%w：%s", ErrNotOurs, target))
			continue
		}
		jobs = append(jobs, job{fr, target})
	}
	note := schoolNote{strict: opts.Strict, due: opts.Due, now: opts.Now}
	var progress func(int)
	if opts.Progress != nil {
		n := 0
		progress = func(int) { n++; opts.Progress(n, len(jobs)) }
	}
	type result struct {
		i       int
		skip    string // why no copy can be made from the file
		err     error  // why the copy could not be written
		entry   manifestEntry
		created []string
	}
	results, runErr := RunOrdered(ctx, len(jobs), opts.Jobs, func(i int) result {
		data, skip := buildCopy(c, jobs[i].file, note)
		if skip != "" {
			return result{i: i, skip: skip}
		}
		created, err := writeCopy(ctx, opts.OutDir, jobs[i].target, true, data)
		if err != nil {
			return result{i: i, err: err, created: created}
		}
		return result{i: i, entry: entryFor(opts.OutDir, jobs[i].target, manifestCopy, jobs[i].file.Path, data), created: created}
	}, func(i int, p *Panic) result {
		return result{i: i, skip: fmt.Sprintf("标注时程序内部出错（%v）", p)}
	}, progress)
	// Folders a failed copy made but could not remove while another copy
	// was still writing beside it are removed now, when empty.
	var leftover []string
	for _, out := range results {
		if out.err != nil {
			leftover = append(leftover, out.created...)
		}
	}
	removeEmpty(opts.OutDir, leftover)
	next := &manifest{Folders: m.Folders}
	written := map[string]bool{}
	var pairs []CopyName
	for _, out := range results {
		switch {
		case out.err != nil && ctx.Err() != nil && errors.Is(out.err, ctx.Err()):
		case out.err != nil:
			errs = append(errs, out.err)
		case out.skip != "":
			res.Skipped = append(res.Skipped, AnnotateSkip{Path: jobs[out.i].file.Path, Reason: out.skip})
		default:
			res.Written = append(res.Written, jobs[out.i].target)
			next.Files = append(next.Files, out.entry)
			next.Folders = append(next.Folders, out.created...)
			written[out.entry.Path] = true
			pairs = append(pairs, CopyName{Input: jobs[out.i].file.Path, Copy: jobs[out.i].target})
		}
	}
	if runErr == nil {
		runErr = ctx.Err()
	}
	if runErr == nil && len(res.Renamed) > 0 && len(res.Written) > 0 {
		if _, err := os.Lstat(mapping); err == nil && !isOwn(mapping) {
			errs = append(errs, fmt.Errorf("%w：%s", ErrNotOurs, mapping))
		} else if data, err := mappingBook(opts.OutDir, pairs, res.Renamed); err != nil {
			errs = append(errs, fmt.Errorf("对照表未写入：%w", err))
		} else if _, err := writeCopy(ctx, opts.OutDir, mapping, true, data); err != nil {
			errs = append(errs, fmt.Errorf("对照表未写入：%w", err))
		} else {
			res.Mapping = mapping
			e := entryFor(opts.OutDir, mapping, manifestMapping, "", data)
			next.Files = append(next.Files, e)
			written[e.Path] = true
		}
	}
	for _, e := range own {
		switch {
		case written[e.Path]:
		case runErr != nil:
			// A cancelled run completes nothing: earlier copies stay recorded.
			next.Files = append(next.Files, e)
		default:
			if err := root.Remove(filepath.FromSlash(e.Path)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, fmt.Errorf("无法删除过期的批注副本 %s：%w", filepath.Join(opts.OutDir, e.Path), err))
				next.Files = append(next.Files, e)
				continue
			}
			if e.Kind == manifestCopy {
				res.Removed = append(res.Removed, filepath.Join(opts.OutDir, filepath.FromSlash(e.Path)))
			}
		}
	}
	next.Folders = removeEmpty(opts.OutDir, next.Folders)
	if err := writeManifest(opts.OutDir, next); err != nil {
		errs = append(errs, fmt.Errorf("副本清单 %s 未写入：%w", ManifestName, err))
	}
	return res, errors.Join(append(errs, runErr)...)
}

// needsCopy: a file goes back only when the school has something to fix:
// an error, or with strict a warning; a late list cannot be fixed.
func needsCopy(findings []Finding, strict bool) bool {
	return slices.ContainsFunc(findings, func(f Finding) bool { return mustFix(f, strict) })
}

func mustFix(f Finding, strict bool) bool {
	return f.Severity == Error || strict && f.Severity == Warning && f.Code != CodeLate
}

// IsInside reports whether path is root or lies below it, after making
// both absolute; the walker uses it to skip an --annotate folder inside
// the input.
func IsInside(path, root string) bool {
	p, err1 := filepath.Abs(path)
	r, err2 := filepath.Abs(root)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(r, p)
	if err != nil {
		return false
	}
	return rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)))
}

// annotatedPath keeps the file's path relative to the deepest input folder
// holding it; a file named directly keeps only its base name.
func annotatedPath(path string, roots []string, outDir string) string {
	rel := filepath.Base(path)
	best := -1
	for _, root := range roots {
		if fi, err := os.Stat(root); err != nil || !fi.IsDir() || !IsInside(path, root) {
			continue
		}
		absRoot, _ := filepath.Abs(root)
		absPath, _ := filepath.Abs(path)
		if r, err := filepath.Rel(absRoot, absPath); err == nil && len(absRoot) > best && r != "." {
			rel, best = r, len(absRoot)
		}
	}
	return filepath.Join(outDir, rel)
}

// uniqueTarget gives two files of the same base name named directly two
// copies: 清单.xlsx, 清单(2).xlsx.
func uniqueTarget(target string, taken map[string]bool) string {
	ext := filepath.Ext(target)
	stem := strings.TrimSuffix(target, ext)
	for n := 2; taken[target]; n++ {
		target = stem + "(" + strconv.Itoa(n) + ")" + ext
	}
	return target
}

// copyName is the name of the copy of a file at path: the same for the
// formats written back as they came (.xlsx, .xlsm, .docx), and with .xlsx
// appended for those rendered as an .xlsx (附件1.xls → 附件1.xls.xlsx), so the
// copy still names the file it came from and never takes the name of a
// school's own .xlsx beside it.
func copyName(path string) string {
	switch ext := strings.ToLower(filepath.Ext(path)); {
	case ext == ".xlsx", ext == ".xlsm", ext == ".docx":
		return path
	case convert.Target(ext) != "":
		// A .doc LibreOffice converted comes back as the annotated .docx (附件1.doc → 附件1.doc.docx).
		return path + "." + convert.Target(ext)
	}
	return path + ".xlsx"
}

// WriteAnnotated writes the annotated copy of one checked file to w, in
// the format Annotate gives it. A file no copy can be made from gives an
// *AnnotateSkip saying why.
func WriteAnnotated(w io.Writer, c *Catalog, fr *FileReport, opts AnnotateOptions) error {
	data, skip := buildCopy(c, fr, schoolNote{strict: opts.Strict, due: opts.Due, now: opts.Now})
	if skip != "" {
		return &AnnotateSkip{Path: fr.Path, Reason: skip}
	}
	_, err := w.Write(data)
	return err
}

// buildCopy makes the bytes of a file's annotated copy, or says why none
// can be made from it. Every copy's zip entries are clean (cleanZip).
func buildCopy(c *Catalog, fr *FileReport, note schoolNote) (_ []byte, skip string) {
	// What the reader could not read, no writer is asked to reopen: a
	// truncated or oversized part can crash it, and the report says why.
	if i := slices.IndexFunc(fr.Findings, func(x Finding) bool {
		return x.Code == CodeUnreadable || x.Code == CodeUnsupportedFormat || x.Code == CodeLinkOutside
	}); i >= 0 {
		return nil, firstClause(fr.Findings[i].Message)
	}
	if inArchive(fr.Path) {
		return nil, "压缩包中的文件不生成批注副本，请解压后重新检查以生成副本"
	}
	var data []byte
	switch strings.ToLower(filepath.Ext(fr.Path)) {
	case ".xlsx", ".xlsm":
		f, skip := annotatedWorkbook(c, fr, note)
		if skip != "" {
			return nil, skip
		}
		defer f.Close()
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			return nil, fmt.Sprintf("保存批注副本时出错（%v）", err)
		}
		data = buf.Bytes()
	default:
		var skip string
		if data, skip = annotatedOther(c, fr, note); skip != "" {
			return nil, skip
		}
	}
	clean, err := cleanZip(data)
	if err != nil {
		return nil, fmt.Sprintf("保存批注副本时出错（%v）", err)
	}
	return clean, ""
}

// inArchive says whether a checked file is a member of a zip archive in
// the inbox (某校.zip/附件1.xlsx): there is no file on disk to copy.
func inArchive(path string) bool {
	for dir := filepath.Dir(path); dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		if strings.EqualFold(filepath.Ext(dir), ".zip") {
			if info, err := os.Stat(dir); err == nil && info.Mode().IsRegular() {
				return true
			}
		}
	}
	return false
}

// annotatedWorkbook builds the annotated copy of an .xlsx, or says why
// none can be made from it; the caller closes the workbook.
func annotatedWorkbook(c *Catalog, fr *FileReport, note schoolNote) (_ *excelize.File, skip string) {
	// Bounded and regular only: a FIFO or a huge file must not hang the copy.
	f, err := OpenInput(fr.Path, excelize.Options{UnzipSizeLimit: annotateUnzipLimit, UnzipXMLSizeLimit: annotateUnzipXMLLimit})
	if ie := (*InputError)(nil); errors.As(err, &ie) {
		return nil, firstClause(ie.Reason)
	}
	if err != nil {
		return nil, fmt.Sprintf("文件无法打开（%v）", err)
	}
	// Without a styles part excelize cannot add a style (it panics), and a
	// copy without red and yellow cells would not help: none is written.
	if _, ok := f.Pkg.Load("xl/styles.xml"); !ok {
		return closed(f), "工作簿缺少样式部分，无法把问题单元格标红或标黄"
	}
	if err := rebuildForeignComments(f); err != nil {
		return closed(f), fmt.Sprintf("读取原有批注时出错（%v）", err)
	}
	if err := markCells(f, fr.Findings); err != nil {
		return closed(f), fmt.Sprintf("标注问题单元格时出错（%v）", err)
	}
	if err := addFindingsSheet(f, c, fr, note); err != nil {
		return closed(f), fmt.Sprintf("添加问题清单工作表时出错（%v）", err)
	}
	return f, ""
}

// closed closes a workbook that is given up on.
func closed(f *excelize.File) *excelize.File {
	f.Close()
	return nil
}

// Part names excelize gives a sheet's comments and their VML drawing; both
// carry the same number.
var (
	commentsPart    = regexp.MustCompile(`^xl/comments(\d+)\.xml$`)
	vmlPart         = regexp.MustCompile(`^xl/drawings/vmlDrawing(\d+)\.vml$`)
	sheetRels       = regexp.MustCompile(`^xl/worksheets/_rels/([^/]+)\.rels$`)
	legacyDrawing   = regexp.MustCompile(`<(?:\w+:)?legacyDrawing\b[^>]*/>|<(?:\w+:)?legacyDrawing\b[^>]*>\s*</(?:\w+:)?legacyDrawing>`)
	contentOverride = regexp.MustCompile(`<Override\b[^>]*/>|<Override\b[^>]*>\s*</Override>`)
)

// Relationship types of a sheet's comments and their drawing.
const (
	relComments = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
	relVML      = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing"
)

// relsDoc is a relationships part.
type relsDoc struct {
	XMLName xml.Name   `xml:"http://schemas.openxmlformats.org/package/2006/relationships Relationships"`
	Rels    []relEntry `xml:"Relationship"`
}

type relEntry struct {
	ID         string `xml:"Id,attr"`
	Type       string `xml:"Type,attr"`
	Target     string `xml:"Target,attr"`
	TargetMode string `xml:"TargetMode,attr,omitempty"`
}

// rebuildForeignComments rewrites, through excelize, the comments of sheets
// whose comment parts another program named (openpyxl:
// /xl/comments/comment1.xml and /xl/drawings/commentsDrawing1.vml).
// excelize's AddComment takes both names from a vmlDrawingN.vml and wrote
// new comments to a part no sheet points to; and it re-encodes such a VML
// with undeclared prefixes, after which LibreOffice prints every comment.
// The old parts are removed and their comments added again, as plain text.
func rebuildForeignComments(f *excelize.File) error {
	var rels []string
	f.Pkg.Range(func(k, _ any) bool {
		if name, _ := k.(string); sheetRels.MatchString(name) {
			rels = append(rels, name)
		}
		return true
	})
	if len(rels) == 0 {
		return nil
	}
	slices.Sort(rels)
	names, err := sheetNames(f)
	if err != nil {
		return err
	}
	for _, relsName := range rels {
		data, _ := loadPart(f, relsName)
		var doc relsDoc
		if err := xml.Unmarshal(data, &doc); err != nil {
			return err
		}
		var comments, vml string
		for _, r := range doc.Rels {
			switch r.Type {
			case relComments:
				comments = r.Target
			case relVML:
				vml = r.Target
			}
		}
		sheetPath := "xl/worksheets/" + sheetRels.FindStringSubmatch(relsName)[1]
		name, ok := names[sheetPath]
		if comments == "" || !ok || excelizeNamed(comments, vml) {
			continue
		}
		old, err := readComments(f, partPath(comments))
		if err != nil {
			return err
		}
		kept := doc.Rels[:0]
		for _, r := range doc.Rels {
			if r.Type != relComments && r.Type != relVML {
				kept = append(kept, r)
			}
		}
		doc.Rels = kept
		out, err := xml.Marshal(doc)
		if err != nil {
			return err
		}
		f.Pkg.Store(relsName, append([]byte(xml.Header), out...))
		f.Relationships.Delete(relsName)
		if ws, ok := loadPart(f, sheetPath); ok {
			f.Pkg.Store(sheetPath, legacyDrawing.ReplaceAll(ws, nil))
			f.Sheet.Delete(sheetPath)
		}
		for _, target := range []string{comments, vml} {
			if target == "" {
				continue
			}
			part := partPath(target)
			f.Pkg.Delete(part)
			delete(f.Comments, part)
			delete(f.VMLDrawing, part)
			delete(f.DecodeVMLDrawing, part)
			dropOverride(f, "/"+part)
		}
		for _, c := range old {
			c.Width, c.Height = 320, uint(min(60+30*strings.Count(c.Text, "\n"), 600))
			if err := f.AddComment(name, c); err != nil {
				return err
			}
		}
	}
	return nil
}

// excelizeNamed reports whether a sheet's comment parts have the names
// excelize gives them, sharing one number.
func excelizeNamed(comments, vml string) bool {
	if strings.HasPrefix(comments, "/") || strings.HasPrefix(vml, "/") {
		return false
	}
	cm := commentsPart.FindStringSubmatch(partPath(comments))
	vm := vmlPart.FindStringSubmatch(partPath(vml))
	return cm != nil && vm != nil && cm[1] == vm[1]
}

// sheetNames maps each worksheet part to its sheet name.
func sheetNames(f *excelize.File) (map[string]string, error) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels relsDoc
	wbData, _ := loadPart(f, "xl/workbook.xml")
	relsData, _ := loadPart(f, "xl/_rels/workbook.xml.rels")
	if err := xml.Unmarshal(wbData, &wb); err != nil {
		return nil, err
	}
	if err := xml.Unmarshal(relsData, &rels); err != nil {
		return nil, err
	}
	targets := map[string]string{}
	for _, r := range rels.Rels {
		if strings.HasPrefix(r.Target, "/") {
			targets[r.ID] = strings.TrimPrefix(r.Target, "/")
		} else {
			targets[r.ID] = path.Join("xl", r.Target)
		}
	}
	names := map[string]string{}
	for _, s := range wb.Sheets {
		if t, ok := targets[s.RID]; ok {
			names[t] = s.Name
		}
	}
	return names, nil
}

// readComments reads a comments part as excelize comments of plain text.
func readComments(f *excelize.File, part string) ([]excelize.Comment, error) {
	data, ok := loadPart(f, part)
	if !ok {
		return nil, nil
	}
	var doc struct {
		Authors []string `xml:"authors>author"`
		List    []struct {
			Ref      string   `xml:"ref,attr"`
			AuthorID int      `xml:"authorId,attr"`
			T        []string `xml:"text>t"`
			Runs     []string `xml:"text>r>t"`
		} `xml:"commentList>comment"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	var out []excelize.Comment
	for _, c := range doc.List {
		author := ""
		if c.AuthorID >= 0 && c.AuthorID < len(doc.Authors) {
			author = doc.Authors[c.AuthorID]
		}
		text := strings.Join(c.T, "") + strings.Join(c.Runs, "")
		out = append(out, excelize.Comment{Cell: c.Ref, Author: author, Text: text})
	}
	return out, nil
}

// dropOverride removes a part's content type, cached or not; a file is
// annotated by one goroutine, so the cache needs no lock.
func dropOverride(f *excelize.File, partName string) {
	if f.ContentTypes != nil {
		kept := f.ContentTypes.Overrides[:0]
		for _, o := range f.ContentTypes.Overrides {
			if o.PartName != partName {
				kept = append(kept, o)
			}
		}
		f.ContentTypes.Overrides = kept
		return
	}
	types, ok := loadPart(f, "[Content_Types].xml")
	if !ok {
		return
	}
	f.Pkg.Store("[Content_Types].xml", contentOverride.ReplaceAllFunc(types, func(o []byte) []byte {
		if bytes.Contains(o, []byte(`PartName="`+partName+`"`)) {
			return nil
		}
		return o
	}))
}

// partPath is the package path of a sheet relationship's target.
func partPath(target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(target, "/")
	}
	return path.Join("xl/worksheets", target)
}

// firstClause is a message's first sentence, without the advice after it:
// the cause, for a line that gives its own advice.
func firstClause(msg string) string {
	cause, _, _ := strings.Cut(msg, "。")
	return cause
}

// sameFile reports whether two existing paths name one file (through a
// link), so a copy never replaces its original.
func sameFile(a, b string) bool {
	ia, err1 := os.Stat(a)
	ib, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(ia, ib)
}

// cellMark is everything said about one cell.
type cellMark struct {
	sheet, ref string
	worst      Severity
	lines      []string
}

func severityRank(s Severity) int {
	switch s {
	case Error:
		return 2
	case Warning:
		return 1
	}
	return 0
}

// markCells fills each problem cell and puts the messages in its comment,
// keeping the cell's font, border, alignment and number format.
func markCells(f *excelize.File, findings []Finding) error {
	var marks []*cellMark
	byCell := map[[2]string]*cellMark{}
	for _, x := range findings {
		if x.Sheet == "" || x.Cell == "" {
			continue
		}
		if idx, err := f.GetSheetIndex(x.Sheet); err != nil || idx < 0 {
			continue
		}
		if _, _, err := excelize.CellNameToCoordinates(x.Cell); err != nil {
			continue
		}
		key := [2]string{x.Sheet, x.Cell}
		m := byCell[key]
		if m == nil {
			m = &cellMark{sheet: x.Sheet, ref: x.Cell, worst: x.Severity}
			byCell[key] = m
			marks = append(marks, m)
		}
		if severityRank(x.Severity) > severityRank(m.worst) {
			m.worst = x.Severity
		}
		m.lines = append(m.lines, "【"+SeverityName(x.Severity)+"】"+x.Message)
	}
	restyled := map[[2]int]int{} // (old style, 1 error / 0 warning) → new style
	for _, m := range marks {
		if m.worst == Error || m.worst == Warning {
			color, rank := fillYellow, severityRank(m.worst)
			if m.worst == Error {
				color = fillRed
			}
			old, err := f.GetCellStyle(m.sheet, m.ref)
			if err != nil {
				return err
			}
			id, ok := restyled[[2]int{old, rank}]
			if !ok {
				s, err := f.GetStyle(old)
				if err != nil {
					return err
				}
				s.Fill = solidFill(color)
				dropAlpha(s)
				if id, err = f.NewStyle(s); err != nil {
					return err
				}
				restyled[[2]int{old, rank}] = id
			}
			if err := f.SetCellStyle(m.sheet, m.ref, m.ref, id); err != nil {
				return err
			}
		}
		if err := addNote(f, m.sheet, m.ref, strings.Join(m.lines, "\n")); err != nil {
			return err
		}
	}
	return nil
}

// dropAlpha keeps the RGB of colors that excelize read with an alpha other
// than FF (00000000 from openpyxl): it prefixes FF again when writing, and
// the ten-digit color makes openpyxl refuse the copy.
func dropAlpha(s *excelize.Style) {
	trim := func(c string) string {
		if len(c) == 8 {
			return c[2:]
		}
		return c
	}
	if s.Font != nil {
		s.Font.Color = trim(s.Font.Color)
	}
	for i := range s.Border {
		s.Border[i].Color = trim(s.Border[i].Color)
	}
}

// addNote puts text in the cell's comment, after any comment already there.
func addNote(f *excelize.File, sheet, ref, text string) error {
	comments, err := f.GetComments(sheet)
	if err != nil {
		return err
	}
	for _, old := range comments {
		if old.Cell != ref {
			continue
		}
		prior := old.Text
		for _, run := range old.Paragraph {
			prior += run.Text
		}
		if err := f.DeleteComment(sheet, ref); err != nil {
			return err
		}
		text = strings.TrimSpace(prior) + "\n" + text
	}
	return f.AddComment(sheet, excelize.Comment{
		Cell:   ref,
		Author: annotateAuthor,
		Paragraph: []excelize.RichTextRun{
			{Text: annotateAuthor + "：\n", Font: &excelize.Font{Bold: true, Family: reportFont, Size: 9}},
			{Text: text, Font: &excelize.Font{Family: reportFont, Size: 9}},
		},
		Width:  320,
		Height: uint(min(60+30*strings.Count(text, "\n"), 600)),
	})
}

// addFindingsSheet inserts the 问题清单 sheet first and makes it active.
func addFindingsSheet(f *excelize.File, c *Catalog, fr *FileReport, note schoolNote) error {
	name := sheetFindings
	for n := 2; ; n++ {
		if idx, err := f.GetSheetIndex(name); err == nil && idx < 0 {
			break
		}
		name = sheetFindings + "(" + strconv.Itoa(n) + ")"
	}
	if err := insertFirstSheet(f, name); err != nil {
		return err
	}
	st, err := newReportStyles(f)
	if err != nil {
		return err
	}
	t := &table{f: f, sheet: name, st: st, head: 2}
	heads := []string{"序号", "工作表", "单元格", "级别", "事项", "说明"}
	// The title spans the merged first row; it is written before start so
	// that its length does not count against column A's width.
	title := note.line(fr.Findings)
	t.str(1, 1, title, st.body)
	right, err := excelize.CoordinatesToCellName(len(heads), 1)
	if err != nil {
		return err
	}
	if err := f.MergeCell(name, "A1", right); err != nil {
		return err
	}
	if err := f.SetRowHeight(name, 1, min(rowHeight*float64(wrappedLines(title, 120)+1), maxRowHeight)); err != nil {
		return err
	}
	if err := t.start(heads, []float64{6, 16, 8, 6, 18, 70}, 0); err != nil {
		return err
	}
	sev := map[Severity]int{Error: st.red, Warning: st.yellow, Info: st.center}
	for i, x := range fr.Findings {
		row := i + 3
		t.num(1, row, i+1, st.center)
		t.str(2, row, x.Sheet, st.body)
		t.str(3, row, x.Cell, st.center)
		t.str(4, row, SeverityName(x.Severity), sev[x.Severity])
		t.str(5, row, entryLabel(c, x.Item), st.body)
		t.str(6, row, x.Message, st.body)
	}
	if err := t.finish(len(heads), len(fr.Findings)+2, true); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	return nil
}

// insertFirstSheet adds an empty sheet before all others. excelize's
// MoveSheet leaves sheet-scoped defined names (print titles, filters) on
// the old sheet positions, so they are taken out and put back by name.
func insertFirstSheet(f *excelize.File, name string) error {
	var scoped []excelize.DefinedName
	for _, dn := range f.GetDefinedName() {
		if dn.Scope != "Workbook" {
			scoped = append(scoped, dn)
		}
	}
	for _, dn := range scoped {
		if err := f.DeleteDefinedName(&dn); err != nil {
			return err
		}
	}
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	if err := f.MoveSheet(name, f.GetSheetList()[0]); err != nil {
		return err
	}
	for _, dn := range scoped {
		if err := f.SetDefinedName(&dn); err != nil {
			return err
		}
	}
	return nil
}
