package checklist

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unique"

	"qingdan/internal/convert"
	"qingdan/internal/grid"
	"qingdan/internal/inbox"
)

// Input is one thing to check: a file or a folder on disk (Path), or a
// file held in memory (Name and Data, e.g. an upload). A Name with a
// folder in it ("甲中学/附件1.xlsx") counts as a file found in a folder.
type Input struct {
	Path string
	Name string
	Data []byte
	// problem says why the input cannot be read (an archive or member that
	// would not open, a failed conversion); archive is the zip it came from;
	// as is the extension to read Data as once LibreOffice converted it.
	problem, archive, as string
	// outside is where a symlink found in a walked folder points, out of
	// that folder: the input is reported (CodeLinkOutside), never read.
	outside string
}

// CodeLinkOutside is the finding of a symlink in an input folder that
// points out of it: it is not read, nor copied into the 退回 folder.
const CodeLinkOutside = "link-outside"

// Request is everything a validation run needs.
type Request struct {
	Inputs   []Input
	Skip     []string  // files and folders on disk not to check: the run's own outputs
	Catalog  *Catalog  // the rules; nil: DefaultCatalog
	Roster   *Roster   // the units expected to submit; nil: no roster checks
	Deadline time.Time // lists dated (or files received) after it are late; zero: no deadline
	// Received, when not nil, says when the file at a path arrived
	// (--received); late then judges that time instead of the 填报日期.
	Received func(path string) (time.Time, bool)
	Jobs     int  // files checked at once; ≤ 0: all cores
	Strict   bool // rules with a strict severity use it (requirement-unplanned becomes a warning)
	// RequireScan gives a unit with lists but no signed scan missing-scan.
	RequireScan bool
	// Converter finds LibreOffice for .doc, .wps and the other legacy
	// formats; nil: convert.Find. Reporting false leaves them unsupported.
	Converter func() (*convert.Converter, bool)
	// Progress, when not nil, is called after each file from the calling goroutine.
	Progress func(done, total int)
	// Each, when not nil, is handed each file's report in path order from
	// the calling goroutine as soon as it and the files before it are
	// checked, so that a report can be written while the run goes on.
	Each func(FileReport)
	Now  func() time.Time // times the run; nil: time.Now
}

// Validate checks the inputs: every file is read and checked on the worker
// pool (in path order whatever Jobs is), late lists are marked, then the
// files are grouped into units for the unit and roster checks and the
// report is tallied. Unit checks run when a folder is among the inputs or
// a roster is given. The error is about the inputs themselves (a path that
// does not exist, an empty folder without a roster), or ctx.Err() when
// the run was cancelled: the report then holds the files checked so far
// and no units, since a unit judged on part of its files would be wrong.
func Validate(ctx context.Context, req Request) (*Report, error) {
	c := req.Catalog
	if c == nil {
		c = DefaultCatalog()
	}
	now := req.Now
	if now == nil {
		now = time.Now
	}
	start := now()
	inputs, folders, err := collectInputs(req)
	if err != nil {
		return nil, err
	}
	inputs, expanded := expandArchives(inputs)
	folders = folders || expanded
	if err := convertLegacy(ctx, inputs, req.Converter); err != nil {
		return &Report{Tool: "qingdan", Rules: c.Version, Files: []FileReport{}, Units: []UnitReport{}, Checked: start, Deadline: req.Deadline}, err
	}
	var done func(int)
	if req.Progress != nil {
		n := 0
		done = func(int) { n++; req.Progress(n, len(inputs)) }
	}
	report := &Report{Tool: "qingdan", Rules: c.Version, Files: make([]FileReport, 0, len(inputs)), Units: []UnitReport{},
		Checked: start, Deadline: req.Deadline}
	runErr := RunEach(ctx, len(inputs), req.Jobs, func(i int) FileReport {
		// Each file's read has its own deadline: no file holds a worker for long.
		fctx, cancel := context.WithTimeout(ctx, readLimits.FileTime)
		defer cancel()
		fr := CheckWorkbookWith(c, readInput(fctx, c, inputs[i]), CheckOptions{Strict: req.Strict})
		if req.Received != nil {
			if t, ok := req.Received(inputs[i].arrival()); ok {
				fr.Received = t
			}
		}
		if late := LateFindings(fr, req.Deadline); len(late) > 0 {
			fr.Findings = append(fr.Findings, late...)
			SortFindings(fr.Findings)
		}
		intern(&fr)
		return fr
	}, func(i int, p *Panic) FileReport {
		return PanicReport(inputs[i].label(), p)
	}, done, func(_ int, fr FileReport) {
		report.Files = append(report.Files, fr)
		if req.Each != nil {
			req.Each(fr)
		}
	})
	if runErr == nil {
		report.Units, report.Roster = BuildUnits(c, report.Files, UnitOptions{Roster: req.Roster, FolderUnits: folders, RequireScan: req.RequireScan})
	}
	report.Tally()
	report.Stats.Seconds = now().Sub(start).Seconds()
	return report, runErr
}

// intern makes the texts a report repeats from file to file (the same
// finding's message in many files, sheet and unit names) share one copy:
// a batch of 20,000 files keeps every report until the units are built.
func intern(fr *FileReport) {
	for i := range fr.Findings {
		f := &fr.Findings[i]
		f.Code, f.Sheet, f.Cell, f.Item = unique.Make(f.Code).Value(), unique.Make(f.Sheet).Value(), unique.Make(f.Cell).Value(), unique.Make(f.Item).Value()
		f.Message = unique.Make(f.Message).Value()
	}
	for i := range fr.Lists {
		l := &fr.Lists[i]
		l.Sheet, l.Unit, l.Person, l.Date, l.DateCell = unique.Make(l.Sheet).Value(), unique.Make(l.Unit).Value(), unique.Make(l.Person).Value(), unique.Make(l.Date).Value(), unique.Make(l.DateCell).Value()
	}
}

// label is how an input is named in its findings.
func (in Input) label() string {
	if in.Path != "" {
		return in.Path
	}
	return in.Name
}

// arrival is the name an input's arrival time is known by: a zip member
// arrived with its archive.
func (in Input) arrival() string {
	if in.archive != "" {
		return in.archive
	}
	return in.label()
}

// collectInputs expands the folders on disk into their files (sorted, the
// skipped ones left out), then adds the in-memory files in the order
// given. folders reports whether unit checks are on.
func collectInputs(req Request) (inputs []Input, folders bool, err error) {
	var paths []string
	var memory []Input
	for _, in := range req.Inputs {
		if in.Path == "" {
			memory = append(memory, in)
			folders = folders || strings.ContainsAny(filepath.ToSlash(in.Name), "/")
			continue
		}
		paths = append(paths, in.Path)
		if info, err := os.Stat(in.Path); err == nil && info.IsDir() {
			folders = true
		}
	}
	if len(paths) > 0 {
		// With a roster an empty inbox is news, not a mistake: nobody has submitted yet.
		outside := map[string]string{}
		files, err := CollectFiles(paths, CollectOptions{Skip: req.Skip, AllowEmpty: req.Roster != nil,
			Outside: func(link, target string) { outside[link] = target }})
		if err != nil {
			return nil, false, err
		}
		for link := range outside {
			files = append(files, link)
		}
		slices.Sort(files)
		skip := map[string]bool{}
		for _, s := range req.Skip {
			if abs, err := filepath.Abs(s); err == nil {
				skip[abs] = true
			}
		}
		for _, f := range files {
			if abs, err := filepath.Abs(f); err == nil && skip[abs] {
				continue
			}
			inputs = append(inputs, Input{Path: f, outside: outside[f]})
		}
	}
	return append(inputs, memory...), folders, nil
}

// readInput reads one input's lists, from disk or from memory: a scan is
// registered, an input with a problem or an archive left closed (.rar,
// .7z) gets its finding, a converted input is read as its new format.
func readInput(ctx context.Context, c *Catalog, in Input) *Workbook {
	name := in.label()
	switch {
	case in.outside != "":
		return &Workbook{Path: in.Path, Findings: []Finding{{Code: CodeLinkOutside, Severity: Error, File: in.Path,
			Message: fmt.Sprintf("%s 是指向收件文件夹以外（%s）的链接（快捷方式），为安全起见未读取，也不会复制到退回文件夹。请报送文件本身，不要报送链接", filepath.Base(in.Path), in.outside)}}}
	case in.problem != "":
		return &Workbook{Path: name, Findings: []Finding{unreadable(name, "", in.problem)}}
	case in.as != "":
		return readData(c, name, in.as, in.Data, limitsBy(ctx))
	case inbox.IsArchiveName(name):
		return &Workbook{Path: name, Findings: []Finding{unopenedArchive(name)}}
	case isScanName(name):
		return readScan(in)
	case in.Path != "":
		return ReadFileBy(ctx, c, in.Path)
	}
	return readData(c, name, strings.ToLower(filepath.Ext(name)), in.Data, limitsBy(ctx))
}

// readData reads the lists of a workbook held in memory, with the bounds
// and the messages of ReadFile (grid.Read); name labels the findings and
// ext, the extension it is read as, is one ReadFile reads. It never
// returns nil and never panics.
func readData(c *Catalog, name, ext string, data []byte, lim grid.Limits) *Workbook {
	if !slices.Contains(ReadableExts(), ext) {
		return &Workbook{Path: name, Findings: []Finding{unsupportedFormat(name, ext)}}
	}
	if int64(len(data)) > readLimits.MaxFileSize {
		reason := fmt.Sprintf("文件过大（上限 %d MB），不像是责任清单。请删除多余内容后另存为 .xlsx 重新报送", readLimits.MaxFileSize>>20)
		return &Workbook{Path: name, Findings: []Finding{unreadable(name, "", reason)}}
	}
	// The converted bytes are read under the target's extension; findings keep the name.
	b, err := grid.Read(strings.TrimSuffix(name, filepath.Ext(name))+ext, data, lim)
	if err != nil {
		return &Workbook{Path: name, Findings: []Finding{Refusal(name, err)}}
	}
	return readBookWith(c, name, b, lim)
}

// PanicFinding is the finding of a file whose check panicked: the file is
// unreadable for us, the cause is in the message, and the batch goes on.
func PanicFinding(path string, p *Panic) Finding {
	return Finding{
		Code:     CodeUnreadable,
		Severity: Error,
		File:     path,
		Message:  fmt.Sprintf("检查此文件时程序内部出错（%v），文件未能检查。请用 Excel/WPS 打开检查后另存为 .xlsx 重新报送；如仍出错，请把文件和本提示发给区教育局监察室", p.Value),
	}
}

// PanicReport is the FileReport of a file whose check panicked, holding
// its PanicFinding.
func PanicReport(path string, p *Panic) FileReport {
	return FileReport{Path: path, Valid: false, Lists: []ListReport{}, Findings: []Finding{PanicFinding(path, p)}}
}
