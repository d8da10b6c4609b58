package web

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"qingdan/checklist/forms"
)

// Response headers the page reads besides the JSON body, which is the
// CLI's report exactly.
const (
	headerRun = "X-Qingdan-Run"
)

// handleValidate is POST /api/validate: multipart files (with their
// relative paths in "path" fields), an optional roster, deadline and
// strict; the body of the answer is `validate --format json`'s report.
func (s *Server) handleValidate(w http.ResponseWriter, r *http.Request) {
	s.handleRun(w, r, func(up *upload, p *runProgress) (*runResult, func(), error) {
		return s.runValidate(r.Context(), validateJob{
			Roots: up.Roots(), Roster: up.Roster, Deadline: strings.TrimSpace(up.Fields[fieldDeadline]),
			Strict: isTrue(up.Fields[fieldStrict]), Trim: up.inputs, Work: up.dir,
		}, p)
	})
}

// handleScore is POST /api/score: multipart 评分表 files and an optional
// blank mode; the body is `score --format json`'s report.
func (s *Server) handleScore(w http.ResponseWriter, r *http.Request) {
	s.handleRun(w, r, func(up *upload, p *runProgress) (*runResult, func(), error) {
		res, err := s.runScore(r.Context(), up.Roots(), up.Fields[fieldBlank], up.inputs, p)
		return res, nil, err
	})
}

// runFunc runs a pipeline on an upload; later, when not nil, makes the
// downloads after the answer and before the upload is removed.
type runFunc func(up *upload, p *runProgress) (res *runResult, later func(), err error)

// handleRun reads the upload, runs the pipeline on it and answers with the
// report; the run id names its downloads. The upload is removed once the
// downloads are made.
func (s *Server) handleRun(w http.ResponseWriter, r *http.Request, run runFunc) {
	id := r.URL.Query().Get(fieldRun)
	if id == "" {
		id = NewToken()
	}
	progress, ok := s.runs.start(id)
	if !ok {
		writeError(w, http.StatusConflict, "检查编号无效或正在使用，请刷新页面后重试")
		return
	}
	res, later, err := s.runUpload(w, r, progress, run)
	s.runs.finish(id, res)
	if err != nil {
		code := http.StatusInternalServerError
		var big errTooLarge
		var bad userError
		switch {
		case errors.As(err, &big):
			code = http.StatusRequestEntityTooLarge
		case errors.As(err, &bad):
			code = http.StatusBadRequest
		}
		writeError(w, code, err.Error())
		return
	}
	w.Header().Set(headerRun, id)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(res.Report)
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	later()
}

// runUpload reads the upload and runs the pipeline; the func it returns
// makes the downloads and removes the upload, in the background.
func (s *Server) runUpload(w http.ResponseWriter, r *http.Request, progress *runProgress, run runFunc) (*runResult, func(), error) {
	up, err := s.readUpload(w, r, progress)
	if err != nil {
		return nil, nil, err
	}
	if len(up.Files) == 0 && up.Roster == "" {
		up.Close()
		return nil, nil, userError{errors.New("没有收到任何文件，请先选择文件或文件夹")}
	}
	res, later, err := run(up, progress)
	if err != nil {
		up.Close()
		return nil, nil, err
	}
	s.later.Add(1)
	return res, func() {
		go func() {
			defer s.later.Done()
			defer up.Close()
			if later != nil {
				later()
			}
		}()
	}, nil
}

// CheckPaths checks files and folders of this machine (dropped on
// qingdan.exe) as the page would, and returns the run id whose result the
// page opens on: URL(base) + "#run=" + id.
func (s *Server) CheckPaths(paths []string) (string, error) {
	work, err := os.MkdirTemp(s.cfg.TempDir, "qingdan-serve-")
	if err != nil {
		return "", fmt.Errorf("无法建立临时文件夹：%w", err)
	}
	id := NewToken()
	progress, _ := s.runs.start(id)
	res, later, err := s.runValidate(context.Background(), validateJob{Roots: paths, Work: work}, progress)
	s.runs.finish(id, res)
	if err != nil {
		os.RemoveAll(work)
		return id, err
	}
	s.later.Add(1)
	go func() {
		defer s.later.Done()
		defer os.RemoveAll(work)
		later()
	}()
	return id, nil
}

// isTrue reads a checkbox field.
func isTrue(v string) bool { return v == "1" || strings.EqualFold(v, "true") || v == "on" }

// handleOutputs is GET /api/runs/{run}/outputs: what the 退回 copies hold,
// once they are made.
func (s *Server) handleOutputs(w http.ResponseWriter, r *http.Request) {
	res := s.runs.result(r.PathValue("run"))
	if res == nil || res.Groups == nil {
		writeError(w, http.StatusNotFound, "这次检查的结果已不在内存中（只保留最近几次），请重新检查")
		return
	}
	if !res.wait(r.Context()) {
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(res.notes)
}

// handleForms is GET /api/forms?year=&unit=&org=: the five blank forms
// and the five filled examples in one zip, as `qingdan template` and
// `qingdan template --example` write them.
func (s *Server) handleForms(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	fo := forms.FormOptions{Unit: strings.TrimSpace(q.Get("unit")), Org: q.Get("org")}
	if y := strings.TrimSpace(q.Get("year")); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 1949 || n > 9999 {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("年度“%s”无效，应为四位年份，如 2017", y))
			return
		}
		fo.Year = n
	}
	if !forms.ValidOrg(fo.Org) {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("党组织类型“%s”无效，可选 %s", fo.Org, strings.Join(forms.Orgs, "、")))
		return
	}
	data, err := s.formsZip(fo)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "生成表格失败："+err.Error())
		return
	}
	sendFile(w, "清单表格.zip", data)
}

// Folders of the forms zip.
const (
	formsBlankDir   = "空白表格"
	formsExampleDir = "填写示例"
)

func (s *Server) formsZip(fo forms.FormOptions) ([]byte, error) {
	c := s.cfg.Catalog
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, example := range []bool{false, true} {
		o := fo
		o.Example = example
		dir := formsBlankDir
		if example {
			dir = formsExampleDir
		}
		for _, a := range forms.Attachments {
			var wb bytes.Buffer
			if err := forms.WriteForms(&wb, c, []int{a}, o); err != nil {
				return nil, err
			}
			if err := addZip(zw, dir+"/"+forms.FormFileName(c, a, o), wb.Bytes()); err != nil {
				return nil, err
			}
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func hasExt(name, ext string) bool { return strings.EqualFold(filepath.Ext(name), ext) }

// contentDisposition names a download in ASCII for old clients and in
// UTF-8 for the rest.
func contentDisposition(name string) string {
	return fmt.Sprintf(`attachment; filename="download%s"; filename*=UTF-8''%s`, filepath.Ext(name), url.PathEscape(name))
}
