package cmd

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"qingdan/bench"
	"qingdan/checklist"
)

// startServe runs serve without a browser until the test ends, with the
// given paths checked first, and returns the page's address.
func startServe(t *testing.T, paths ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan struct{})
	var out, errOut bytes.Buffer
	opts := &serveOptions{
		g:         &globalOptions{In: strings.NewReader(""), Out: &out, Err: &errOut},
		Paths:     paths,
		NoBrowser: true, MaxMB: 64,
		Open:    func(string) error { t.Error("the browser was opened with --no-browser"); return nil },
		Ready:   func(u string) { ready <- u },
		Context: ctx,
	}
	go func() {
		defer close(done)
		if err := runServe(opts); err != nil {
			t.Errorf("serve: %v", err)
			close(ready)
		}
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		if !strings.Contains(out.String(), "已停止") {
			t.Errorf("serve did not say it stopped:\n%s", out.String())
		}
	})
	u, ok := <-ready
	if !ok {
		t.Fatalf("serve did not start: %s", errOut.String())
	}
	return u
}

// serveCorpus writes a folder of lists from the project's corpus (four
// units, with defects and a 评分表 each), a file no reader takes, and a
// roster that misses one unit and names one that sent nothing.
func serveCorpus(t *testing.T) (dir, roster string) {
	t.Helper()
	dir = t.TempDir()
	if err := bench.GenerateCorpus(checklist.DefaultCatalog(), filepath.Join(dir, "上报材料"), 24); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "上报材料", "第2实验学校", "说明.pdf"), []byte("%PDF-1.4 not really"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A .rar is the inbox's one file no reader takes.
	if err := os.WriteFile(filepath.Join(dir, "上报材料", "第2实验学校", "全部材料.rar"), []byte("Rar!\x1a\x07\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	roster = filepath.Join(dir, "名单.csv")
	csv := "单位名称,简称,上级党组织,班子成员数\n第1实验学校,一校,区教育局党委,2\n第2实验学校,,区教育局党委,3\n第3实验学校,,城关镇党委,2\n第9实验学校,,城关镇党委,2\n"
	if err := os.WriteFile(roster, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, roster
}

// uploadDir posts every file under dir/sub with its path relative to dir,
// as the page does for a chosen folder, plus the extra fields.
func uploadDir(t *testing.T, url, dir, sub string, fields map[string]string, roster string) (*http.Response, []byte) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	var files []string
	filepath.WalkDir(filepath.Join(dir, sub), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	})
	for _, p := range files {
		rel, _ := filepath.Rel(dir, p)
		mw.WriteField("path", filepath.ToSlash(rel))
	}
	for _, p := range files {
		addFile(t, mw, "file", p)
	}
	if roster != "" {
		addFile(t, mw, "roster", roster)
	}
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, url, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func addFile(t *testing.T, mw *multipart.Writer, field, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	w, _ := mw.CreateFormFile(field, filepath.Base(path))
	w.Write(data)
}

var secondsRe = regexp.MustCompile(`"seconds": [0-9.e+-]+`)

// comparable drops what may differ between two runs on the same files:
// the seconds, and the folder the CLI was given.
func comparable(s, dir string) string {
	s = strings.ReplaceAll(s, dir+string(filepath.Separator), "")
	return secondsRe.ReplaceAllString(s, `"seconds": 0`)
}

func TestServeGivesTheCLIsJSON(t *testing.T) {
	dir, roster := serveCorpus(t)
	page := startServe(t)
	tests := []struct {
		name   string
		cli    []string
		api    string
		fields map[string]string
		roster string
	}{
		{"validate a folder with a roster and a deadline",
			[]string{"validate", "--format", "json", "--roster", roster, "--deadline", "2017-02-08", filepath.Join(dir, "上报材料")},
			"api/validate", map[string]string{"deadline": "2017-02-08", "run": "0123456789abcdef01"}, roster},
		{"validate strictly",
			[]string{"validate", "--format", "json", "--strict", filepath.Join(dir, "上报材料")},
			"api/validate", map[string]string{"strict": "1"}, ""},
		{"validate a folder alone",
			[]string{"validate", "--format", "json", filepath.Join(dir, "上报材料")},
			"api/validate", nil, ""},
		{"score a folder",
			[]string{"score", "--format", "json", filepath.Join(dir, "上报材料")},
			"api/score", nil, ""},
		{"score with blanks as zero",
			[]string{"score", "--format", "json", "--blank", "zero", filepath.Join(dir, "上报材料")},
			"api/score", map[string]string{"blank": "zero"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, cli, _ := run(t, tt.cli...)
			resp, web := uploadDir(t, page+tt.api, dir, "上报材料", tt.fields, tt.roster)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %s", resp.StatusCode, web)
			}
			if got, want := comparable(string(web), dir), comparable(cli, dir); got != want {
				t.Errorf("the page's JSON differs from the CLI's:\n%s", firstDiff(got, want))
			}
			if !strings.Contains(cli, "上报材料") {
				t.Fatalf("the CLI report names no file: %s", cli)
			}
		})
	}
	// The run's codes must show every kind of unit finding the test meant to cause.
	_, cli, _ := run(t, tests[0].cli...)
	for _, code := range []string{"not-submitted", "unknown-unit", "late", "unsupported-format", "scan-received"} {
		if !strings.Contains(cli, `"`+code+`"`) {
			t.Errorf("the corpus causes no %s finding; the comparison misses it", code)
		}
	}
}

// firstDiff shows the first line where two texts differ.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n page: %s\n cli:  %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("%d lines against %d", len(al), len(bl))
}

func TestServeOpensOnDroppedPaths(t *testing.T) {
	dir, _ := serveCorpus(t)
	folder := filepath.Join(dir, "上报材料")
	page := startServe(t, folder)
	base, id, ok := strings.Cut(page, "#run=")
	if !ok {
		t.Fatalf("the page %q does not open on the run", page)
	}
	resp, err := http.Get(base + "api/runs/" + id + "/report")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	web, _ := io.ReadAll(resp.Body)
	_, cli, _ := run(t, "validate", "--format", "json", folder)
	if got, want := comparable(string(web), ""), comparable(cli, ""); got != want {
		t.Errorf("the dropped folder's report differs from the CLI's:\n%s", firstDiff(got, want))
	}
}

func TestServeFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"a port out of range", []string{"serve", "--port", "70000", "--no-browser"}, "--port"},
		{"--port with --listen", []string{"serve", "--port", "8080", "--listen", "127.0.0.1:0", "--no-browser"}, "不能同时使用"},
		{"a path that does not exist", []string{"serve", "--no-browser", "没有这个文件夹"}, "路径不存在"},
		{"a bad --max-files", []string{"serve", "--max-files", "-1", "--no-browser"}, "--max-files"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := run(t, tt.args...)
			if code != exitUsage || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, tt.want)
			}
		})
	}
}

func TestExplorerArgs(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "附件1.xlsx")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		explorer bool
		want     []string
	}{
		{"a double-click runs serve", nil, true, []string{"serve"}},
		{"a folder dropped on the exe is checked in serve", []string{dir}, true, []string{"serve", dir}},
		{"files dropped on the exe are checked in serve", []string{file, dir}, true, []string{"serve", file, dir}},
		{"a shortcut with a command runs it", []string{"validate", dir}, true, []string{"validate", dir}},
		{"a terminal without arguments shows the help", nil, false, nil},
		{"a terminal with paths runs as typed", []string{dir}, false, []string{dir}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := explorerArgs(tt.args, tt.explorer); !slices.Equal(got, tt.want) {
				t.Errorf("explorerArgs(%q, %v) = %q, want %q", tt.args, tt.explorer, got, tt.want)
			}
		})
	}
}

func TestNoMousetrapSplash(t *testing.T) {
	if cobra.MousetrapHelpText != "" {
		t.Errorf("cobra's English splash is still on: %q", cobra.MousetrapHelpText)
	}
}
