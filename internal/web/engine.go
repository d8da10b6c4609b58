package web

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
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
	OutDir   string // a private folder for 汇总.xlsx and 退回
	// Trim is the folder the roots were uploaded into: removed from every
	// path in the report, so that paths read as the user's own.
	Trim string
}

// outputsNote says what the 退回 copies hold, as validate says on stderr.
type outputsNote struct {
	Groups    []unitGroup    `json:"groups"`
	Annotated int            `json:"annotated"`
	Skipped   []skippedInput `json:"skipped"`
	Error     string         `json:"error,omitempty"`
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
// pipeline: it does what `qingdan validate --format json -o 汇总.xlsx
// --annotate 退回` does on the same files, and returns the JSON report and
// the downloads.
func (s *Server) runValidate(job validateJob, progress *runProgress) (*runResult, error) {
	c := s.cfg.Catalog
	var deadline time.Time
	if job.Deadline != "" {
		d, err := checklist.ParseDeadline(job.Deadline)
		if err != nil {
			return nil, userError{fmt.Errorf("截止日期无效：%w", err)}
		}
		deadline = d
	}
	var roster *checklist.Roster
	if job.Roster != "" {
		r, err := checklist.ReadRoster(job.Roster)
		if err != nil {
			return nil, userError{fmt.Errorf("名单文件：%s", trimPaths(err.Error(), filepath.Dir(job.Roster)))}
		}
		roster = r
	}
	start := time.Now()
	files, err := checklist.CollectFiles(job.Roots, checklist.CollectOptions{AllowEmpty: roster != nil})
	if err != nil {
		return nil, userError{fmt.Errorf("%s", trimPaths(err.Error(), job.Trim))}
	}
	report := &checklist.Report{Tool: "qingdan", Version: s.cfg.Version, Rules: c.Version, Files: []checklist.FileReport{}}
	if s.cfg.RulesFile != "" {
		report.Rules = s.cfg.RulesFile
	}
	var done atomic.Int64
	progress.set(phaseCheck, 0, len(files))
	checked := checklist.RunOrdered(len(files), s.cfg.Jobs, func(i int) checklist.FileReport {
		fr := checklist.CheckWorkbook(c, checklist.ReadFile(c, files[i]))
		if late := checklist.LateFindings(fr, deadline); len(late) > 0 {
			fr.Findings = append(fr.Findings, late...)
			checklist.SortFindings(fr.Findings)
		}
		return fr
	}, func(i int, p *checklist.Panic) checklist.FileReport {
		return checklist.PanicReport(files[i], p)
	}, func(int) {
		progress.set(phaseCheck, int(done.Add(1)), len(files))
	})
	report.Files = append(report.Files, checked...)
	report.Units, report.Roster = checklist.BuildUnits(c, report.Files, checklist.UnitOptions{
		Roster:      roster,
		FolderUnits: anyFolder(job.Roots),
	})
	report.Tally()
	report.Stats.Seconds = time.Since(start).Seconds()

	progress.set(phaseOutputs, 0, 0)
	res := &runResult{Files: map[string][]byte{}}
	annotated := filepath.Join(job.OutDir, "退回")
	ar, aerr := checklist.Annotate(c, report, checklist.AnnotateOptions{Roots: job.Roots, OutDir: annotated, Jobs: s.cfg.Jobs})
	note := outputsNote{Annotated: len(ar.Written), Skipped: []skippedInput{}}
	for _, sk := range ar.Skipped {
		note.Skipped = append(note.Skipped, skippedInput{trimPaths(sk.Path, job.Trim), sk.Reason})
	}
	if aerr != nil {
		note.Error = trimPaths(aerr.Error(), job.OutDir)
	}
	if len(ar.Written) > 0 {
		z, err := zipFolder(annotated)
		if err != nil {
			return nil, fmt.Errorf("打包批注副本失败：%w", err)
		}
		res.Files[fileAnnotated] = z
	}
	if job.Trim != "" {
		trimReport(report, job.Trim)
	}
	note.Groups = groups(c, report)
	summary := filepath.Join(job.OutDir, fileSummary)
	if err := checklist.WriteSummary(c, report, summary, false); err != nil {
		return nil, fmt.Errorf("汇总表未生成：%w", err)
	}
	if res.Files[fileSummary], err = os.ReadFile(summary); err != nil {
		return nil, fmt.Errorf("汇总表未生成：%w", err)
	}
	if res.Report, err = encodeJSON(report); err != nil {
		return nil, err
	}
	if res.Notes, err = encodeJSON(note); err != nil {
		return nil, err
	}
	return res, nil
}

// runScore does what `qingdan score --format json -o 排名.xlsx` does on
// the same files.
func (s *Server) runScore(roots []string, blank string, outDir, trim string, progress *runProgress) (*runResult, error) {
	c := s.cfg.Catalog
	if blank == "" {
		blank = string(scoring.BlankError)
	}
	b, err := scoring.ParseBlank(blank)
	if err != nil {
		return nil, userError{fmt.Errorf("空格处理方式%w", err)}
	}
	inputs, err := scoring.CollectFiles(roots)
	if err != nil {
		return nil, userError{fmt.Errorf("%s", trimPaths(err.Error(), trim))}
	}
	progress.set(phaseCheck, 0, len(inputs))
	cards := scoring.ScoreAll(inputs, c, scoring.Options{Blank: b}, s.cfg.Jobs)
	rep := scoring.Summarize(cards)
	rep.Tool, rep.Version = "qingdan", s.cfg.Version
	if trim != "" {
		for _, card := range cards {
			card.Path = trimPaths(card.Path, trim)
			trimFindings(card.Findings, trim)
		}
	}
	res := &runResult{Files: map[string][]byte{}}
	if len(cards) > 0 {
		ranking := filepath.Join(outDir, fileRanking)
		if err := scoring.WriteRanking(ranking, cards, c, false); err != nil {
			return nil, fmt.Errorf("排名表未生成：%w", err)
		}
		if res.Files[fileRanking], err = os.ReadFile(ranking); err != nil {
			return nil, fmt.Errorf("排名表未生成：%w", err)
		}
	}
	if res.Report, err = encodeJSON(rep); err != nil {
		return nil, err
	}
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

// anyFolder reports whether a folder is among the roots: then the files
// are a unit's submission and unit checks run, as in validate.
func anyFolder(paths []string) bool {
	for _, p := range paths {
		if info, err := os.Stat(p); err == nil && info.IsDir() {
			return true
		}
	}
	return false
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
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
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
