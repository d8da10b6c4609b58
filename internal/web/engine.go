package web

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"qingdan/checklist"
	"qingdan/scoring"
)

// Names of the downloads of a run.
const (
	fileSummary   = "汇总.xlsx"
	fileAnnotated = "退回.zip"
	fileRanking   = "排名.xlsx"
)

// validateJob is one run of the validate pipeline: the flags of
// `qingdan validate ROOTS… --roster R --deadline D` and where its outputs go.
type validateJob struct {
	Roots    []string
	Roster   string
	Deadline string
	Strict   bool
	// Trim is the folder the roots were uploaded into: removed from every
	// path in the report, so that paths read as the user's own.
	Trim string
	Work string // a private folder for the 退回 copies before they are zipped
}

// outputsNote says what the 退回 copies hold, as validate says on stderr.
type outputsNote struct {
	Annotated int            `json:"annotated"`
	Skipped   []skippedInput `json:"skipped"`
	Error     string         `json:"error,omitempty"` // a download that could not be made
}

// unitGroup is a unit and its files, which the report's JSON leaves out;
// the page groups its results by them.
type unitGroup struct {
	Name  string   `json:"name"`
	Files []string `json:"files"`
}

type skippedInput struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// runValidate is the one adapter between the page and the validate
// pipeline: it makes the library call `qingdan validate --format json`
// makes on the same roots, and builds what -o 汇总.xlsx and --annotate 退回
// would write, in memory.
func (s *Server) runValidate(ctx context.Context, job validateJob, progress *runProgress) (_ *runResult, later func(), _ error) {
	c := s.cfg.Catalog
	req := checklist.Request{Catalog: c, Jobs: s.cfg.Jobs, Strict: job.Strict,
		Progress: func(done, total int) { progress.set(phaseCheck, done, total) }}
	if job.Deadline != "" {
		d, err := checklist.ParseDeadline(job.Deadline)
		if err != nil {
			return nil, nil, userError{fmt.Errorf("截止日期无效：%w", err)}
		}
		req.Deadline = d
	}
	if job.Roster != "" {
		r, err := checklist.ReadRoster(job.Roster)
		if err != nil {
			return nil, nil, userError{fmt.Errorf("名单文件：%s", trimPaths(err.Error(), filepath.Dir(job.Roster)))}
		}
		req.Roster = r
	}
	for _, root := range job.Roots {
		req.Inputs = append(req.Inputs, checklist.Input{Path: root})
	}
	progress.set(phaseCheck, 0, 0)
	report, err := checklist.Validate(ctx, req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, err
		}
		return nil, nil, userError{fmt.Errorf("%s", trimPaths(err.Error(), job.Trim))}
	}
	report.Version = s.cfg.Version
	if s.cfg.RulesFile != "" {
		report.Rules = s.cfg.RulesFile
	}

	// The copies are made from the files themselves, whose paths the report loses here.
	real := make([]string, len(report.Files))
	for i, f := range report.Files {
		real[i] = f.Path
	}
	if job.Trim != "" {
		trimReport(report, job.Trim)
	}
	res := newRunResult()
	if res.Report, err = encodeJSON(report); err != nil {
		return nil, nil, err
	}
	if res.Groups, err = encodeJSON(groups(c, report)); err != nil {
		return nil, nil, err
	}
	// The downloads are made after the answer, so that the results show at once.
	later = func() {
		files := map[string][]byte{}
		note := outputsNote{Skipped: []skippedInput{}}
		var summary bytes.Buffer
		if err := checklist.WriteSummary(&summary, c, report); err != nil {
			note.Error = "汇总表未生成：" + err.Error()
		} else {
			files[fileSummary] = summary.Bytes()
		}
		annotated, err := s.annotate(c, report, real, job, req.Deadline, &note)
		switch {
		case err != nil:
			note.Error = err.Error()
		case note.Annotated > 0:
			files[fileAnnotated] = annotated
		}
		for i := range note.Skipped {
			note.Skipped[i].Path = trimPaths(note.Skipped[i].Path, job.Trim)
		}
		notes, _ := encodeJSON(note)
		res.done(files, notes)
	}
	return res, later, nil
}

// annotate makes the copies `validate --annotate 退回` writes, with the
// files' own paths, in the work folder, and zips that folder.
func (s *Server) annotate(c *checklist.Catalog, report *checklist.Report, real []string, job validateJob, due time.Time, note *outputsNote) ([]byte, error) {
	r := *report
	r.Files = slices.Clone(report.Files)
	for i := range r.Files {
		r.Files[i].Path = real[i]
	}
	dir := filepath.Join(job.Work, "退回")
	res, err := checklist.Annotate(context.Background(), c, &r, checklist.AnnotateOptions{
		Roots: job.Roots, OutDir: dir, Jobs: s.cfg.Jobs, Strict: job.Strict, Due: due,
	})
	for _, sk := range res.Skipped {
		note.Skipped = append(note.Skipped, skippedInput{sk.Path, sk.Reason})
	}
	note.Annotated = len(res.Written)
	if err != nil {
		return nil, errors.New("批注副本未能全部生成：" + trimPaths(trimPaths(err.Error(), dir), job.Trim))
	}
	if note.Annotated == 0 {
		return nil, nil
	}
	return zipFolder(dir)
}

// zipFolder packs the files under dir with slash-separated names relative
// to it.
func zipFolder(dir string) ([]byte, error) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return addZip(zw, filepath.ToSlash(rel), data)
	})
	if err != nil {
		return nil, fmt.Errorf("打包批注副本失败：%w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("打包批注副本失败：%w", err)
	}
	return b.Bytes(), nil
}

// runScore makes the library call `qingdan score --format json` makes on
// the same roots, and builds what -o 排名.xlsx would write, in memory.
func (s *Server) runScore(ctx context.Context, roots []string, blank string, trim string, progress *runProgress) (*runResult, error) {
	c := s.cfg.Catalog
	if blank == "" {
		blank = string(scoring.BlankError)
	}
	b, err := scoring.ParseBlank(blank)
	if err != nil {
		return nil, userError{fmt.Errorf("空格处理方式%w", err)}
	}
	progress.set(phaseCheck, 0, 0)
	rep, err := scoring.Score(ctx, scoring.Request{Paths: roots, Catalog: c, Options: scoring.Options{Blank: b}, Jobs: s.cfg.Jobs,
		Progress: func(done, total int) { progress.set(phaseCheck, done, total) }})
	if err != nil {
		if ctx.Err() != nil {
			return nil, err
		}
		return nil, userError{fmt.Errorf("%s", trimPaths(err.Error(), trim))}
	}
	rep.Version = s.cfg.Version
	if trim != "" {
		for _, card := range rep.Cards {
			card.Path = trimPaths(card.Path, trim)
			trimFindings(card.Findings, trim)
		}
	}
	res := newRunResult()
	files := map[string][]byte{}
	if len(rep.Cards) > 0 {
		var ranking bytes.Buffer
		if err := scoring.WriteRanking(&ranking, rep.Cards, c); err != nil {
			return nil, fmt.Errorf("排名表未生成：%w", err)
		}
		files[fileRanking] = ranking.Bytes()
	}
	if res.Report, err = encodeJSON(rep); err != nil {
		return nil, err
	}
	res.done(files, nil)
	return res, nil
}

// groups lists the report's units with their files; without unit checks
// (files chosen one by one) the files are grouped by 单位 as the summary
// workbook groups them.
func groups(c *checklist.Catalog, r *checklist.Report) []unitGroup {
	units := r.Units
	if len(units) == 0 {
		units, _ = checklist.BuildUnits(c, r.Files, checklist.UnitOptions{FolderUnits: true})
	}
	out := []unitGroup{}
	for _, u := range units {
		out = append(out, unitGroup{Name: u.Name, Files: append([]string{}, u.Files...)})
	}
	return out
}

// trimReport removes the upload folder from every path the report holds,
// in its files, units and messages.
func trimReport(r *checklist.Report, dir string) {
	for i := range r.Files {
		r.Files[i].Path = trimPaths(r.Files[i].Path, dir)
		trimFindings(r.Files[i].Findings, dir)
	}
	for i := range r.Units {
		for j, f := range r.Units[i].Files {
			r.Units[i].Files[j] = trimPaths(f, dir)
		}
		for j, f := range r.Units[i].Scans {
			r.Units[i].Scans[j] = trimPaths(f, dir)
		}
		trimFindings(r.Units[i].Findings, dir)
	}
}

func trimFindings(fs []checklist.Finding, dir string) {
	for i := range fs {
		fs[i].File = trimPaths(fs[i].File, dir)
		fs[i].Message = trimPaths(fs[i].Message, dir)
	}
}

// trimPaths removes dir and its separator wherever it starts a path in s.
func trimPaths(s, dir string) string {
	if dir == "" {
		return s
	}
	return strings.ReplaceAll(s, dir+string(filepath.Separator), "")
}

// encodeJSON encodes as the CLI's --format json: two-space indent, <>&
// as written, a final newline.
func encodeJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("输出检查报告失败：%w", err)
	}
	return b.Bytes(), nil
}

// addZip adds one file, flagged UTF-8 so that Windows' Explorer shows the
// Chinese names.
func addZip(zw *zip.Writer, name string, data []byte) error {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Flags: 0x800})
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// userError is a run refused for its input (status 400), not a fault.
type userError struct{ error }

func (e userError) Unwrap() error { return e.error }
