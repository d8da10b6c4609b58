// Package web is the local web page of `qingdan serve`: the same checking,
// scoring and forms as the commands, for people who will not open a
// terminal. Every request carries a random token in its path and a Host
// this server answers to; the page and its scripts are embedded.
package web

import (
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path"
	"strings"
	"sync"

	"qingdan/checklist"
)

//go:embed page
var pageFS embed.FS

// Default caps on one upload.
const (
	DefaultMaxFiles = 2000
	DefaultMaxBytes = 512 << 20
)

// Config is everything the server needs.
type Config struct {
	Catalog   *checklist.Catalog
	RulesFile string // --rules, shown as the report's rules like the CLI does
	Version   string
	Token     string // the secret path segment; NewToken makes one
	// Port is the port the page is reached on; Host headers must name it.
	Port string
	// Shared is set by --listen: then any IP literal or this machine's name
	// is a valid Host, not only loopback.
	Shared   bool
	MaxFiles int   // files in one upload; 0 means DefaultMaxFiles
	MaxBytes int64 // bytes in one upload; 0 means DefaultMaxBytes
	Jobs     int   // files checked at once; 0 means all cores
	TempDir  string
}

// Server answers the page and its API.
type Server struct {
	cfg  Config
	mux  *http.ServeMux
	runs *runStore

	hostOnce sync.Once
	hostname string
	// later counts the downloads still being made after their answers.
	later sync.WaitGroup
}

// NewToken returns 128 random bits in hex, the secret of one server run.
func NewToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// New builds the server; cfg.Catalog and cfg.Token must be set.
func New(cfg Config) *Server {
	if cfg.MaxFiles <= 0 {
		cfg.MaxFiles = DefaultMaxFiles
	}
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = DefaultMaxBytes
	}
	s := &Server{cfg: cfg, mux: http.NewServeMux(), runs: newRunStore()}
	static, _ := fs.Sub(pageFS, "page")
	files := http.FileServer(http.FS(static))
	s.mux.Handle("GET /{$}", files)
	s.mux.Handle("GET /app.js", files)
	s.mux.Handle("GET /style.css", files)
	s.mux.HandleFunc("POST /api/validate", s.handleValidate)
	s.mux.HandleFunc("POST /api/score", s.handleScore)
	s.mux.HandleFunc("POST /api/ledger", s.handleLedger)
	s.mux.HandleFunc("POST /api/ledger-check", s.handleLedgerCheck)
	s.mux.HandleFunc("POST /api/publish", s.handlePublish)
	s.mux.HandleFunc("GET /api/forms", s.handleForms)
	s.mux.HandleFunc("GET /api/rules", s.handleRules)
	s.mux.HandleFunc("GET /api/progress/{run}", s.handleProgress)
	s.mux.HandleFunc("GET /api/runs/{run}/report", s.handleRunReport)
	s.mux.HandleFunc("GET /api/runs/{run}/outputs", s.handleOutputs)
	s.mux.HandleFunc("GET /api/runs/{run}/groups", s.handleGroups)
	s.mux.HandleFunc("GET /api/runs/{run}/{file}", s.handleRunFile)
	return s
}

// Wait blocks until the downloads of answered runs are made and their
// uploads removed; serve calls it after the last request.
func (s *Server) Wait() { s.later.Wait() }

// URL is the address to open: the base with the token path.
func (s *Server) URL(base string) string { return base + "/" + s.cfg.Token + "/" }

// ServeHTTP checks Host, token and origin before anything else runs.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
	if !s.hostAllowed(r.Host) {
		writeError(w, http.StatusForbidden, "拒绝访问：地址不是本机的 qingdan 页面。请使用 qingdan serve 显示的网址")
		return
	}
	rest, ok := s.stripToken(r.URL.Path)
	if !ok {
		writeError(w, http.StatusForbidden, "拒绝访问：网址缺少或带错了访问口令。请使用 qingdan serve 显示的完整网址")
		return
	}
	// A page of another site may not drive this one, whatever it knows.
	if site := r.Header.Get("Sec-Fetch-Site"); site == "cross-site" {
		writeError(w, http.StatusForbidden, "拒绝访问：不接受其他网站发来的请求")
		return
	}
	if origin := r.Header.Get("Origin"); origin != "" && origin != "http://"+r.Host {
		writeError(w, http.StatusForbidden, "拒绝访问：不接受其他网站发来的请求")
		return
	}
	// A path with dot segments names nothing here; never redirect it out of the token.
	if clean := path.Clean(rest); clean != rest && clean+"/" != rest {
		writeError(w, http.StatusNotFound, "没有这个页面")
		return
	}
	r2 := r.Clone(r.Context())
	r2.URL.Path = rest
	r2.URL.RawPath = ""
	s.mux.ServeHTTP(w, r2)
}

// stripToken checks the first path segment against the token in constant
// time and returns the rest of the path.
func (s *Server) stripToken(urlPath string) (string, bool) {
	seg, rest, found := strings.Cut(strings.TrimPrefix(urlPath, "/"), "/")
	if !found || subtle.ConstantTimeCompare([]byte(seg), []byte(s.cfg.Token)) != 1 {
		return "", false
	}
	return "/" + rest, true
}

// hostAllowed refuses a Host that a DNS-rebinding page would send: on
// loopback only 127.0.0.1, [::1] and localhost with our port; with
// --listen also IP literals and this machine's own name.
func (s *Server) hostAllowed(hostport string) bool {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil || port != s.cfg.Port {
		return false
	}
	host = strings.ToLower(host)
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	if ip != nil && ip.IsLoopback() {
		return true
	}
	if !s.cfg.Shared {
		return false
	}
	if ip != nil {
		return true
	}
	s.hostOnce.Do(func() {
		name, _ := os.Hostname()
		s.hostname = strings.ToLower(name)
	})
	short, _, _ := strings.Cut(s.hostname, ".")
	return s.hostname != "" && (host == s.hostname || host == short || strings.HasPrefix(host, short+"."))
}

// apiError is the body of every refusal: one Chinese sentence.
type apiError struct {
	Error string `json:"error"`
}

func writeError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, apiError{msg})
}

// writeJSON encodes as the CLI's --format json does: indented, with <>&
// left as written.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}
