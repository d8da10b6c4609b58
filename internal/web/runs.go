package web

import (
	"context"
	"net/http"
	"regexp"
	"sync"
)

// Phases of a run, as GET /api/progress reports them.
const (
	phaseUpload   = "upload" // files received so far
	phaseCheck    = "check"  // files read and checked of the total
	phaseDone     = "done"
	keptRuns      = 8 // finished runs whose downloads stay available
	maxLiveRuns   = 64
	runIDPattern  = `^[0-9a-f]{16,64}$`
	downloadPlain = "application/octet-stream"
)

var runIDRe = regexp.MustCompile(runIDPattern)

// runProgress is what the page polls while its request is running.
type runProgress struct {
	mu    sync.Mutex
	Phase string `json:"phase"`
	Done  int    `json:"done"`
	Total int    `json:"total"`
}

func (p *runProgress) set(phase string, done, total int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.Phase, p.Done, p.Total = phase, done, total
	p.mu.Unlock()
}

func (p *runProgress) snapshot() runProgress {
	p.mu.Lock()
	defer p.mu.Unlock()
	return runProgress{Phase: p.Phase, Done: p.Done, Total: p.Total}
}

// runResult is a finished run's report and downloads, kept in memory.
type runResult struct {
	Report []byte // the JSON body that was sent
	Groups []byte // the units and their files as JSON, for validate
	ready  chan struct{}
	files  map[string][]byte // download name → content, once ready
	notes  []byte            // outputsNote as JSON for validate, once ready
}

func newRunResult() *runResult { return &runResult{ready: make(chan struct{})} }

// done publishes the downloads.
func (r *runResult) done(files map[string][]byte, notes []byte) {
	r.files, r.notes = files, notes
	close(r.ready)
}

// wait blocks until the downloads are made; false when ctx ends first.
func (r *runResult) wait(ctx context.Context) bool {
	select {
	case <-r.ready:
		return true
	case <-ctx.Done():
		return false
	}
}

// runStore holds the progress of live runs and the last finished ones.
type runStore struct {
	mu       sync.Mutex
	live     map[string]*runProgress
	results  map[string]*runResult
	finished []string // oldest first
}

func newRunStore() *runStore {
	return &runStore{live: map[string]*runProgress{}, results: map[string]*runResult{}}
}

// start registers a run id; false when it is malformed, in use or too
// many runs are live.
func (s *runStore) start(id string) (*runProgress, bool) {
	if !runIDRe.MatchString(id) {
		return nil, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.live[id] != nil || s.results[id] != nil || len(s.live) >= maxLiveRuns {
		return nil, false
	}
	p := &runProgress{Phase: phaseUpload}
	s.live[id] = p
	return p, true
}

// finish keeps the result (nil when the run failed) and forgets the
// oldest beyond keptRuns.
func (s *runStore) finish(id string, res *runResult) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.live, id)
	if res == nil {
		return
	}
	s.results[id] = res
	s.finished = append(s.finished, id)
	for len(s.finished) > keptRuns {
		delete(s.results, s.finished[0])
		s.finished = s.finished[1:]
	}
}

func (s *runStore) progress(id string) (runProgress, bool) {
	s.mu.Lock()
	p, live := s.live[id]
	_, done := s.results[id]
	s.mu.Unlock()
	switch {
	case live:
		return p.snapshot(), true
	case done:
		return runProgress{Phase: phaseDone}, true
	}
	return runProgress{}, false
}

func (s *runStore) result(id string) *runResult {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.results[id]
}

func (s *Server) handleProgress(w http.ResponseWriter, r *http.Request) {
	p, ok := s.runs.progress(r.PathValue("run"))
	if !ok {
		writeError(w, http.StatusNotFound, "没有这次检查的记录")
		return
	}
	writeJSON(w, http.StatusOK, &p)
}

func (s *Server) handleRunReport(w http.ResponseWriter, r *http.Request) {
	res := s.runs.result(r.PathValue("run"))
	if res == nil {
		writeError(w, http.StatusNotFound, "这次检查的结果已不在内存中（只保留最近几次），请重新检查")
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(res.Report)
}

// handleGroups is GET /api/runs/{run}/groups: the units and their files.
func (s *Server) handleGroups(w http.ResponseWriter, r *http.Request) {
	res := s.runs.result(r.PathValue("run"))
	if res == nil || res.Groups == nil {
		writeError(w, http.StatusNotFound, "这次检查的结果已不在内存中（只保留最近几次），请重新检查")
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(res.Groups)
}

func (s *Server) handleRunFile(w http.ResponseWriter, r *http.Request) {
	res := s.runs.result(r.PathValue("run"))
	if res == nil {
		writeError(w, http.StatusNotFound, "这次检查的结果已不在内存中（只保留最近几次），请重新检查")
		return
	}
	if !res.wait(r.Context()) {
		return
	}
	name := r.PathValue("file")
	data, ok := res.files[name]
	if !ok {
		writeError(w, http.StatusNotFound, "没有这个下载文件："+name)
		return
	}
	sendFile(w, name, data)
}

// sendFile answers a download under its Chinese name (RFC 6266 filename*).
func sendFile(w http.ResponseWriter, name string, data []byte) {
	ct := downloadPlain
	switch {
	case hasExt(name, ".xlsx"):
		ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case hasExt(name, ".zip"):
		ct = "application/zip"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", contentDisposition(name))
	w.Write(data)
}
