package web

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"qingdan/bench"
	"qingdan/checklist"
	"qingdan/checklist/forms"
)

const testToken = "0123456789abcdef0123456789abcdef"

func newTestServer(t *testing.T, cfg Config) *Server {
	t.Helper()
	cfg.Catalog = checklist.DefaultCatalog()
	cfg.Token = testToken
	cfg.Port = "8123"
	cfg.Version = "test"
	if cfg.TempDir == "" {
		cfg.TempDir = t.TempDir()
	}
	return New(cfg)
}

// part is one multipart field: a file when name is "file" or "roster".
type part struct{ name, filename, value string }

func multipartBody(t *testing.T, parts []part) (*bytes.Buffer, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, p := range parts {
		var err error
		if p.filename != "" {
			var w interface{ Write([]byte) (int, error) }
			w, err = mw.CreateFormFile(p.name, p.filename)
			if err == nil {
				_, err = w.Write([]byte(p.value))
			}
		} else {
			err = mw.WriteField(p.name, p.value)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return &b, mw.FormDataContentType()
}

func do(s *Server, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

func get(host, path string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, path, nil)
	r.Host = host
	return r
}

func errorOf(t *testing.T, w *httptest.ResponseRecorder) string {
	t.Helper()
	var e apiError
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil {
		t.Fatalf("body is not an error JSON: %v\n%s", err, w.Body)
	}
	return e.Error
}

func TestAccessIsRefused(t *testing.T) {
	s := newTestServer(t, Config{})
	tests := []struct {
		name   string
		req    *http.Request
		status int
		want   string
	}{
		{"the page with the token", get("127.0.0.1:8123", "/"+testToken+"/"), 200, ""},
		{"localhost with the token", get("localhost:8123", "/"+testToken+"/api/rules"), 200, ""},
		{"IPv6 loopback with the token", get("[::1]:8123", "/"+testToken+"/app.js"), 200, ""},
		{"no token", get("127.0.0.1:8123", "/"), 403, "访问口令"},
		{"no token on the API", get("127.0.0.1:8123", "/api/rules"), 403, "访问口令"},
		{"a wrong token", get("127.0.0.1:8123", "/0123456789abcdef0123456789abcdee/"), 403, "访问口令"},
		{"the token as a prefix", get("127.0.0.1:8123", "/"+testToken+"x/"), 403, "访问口令"},
		{"a rebinding host name", get("evil.example:8123", "/"+testToken+"/"), 403, "地址"},
		{"another port", get("127.0.0.1:9999", "/"+testToken+"/"), 403, "地址"},
		{"a LAN address without --listen", get("192.168.1.5:8123", "/"+testToken+"/"), 403, "地址"},
		{"no port", get("127.0.0.1", "/"+testToken+"/"), 403, "地址"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := do(s, tt.req)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
			if tt.want != "" && !strings.Contains(errorOf(t, w), tt.want) {
				t.Errorf("message %q lacks %q", errorOf(t, w), tt.want)
			}
			if w.Header().Get("Access-Control-Allow-Origin") != "" {
				t.Error("a CORS header was sent")
			}
		})
	}
}

func TestCrossSiteRequestsAreRefused(t *testing.T) {
	s := newTestServer(t, Config{})
	tests := []struct {
		name   string
		header map[string]string
		status int
	}{
		{"same origin", map[string]string{"Origin": "http://127.0.0.1:8123"}, 200},
		{"no origin (a link, curl)", nil, 200},
		{"another origin", map[string]string{"Origin": "http://evil.example"}, 403},
		{"a cross-site fetch", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := get("127.0.0.1:8123", "/"+testToken+"/api/rules")
			for k, v := range tt.header {
				r.Header.Set(k, v)
			}
			if w := do(s, r); w.Code != tt.status {
				t.Fatalf("status %d, want %d", w.Code, tt.status)
			}
		})
	}
	r := get("127.0.0.1:8123", "/"+testToken+"/api/validate")
	r.Method = http.MethodOptions
	r.Header.Set("Origin", "http://evil.example")
	if w := do(s, r); w.Code == 200 || w.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("a CORS preflight was answered: %d %v", w.Code, w.Header())
	}
}

func TestSharedHostsUnderListen(t *testing.T) {
	s := newTestServer(t, Config{Shared: true})
	name, _ := os.Hostname()
	tests := []struct {
		host string
		ok   bool
	}{
		{"192.168.1.5:8123", true},
		{"127.0.0.1:8123", true},
		{strings.ToLower(name) + ":8123", name != ""},
		{"evil.example:8123", false},
		{"192.168.1.5:80", false},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			w := do(s, get(tt.host, "/"+testToken+"/api/rules"))
			if (w.Code == 200) != tt.ok {
				t.Fatalf("status %d, want allowed=%v", w.Code, tt.ok)
			}
		})
	}
	if w := do(s, get("192.168.1.5:8123", "/api/rules")); w.Code != 403 {
		t.Errorf("--listen without the token: status %d, want 403", w.Code)
	}
}

func postRun(s *Server, path, run string, body *bytes.Buffer, ct string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, "/"+testToken+path+"?run="+run, body)
	r.Host = "127.0.0.1:8123"
	r.Header.Set("Content-Type", ct)
	return do(s, r)
}

func TestUploadCaps(t *testing.T) {
	tests := []struct {
		name  string
		cfg   Config
		parts []part
		want  string
	}{
		{"more bytes than the cap", Config{MaxBytes: 1000},
			[]part{{"file", "a.xlsx", strings.Repeat("x", 600)}, {"file", "b.xlsx", strings.Repeat("x", 600)}}, "合计超过"},
		{"one file over the cap", Config{MaxBytes: 1000},
			[]part{{"file", "a.xlsx", strings.Repeat("x", 1001)}}, "合计超过"},
		{"more files than the cap", Config{MaxFiles: 2},
			[]part{{"file", "a.xlsx", "x"}, {"file", "b.xlsx", "x"}, {"file", "c.xlsx", "x"}}, "最多上传 2 个文件"},
		{"a roster over the cap", Config{MaxBytes: 100},
			[]part{{"roster", "名单.csv", strings.Repeat("x", 200)}}, "合计超过"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmp := t.TempDir()
			tt.cfg.TempDir = tmp
			s := newTestServer(t, tt.cfg)
			body, ct := multipartBody(t, tt.parts)
			w := postRun(s, "/api/validate", "00112233445566778899", body, ct)
			if w.Code != http.StatusRequestEntityTooLarge {
				t.Fatalf("status %d, want 413: %s", w.Code, w.Body)
			}
			if msg := errorOf(t, w); !strings.Contains(msg, tt.want) || !strings.Contains(msg, "分批") && !strings.Contains(msg, "上限") {
				t.Errorf("message %q lacks %q", msg, tt.want)
			}
			if left, _ := os.ReadDir(tmp); len(left) != 0 {
				t.Errorf("the refused upload left %d entries in the temp folder", len(left))
			}
		})
	}
}

func TestUploadNamesStayNames(t *testing.T) {
	root := t.TempDir()
	tmp := filepath.Join(root, "tmp")
	if err := os.Mkdir(tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	s := newTestServer(t, Config{TempDir: tmp})
	body, ct := multipartBody(t, []part{
		{"path", "", "../../逃逸.xlsx"},
		{"path", "", "/etc/passwd.xlsx"},
		{"path", "", `..\..\C:\Windows\win.xlsx`},
		{"path", "", "上报材料/../../甲校/a.xlsx"},
		{"file", "x.xlsx", "not a workbook"},
		{"file", "y.xlsx", "not a workbook"},
		{"file", "z.xlsx", "not a workbook"},
		{"file", "w.xlsx", "not a workbook"},
	})
	w := postRun(s, "/api/validate", "00112233445566778899aa", body, ct)
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var rep checklist.Report
	if err := json.Unmarshal(w.Body.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range rep.Files {
		paths = append(paths, f.Path)
	}
	slices.Sort(paths)
	want := []string{"C_/Windows/win.xlsx", "etc/passwd.xlsx", "上报材料/甲校/a.xlsx", "逃逸.xlsx"}
	for i := range want {
		want[i] = filepath.FromSlash(want[i])
	}
	slices.Sort(want)
	if !slices.Equal(paths, want) {
		t.Errorf("report paths %q, want %q", paths, want)
	}
	s.Wait()
	entries, _ := os.ReadDir(root)
	if len(entries) != 1 {
		t.Errorf("files appeared beside the temp folder: %v", entries)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("the upload folder was not removed: %v", left)
	}
}

func TestCleanRel(t *testing.T) {
	tests := []struct{ in, want string }{
		{"上报材料/甲校/附件1.xlsx", "上报材料/甲校/附件1.xlsx"},
		{"../../a.xlsx", "a.xlsx"},
		{`a\b\c.xlsx`, "a/b/c.xlsx"},
		{"./a/./b.xlsx", "a/b.xlsx"},
		{"a/.../b.xlsx", "a/b.xlsx"},
		{"con?.xlsx", "con_.xlsx"},
		{"", "未命名"},
		{"../..", "未命名"},
		{"a\x00b.xlsx", "a_b.xlsx"},
	}
	for _, tt := range tests {
		if got := cleanRel(tt.in); got != tt.want {
			t.Errorf("cleanRel(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDuplicateUploadNamesAreNumbered(t *testing.T) {
	taken := map[string]bool{}
	var got []string
	for _, n := range []string{"a/附件1.xlsx", "a/附件1.xlsx", "A/附件1.XLSX", "b.xlsx"} {
		n = uniqueName(n, taken)
		taken[strings.ToLower(n)] = true
		got = append(got, n)
	}
	want := []string{"a/附件1.xlsx", "a/附件1 (2).xlsx", "A/附件1 (3).XLSX", "b.xlsx"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestRunIDs(t *testing.T) {
	s := newTestServer(t, Config{})
	body, ct := multipartBody(t, []part{{"file", "a.xlsx", "x"}})
	if w := postRun(s, "/api/validate", "../../etc", body, ct); w.Code != http.StatusConflict {
		t.Errorf("a malformed run id: status %d, want 409", w.Code)
	}
	body, ct = multipartBody(t, []part{{"file", "a.xlsx", "x"}})
	if w := postRun(s, "/api/validate", "aaaaaaaaaaaaaaaa", body, ct); w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	body, ct = multipartBody(t, []part{{"file", "a.xlsx", "x"}})
	if w := postRun(s, "/api/validate", "aaaaaaaaaaaaaaaa", body, ct); w.Code != http.StatusConflict {
		t.Errorf("a run id used twice: status %d, want 409", w.Code)
	}
	if w := do(s, get("127.0.0.1:8123", "/"+testToken+"/api/progress/aaaaaaaaaaaaaaaa")); !strings.Contains(w.Body.String(), `"done"`) {
		t.Errorf("progress of a finished run: %s", w.Body)
	}
	if w := do(s, get("127.0.0.1:8123", "/"+testToken+"/api/runs/aaaaaaaaaaaaaaaa/汇总.xlsx")); w.Code != 200 || !bytes.HasPrefix(w.Body.Bytes(), []byte("PK")) {
		t.Errorf("the summary download: status %d", w.Code)
	}
	if w := do(s, get("127.0.0.1:8123", "/"+testToken+"/api/runs/aaaaaaaaaaaaaaaa/..%2f..%2fetc%2fpasswd")); w.Code != 404 {
		t.Errorf("a download name with a path: status %d, want 404", w.Code)
	}
}

func TestFormsZip(t *testing.T) {
	s := newTestServer(t, Config{})
	tests := []struct {
		name   string
		query  string
		status int
	}{
		{"defaults", "", 200},
		{"year, unit and org", "?year=2017&unit=%E6%9F%90%E6%9F%90%E5%B0%8F%E5%AD%A6&org=" + url.QueryEscape(forms.Orgs[0]), 200},
		{"a bad year", "?year=17", 400},
		{"a bad org", "?org=xyz", 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := do(s, get("127.0.0.1:8123", "/"+testToken+"/api/forms"+tt.query))
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
			if tt.status != 200 {
				return
			}
			zr, err := zip.NewReader(bytes.NewReader(w.Body.Bytes()), int64(w.Body.Len()))
			if err != nil {
				t.Fatal(err)
			}
			var blank, example int
			for _, f := range zr.File {
				switch {
				case strings.HasPrefix(f.Name, formsBlankDir+"/") && strings.HasSuffix(f.Name, ".xlsx"):
					blank++
				case strings.HasPrefix(f.Name, formsExampleDir+"/") && strings.HasSuffix(f.Name, ".xlsx"):
					example++
				}
			}
			if blank != 5 || example != 5 {
				t.Errorf("%d blank forms and %d examples, want 5 and 5", blank, example)
			}
		})
	}
}

func TestBadChoicesAreRefusedInChinese(t *testing.T) {
	tests := []struct {
		name  string
		parts []part
		want  string
	}{
		{"a roster without 单位名称", []part{{"file", "a.xlsx", "x"}, {"roster", "名单.csv", "名称,人数\n一中,2\n"}}, "名单.csv"},
		{"a deadline that is no date", []part{{"file", "a.xlsx", "x"}, {"deadline", "", "明天"}}, "截止日期"},
		{"nothing chosen", []part{{"deadline", "", "2017-02-14"}}, "没有收到任何文件"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, Config{})
			body, ct := multipartBody(t, tt.parts)
			w := postRun(s, "/api/validate", "abcdefabcdefabcdef", body, ct)
			if w.Code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %s", w.Code, w.Body)
			}
			msg := errorOf(t, w)
			if !strings.Contains(msg, tt.want) || strings.Contains(msg, "qingdan-serve-") {
				t.Errorf("message %q: want %q and no temp folder", msg, tt.want)
			}
		})
	}
}

func TestProgressCountsTheFilesRead(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "上报材料")
	if err := bench.GenerateCorpus(checklist.DefaultCatalog(), dir, 7); err != nil {
		t.Fatal(err)
	}
	s := newTestServer(t, Config{Jobs: 2})
	p := &runProgress{}
	res, later, err := s.runValidate(context.Background(), validateJob{Roots: []string{dir}, Work: t.TempDir()}, p)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.snapshot(); got.Phase != phaseCheck || got.Done != 7 || got.Total != 7 {
		t.Errorf("progress after the run: %s %d/%d, want check 7/7", got.Phase, got.Done, got.Total)
	}
	later()
	if !res.wait(context.Background()) || res.files[fileSummary] == nil {
		t.Error("the summary was not made after the answer")
	}
}

func TestLedgerAndPublishEndpoints(t *testing.T) {
	s := newTestServer(t, Config{})
	list := part{"file", "附件1.xlsx", "not a workbook"}
	tests := []struct {
		name   string
		path   string
		parts  []part
		status int
		want   string
	}{
		{"ledger without the token", "/api/ledger", []part{list}, 403, "访问口令"},
		{"ledger-check without the token", "/api/ledger-check", []part{list}, 403, "访问口令"},
		{"publish without the token", "/api/publish", []part{list}, 403, "访问口令"},
		{"ledger with the token", "/api/ledger", []part{list}, 200, ""},
		{"ledger with no files", "/api/ledger", nil, 400, "没有收到任何文件"},
		{"ledger-check with a bad date", "/api/ledger-check", []part{list, {"as_of", "", "十月"}}, 400, "不是日期"},
		{"publish with one date of two", "/api/publish", []part{list, {"from", "", "2017-02-15"}}, 400, "一起填写"},
		{"publish with the dates reversed", "/api/publish", []part{list, {"from", "", "2017-02-21"}, {"to", "", "2017-02-15"}}, 400, "早于"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, ct := multipartBody(t, tt.parts)
			var w *httptest.ResponseRecorder
			if tt.status == 403 {
				r := httptest.NewRequest(http.MethodPost, tt.path, body)
				r.Host = "127.0.0.1:8123"
				r.Header.Set("Content-Type", ct)
				w = do(s, r)
			} else {
				w = postRun(s, tt.path, "", body, ct)
			}
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
			if tt.status == 200 {
				if !strings.Contains(w.Body.String(), `"refused"`) {
					t.Errorf("the answer is no ledger view: %s", w.Body)
				}
				return
			}
			if !strings.Contains(errorOf(t, w), tt.want) {
				t.Errorf("message %q lacks %q", errorOf(t, w), tt.want)
			}
		})
	}
}
