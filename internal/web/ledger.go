package web

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"qingdan/checklist"
	"qingdan/checklist/ledger"
	"qingdan/checklist/publish"
	"qingdan/internal/calendar"
)

// Names of the downloads and fields of the 台账 and 公示 tabs.
const (
	fileLedgers       = "落实台账.zip"
	fileLedgerSummary = "台账汇总.xlsx"
	filePublish       = "公示版.zip"
	fieldAsOf         = "as_of"   // YYYY-MM-DD (ledger-check)
	fieldFrom         = "from"    // 公示期 start (publish)
	fieldTo           = "to"      // 公示期 end (publish)
	fieldContact      = "contact" // 监督联系方式 (publish)
)

// ledgerView is the answer of POST /api/ledger: every unit found, with
// its ledger or the findings that kept it from one.
type ledgerView struct {
	Units []ledgerUnit `json:"units"`
	// Refused are the validate reports of the files with errors.
	Refused []checklist.FileReport `json:"refused"`
}

type ledgerUnit struct {
	Name    string `json:"name"`
	File    string `json:"file,omitempty"` // the ledger's name in the zip
	Year    int    `json:"year,omitempty"`
	Tasks   int    `json:"tasks"`
	Talkers int    `json:"talkers"`
	Refused bool   `json:"refused"`
}

// handleLedger is POST /api/ledger: the lists of one or more units; the
// answer lists the ledgers `qingdan ledger` would write, zipped for download.
func (s *Server) handleLedger(w http.ResponseWriter, r *http.Request) {
	s.handleRun(w, r, func(up *upload, p *runProgress) (*runResult, func(), error) {
		res, err := s.runLedger(r.Context(), up, p, time.Now)
		return res, nil, err
	})
}

// runLedger makes the library calls `qingdan ledger ROOTS…` makes and
// zips the ledgers it would write.
func (s *Server) runLedger(ctx context.Context, up *upload, progress *runProgress, now func() time.Time) (*runResult, error) {
	c := s.cfg.Catalog
	files, err := checklist.CollectFiles(up.Roots(), checklist.CollectOptions{})
	if err != nil {
		return nil, userError{fmt.Errorf("%s", trimPaths(err.Error(), up.inputs))}
	}
	files = slices.DeleteFunc(files, ledger.IsLedgerFile)
	progress.set(phaseCheck, 0, len(files))
	plan, err := ledger.PlanFiles(ctx, c, files, s.cfg.Jobs)
	if err != nil {
		return nil, err
	}
	if len(plan.Units) == 0 && len(plan.Refused) == 0 {
		return nil, userError{fmt.Errorf("上传的文件中没有找到清单，请选择各单位的清单文件或文件夹")}
	}
	view := ledgerView{Units: []ledgerUnit{}, Refused: plan.Refused}
	if view.Refused == nil {
		view.Refused = []checklist.FileReport{}
	}
	for i := range view.Refused {
		view.Refused[i].Path = trimPaths(view.Refused[i].Path, up.inputs)
		trimFindings(view.Refused[i].Findings, up.inputs)
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, u := range plan.Units {
		year := u.Year
		if year == 0 {
			year = now().Year()
		}
		l := ledger.Build(c, u.Name, year, u.Lists)
		var wb bytes.Buffer
		if err := l.Write(&wb); err != nil {
			return nil, fmt.Errorf("%s 的台账未生成：%w", u.Name, err)
		}
		name := zipName(ledger.FileName(u.Name))
		if err := addZip(zw, name, wb.Bytes()); err != nil {
			return nil, err
		}
		view.Units = append(view.Units, ledgerUnit{Name: u.Name, File: name, Year: year, Tasks: len(l.Tasks), Talkers: len(l.Talkers)})
	}
	for _, name := range plan.RefusedUnits {
		view.Units = append(view.Units, ledgerUnit{Name: name, Refused: true})
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	res := newRunResult()
	if res.Report, err = encodeJSON(view); err != nil {
		return nil, err
	}
	downloads := map[string][]byte{}
	if len(plan.Units) > 0 {
		downloads[fileLedgers] = b.Bytes()
	}
	res.done(downloads, nil)
	return res, nil
}

// ledgerCheckJSON is `ledger check --format json`'s report.
type ledgerCheckJSON struct {
	Tool    string          `json:"tool"`
	Version string          `json:"version"`
	AsOf    string          `json:"as_of"`
	Files   []ledger.Result `json:"files"`
}

// handleLedgerCheck is POST /api/ledger-check: filled ledgers and an
// optional as_of date; the body is `ledger check --format json`'s report.
func (s *Server) handleLedgerCheck(w http.ResponseWriter, r *http.Request) {
	s.handleRun(w, r, func(up *upload, p *runProgress) (*runResult, func(), error) {
		res, err := s.runLedgerCheck(r.Context(), up, p, time.Now)
		return res, nil, err
	})
}

// runLedgerCheck makes the library calls `qingdan ledger check ROOTS…
// --as-of D --format json -o 台账汇总.xlsx` makes.
func (s *Server) runLedgerCheck(ctx context.Context, up *upload, progress *runProgress, now func() time.Time) (*runResult, error) {
	t := now()
	lo := ledger.Options{AsOf: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), Calendar: calendar.Default()}
	if v := strings.TrimSpace(up.Fields[fieldAsOf]); v != "" {
		d, ok := checklist.ParseDate(v)
		if !ok {
			return nil, userError{fmt.Errorf("检查日期“%s”不是日期，应写成 2017-10-20", v)}
		}
		lo.AsOf = d
	}
	files, err := checklist.CollectFiles(up.Roots(), checklist.CollectOptions{Exts: ledger.Exts})
	if err != nil {
		return nil, userError{fmt.Errorf("%s", trimPaths(err.Error(), up.inputs))}
	}
	if len(files) == 0 {
		return nil, userError{fmt.Errorf("上传的文件中没有台账（.xlsx、.xls、.et 或 .ods），请选择各单位填好的落实台账")}
	}
	done := 0
	progress.set(phaseCheck, 0, len(files))
	results, err := checklist.RunOrdered(ctx, len(files), s.cfg.Jobs, func(i int) ledger.Result {
		return ledger.CheckFile(files[i], lo)
	}, func(i int, p *checklist.Panic) ledger.Result {
		fr := checklist.PanicReport(files[i], p)
		return ledger.Result{Path: files[i], Findings: fr.Findings, Status: ledger.StatusRed, Counts: ledger.Counts{Errors: 1}}
	}, func(int) { done++; progress.set(phaseCheck, done, len(files)) })
	if err != nil {
		return nil, err
	}
	for i := range results {
		results[i].Path = trimPaths(results[i].Path, up.inputs)
		trimFindings(results[i].Findings, up.inputs)
	}
	res := newRunResult()
	if res.Report, err = encodeJSON(ledgerCheckJSON{Tool: "qingdan", Version: s.cfg.Version, AsOf: lo.AsOf.Format("2006-01-02"), Files: results}); err != nil {
		return nil, err
	}
	var summary bytes.Buffer
	if err := ledger.WriteSummary(&summary, results, lo.AsOf); err != nil {
		return nil, fmt.Errorf("台账汇总表未生成：%w", err)
	}
	res.done(map[string][]byte{fileLedgerSummary: summary.Bytes()}, nil)
	return res, nil
}

// publishView is the answer of POST /api/publish.
type publishView struct {
	Units []publishUnit `json:"units"`
}

type publishUnit struct {
	Name    string              `json:"name"`
	File    string              `json:"file,omitempty"` // the 公示版's name in the zip
	Refused []checklist.Finding `json:"refused"`
}

// handlePublish is POST /api/publish: lists, an optional 公示期 (from, to)
// and 监督联系方式 (contact); the 公示版 HTML files `qingdan publish --no-pdf`
// writes, zipped.
func (s *Server) handlePublish(w http.ResponseWriter, r *http.Request) {
	s.handleRun(w, r, func(up *upload, p *runProgress) (*runResult, func(), error) {
		res, err := s.runPublish(r.Context(), up, p, time.Now)
		return res, nil, err
	})
}

func (s *Server) runPublish(ctx context.Context, up *upload, progress *runProgress, now func() time.Time) (*runResult, error) {
	c := s.cfg.Catalog
	po, err := publishOptions(up.Fields, now)
	if err != nil {
		return nil, userError{err}
	}
	files, err := checklist.CollectFiles(up.Roots(), checklist.CollectOptions{})
	if err != nil {
		return nil, userError{fmt.Errorf("%s", trimPaths(err.Error(), up.inputs))}
	}
	progress.set(phaseCheck, 0, len(files))
	units, err := publish.PublicUnits(ctx, c, files, s.cfg.Jobs)
	if err != nil {
		if ctx.Err() != nil {
			return nil, err
		}
		return nil, userError{fmt.Errorf("%s", trimPaths(err.Error(), up.inputs))}
	}
	if len(units) == 0 {
		return nil, userError{fmt.Errorf("上传的文件中没有找到清单，请选择各单位的清单文件或文件夹")}
	}
	view := publishView{Units: []publishUnit{}}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	made := 0
	for _, u := range units {
		pu := publishUnit{Name: u.Name, Refused: slices.Clone(u.Refused)}
		if pu.Refused == nil {
			pu.Refused = []checklist.Finding{}
		}
		trimFindings(pu.Refused, up.inputs)
		if len(u.Refused) == 0 {
			page, err := publish.RenderPublic(c, u, po)
			if err != nil {
				return nil, fmt.Errorf("%s 的公示版未生成：%w", u.Name, err)
			}
			pu.File = publish.PublicFileName(u.Name) + ".html"
			if err := addZip(zw, pu.File, page); err != nil {
				return nil, err
			}
			made++
		}
		view.Units = append(view.Units, pu)
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	res := newRunResult()
	if res.Report, err = encodeJSON(view); err != nil {
		return nil, err
	}
	downloads := map[string][]byte{}
	if made > 0 {
		downloads[filePublish] = b.Bytes()
	}
	res.done(downloads, nil)
	return res, nil
}

// publishOptions reads the 公示期 and 监督联系方式 as publish's --from,
// --to and --contact: both dates or neither, in order.
func publishOptions(fields map[string]string, now func() time.Time) (publish.PublishOptions, error) {
	po := publish.PublishOptions{Contact: strings.TrimSpace(fields[fieldContact]), Year: now().Year()}
	from, to := strings.TrimSpace(fields[fieldFrom]), strings.TrimSpace(fields[fieldTo])
	if (from == "") != (to == "") {
		return po, fmt.Errorf("公示期的开始和结束日期要一起填写，或都不填")
	}
	if from == "" {
		return po, nil
	}
	f, err := checklist.ParseDeadline(from)
	if err != nil {
		return po, fmt.Errorf("公示期开始日期无效：%w", err)
	}
	t, err := checklist.ParseDeadline(to)
	if err != nil {
		return po, fmt.Errorf("公示期结束日期无效：%w", err)
	}
	if t.Before(f) {
		return po, fmt.Errorf("公示期结束日期（%s）早于开始日期（%s）", to, from)
	}
	po.From, po.To = f, t
	return po, nil
}

// zipName makes a name taken from a cell one file name in a zip: no
// folder separators, nothing Windows refuses.
func zipName(name string) string {
	return cleanRel(strings.NewReplacer("/", "_", `\`, "_").Replace(name))
}
