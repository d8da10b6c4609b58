package cmd

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// download fetches a run's file from the page.
func download(t *testing.T, page string, resp *http.Response, name string) []byte {
	t.Helper()
	r, err := http.Get(page + "api/runs/" + resp.Header.Get("X-Qingdan-Run") + "/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	if r.StatusCode != 200 {
		t.Fatalf("download %s: status %d: %s", name, r.StatusCode, b)
	}
	return b
}

// unzip returns the members of a zip by name.
func unzip(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	return out
}

// sheetRows reads every sheet of a workbook as text rows.
func sheetRows(t *testing.T, r io.Reader) map[string][][]string {
	t.Helper()
	f, err := excelize.OpenReader(r)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][][]string{}
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = rows
	}
	return out
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func sortedKeys(m map[string][]byte) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func TestServeLedgersAreTheCLIs(t *testing.T) {
	dir, _ := serveCorpus(t)
	page := startServe(t)
	out := filepath.Join(dir, "台账")
	run(t, "ledger", filepath.Join(dir, "上报材料"), "-o", out)
	want := dirNames(t, out)
	if len(want) == 0 {
		t.Fatal("the CLI wrote no ledger")
	}
	resp, body := uploadDir(t, page+"api/ledger", dir, "上报材料", nil, "")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	var view struct {
		Units []struct {
			Name, File string
			Tasks      int
			Refused    bool
		}
		Refused []struct{ Path string }
	}
	if err := json.Unmarshal(body, &view); err != nil {
		t.Fatal(err)
	}
	members := unzip(t, download(t, page, resp, "落实台账.zip"))
	if got := sortedKeys(members); !slices.Equal(got, want) {
		t.Fatalf("the zip holds %v, the CLI wrote %v", got, want)
	}
	for _, name := range want {
		cli, err := os.Open(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		wantRows := sheetRows(t, cli)
		cli.Close()
		gotRows := sheetRows(t, bytes.NewReader(members[name]))
		if len(gotRows["任务台账"]) < 2 {
			t.Errorf("%s: the 任务台账 sheet holds no task", name)
		}
		for sheet, rows := range wantRows {
			if !slices.EqualFunc(gotRows[sheet], rows, slices.Equal) {
				t.Errorf("%s: sheet %s differs from the CLI's", name, sheet)
			}
		}
	}
	generated, refused := 0, 0
	for _, u := range view.Units {
		if u.Refused {
			refused++
		} else if u.Tasks > 0 && u.File != "" {
			generated++
		}
	}
	if generated != len(want) {
		t.Errorf("the answer lists %d ledgers with tasks, the CLI wrote %d", generated, len(want))
	}
	// The corpus has defects: the answer must show the refusals the CLI prints.
	_, _, stderr := run(t, "ledger", filepath.Join(dir, "上报材料"), "-o", filepath.Join(dir, "again"))
	if strings.Contains(stderr, "未生成台账") != (refused > 0) || len(view.Refused) == 0 && refused > 0 {
		t.Errorf("refused units %d, refused files %d; the CLI said:\n%s", refused, len(view.Refused), stderr)
	}
	for _, f := range view.Refused {
		if strings.Contains(f.Path, dir) || strings.Contains(f.Path, "qingdan-serve-") {
			t.Errorf("a refused file names the server's folder: %s", f.Path)
		}
	}
}

func TestServeLedgerCheckGivesTheCLIsJSON(t *testing.T) {
	dir, _ := serveCorpus(t)
	page := startServe(t)
	run(t, "ledger", filepath.Join(dir, "上报材料"), "-o", filepath.Join(dir, "台账"))
	_, cli, _ := run(t, "ledger", "check", "--format", "json", "--as-of", "2017-10-20", filepath.Join(dir, "台账"))
	if !strings.Contains(cli, "task-overdue") {
		t.Fatalf("blank ledgers checked in October give no task-overdue; the comparison misses findings:\n%s", cli)
	}
	resp, web := uploadDir(t, page+"api/ledger-check", dir, "台账", map[string]string{"as_of": "2017-10-20"}, "")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, web)
	}
	if got, want := comparable(string(web), dir), comparable(cli, dir); got != want {
		t.Errorf("the page's JSON differs from the CLI's:\n%s", firstDiff(got, want))
	}
	summary := sheetRows(t, bytes.NewReader(download(t, page, resp, "台账汇总.xlsx")))
	cliSummary := filepath.Join(dir, "台账汇总.xlsx")
	run(t, "ledger", "check", "--as-of", "2017-10-20", filepath.Join(dir, "台账"), "-o", cliSummary)
	f, err := os.Open(cliSummary)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for sheet, rows := range sheetRows(t, f) {
		got := summary[sheet]
		// The 台账文件 columns hold the path the CLI was given.
		for _, r := range rows {
			for i := range r {
				r[i] = strings.ReplaceAll(r[i], dir+string(filepath.Separator), "")
			}
		}
		if !slices.EqualFunc(got, rows, slices.Equal) {
			t.Errorf("sheet %s of 台账汇总.xlsx differs from the CLI's", sheet)
		}
	}
}

func TestServePublishIsTheCLIs(t *testing.T) {
	dir, _ := serveCorpus(t)
	page := startServe(t)
	out := filepath.Join(dir, "公示")
	args := []string{"--from", "2017-02-15", "--to", "2017-02-21", "--contact", "监督电话：0000-1234567"}
	run(t, append([]string{"publish", filepath.Join(dir, "上报材料"), "-o", out, "--no-pdf"}, args...)...)
	want := dirNames(t, out)
	if len(want) == 0 {
		t.Fatal("the CLI wrote no 公示版")
	}
	resp, body := uploadDir(t, page+"api/publish", dir, "上报材料",
		map[string]string{"from": "2017-02-15", "to": "2017-02-21", "contact": "监督电话：0000-1234567"}, "")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	members := unzip(t, download(t, page, resp, "公示版.zip"))
	if got := sortedKeys(members); !slices.Equal(got, want) {
		t.Fatalf("the zip holds %v, the CLI wrote %v", got, want)
	}
	for _, name := range want {
		cli, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(members[name], cli) {
			t.Errorf("%s differs from the CLI's", name)
		}
		if !bytes.Contains(cli, []byte("监督电话：0000-1234567")) {
			t.Errorf("%s lacks the contact", name)
		}
	}
	var view struct {
		Units []struct {
			Name, File string
			Refused    []struct{ Code string }
		}
	}
	if err := json.Unmarshal(body, &view); err != nil {
		t.Fatal(err)
	}
	refused := 0
	for _, u := range view.Units {
		if len(u.Refused) > 0 {
			refused++
		}
	}
	if refused == 0 || refused+len(want) != len(view.Units) {
		t.Errorf("%d units, %d refused, %d published; the corpus has refused units", len(view.Units), refused, len(want))
	}
}
