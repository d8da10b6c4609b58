package checklist_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"qingdan/checklist"
	"qingdan/internal/grid"
	"qingdan/internal/hostile"
)

// TestCollectFilesSurvivesHostileFolder walks a folder holding the whole
// bad-input corpus: links that loop or dangle are taken (the reader says
// why they cannot be read), a FIFO and a folder named x.xlsx are not, a
// link back up the tree is not followed, and every file taken reads, from
// the zip or through excelize, to findings without a panic.
func TestCollectFilesSurvivesHostileFolder(t *testing.T) {
	dir := t.TempDir()
	cases := hostile.Write(t, dir)
	files, err := checklist.CollectFiles([]string{dir}, checklist.CollectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c := checklist.DefaultCatalog()
	for _, hc := range cases {
		taken := slices.Contains(files, hc.Path)
		switch hc.Name {
		case hostile.FIFO, hostile.Directory, hostile.SymlinkLoop:
			if taken {
				t.Errorf("%s: %s collected", hc.Name, hc.Path)
			}
		default:
			if !taken && slices.Contains(checklist.OfficeExts, strings.ToLower(filepath.Ext(hc.Path))) {
				t.Errorf("%s: %s not collected", hc.Name, hc.Path)
			}
		}
	}
	loop := filepath.Join(dir, "循环")
	var inLoop []string
	for _, p := range files {
		if strings.HasPrefix(p, loop) {
			rel, _ := filepath.Rel(loop, p)
			inLoop = append(inLoop, filepath.ToSlash(rel))
		}
	}
	if want := []string{"a.xlsx", "b.xlsx", "子目录/附件1.xlsx"}; !slices.Equal(inLoop, want) {
		t.Errorf("in the looping folder got %v, want %v", inLoop, want)
	}
	for _, p := range files {
		wb := checklist.ReadFile(c, p)
		if wb == nil {
			t.Fatalf("ReadFile(%s) = nil", p)
		}
		findings := wb.Findings
		// The excelize path, as annotating a copy opens the file again: it opens or refuses, never panics.
		if x, err := checklist.OpenInput(p, excelize.Options{UnzipSizeLimit: 64 << 20, UnzipXMLSizeLimit: 32 << 20}); err == nil {
			x.Close()
		}
		for _, f := range findings {
			if f.File != p || f.Message == "" {
				t.Errorf("%s: finding %+v does not name the file or say why", p, f)
			}
			if strings.Contains(f.Message, "内部错误") {
				t.Errorf("%s: panic inside the reader: %s", p, f.Message)
			}
		}
	}
}

func TestCollectFilesEmptyFolderNamedLikeAWorkbook(t *testing.T) {
	dir := t.TempDir()
	var folder string
	for _, hc := range hostile.Write(t, dir) {
		if hc.Name == hostile.Directory {
			folder = hc.Path
		}
	}
	_, err := checklist.CollectFiles([]string{folder}, checklist.CollectOptions{})
	if err == nil || !strings.Contains(err.Error(), folder) || !strings.Contains(err.Error(), "文件夹") {
		t.Errorf("error %v, want one naming the folder %s", err, folder)
	}
}

// TestReadRosterRefusesHostileFiles gives ReadRoster each bad input of the
// corpus, and the FIFO also under a .csv name: each is refused with an
// error naming the file, within seconds; what the submission reader
// refuses comes back as a *grid.Error.
func TestReadRosterRefusesHostileFiles(t *testing.T) {
	dir := t.TempDir()
	cases := hostile.Write(t, dir)
	inputErrors := map[string]bool{
		hostile.Empty: true, hostile.RandomBytes: true, hostile.RenamedXLS: true, hostile.Encrypted: true,
		hostile.Directory: true, hostile.FIFO: true, hostile.DanglingLink: true,
	}
	for _, hc := range cases {
		if hc.Good || hc.Name == hostile.SymlinkLoop {
			continue
		}
		paths := []string{hc.Path}
		if hc.Name == hostile.FIFO {
			csvLink := filepath.Join(dir, "名单.csv")
			if err := os.Symlink(hc.Path, csvLink); err != nil {
				t.Fatal(err)
			}
			paths = append(paths, csvLink)
		}
		for _, p := range paths {
			t.Run(hc.Name+"/"+filepath.Ext(p), func(t *testing.T) {
				// A hang (the FIFO) is caught by go test's -timeout, which names the test.
				_, err := checklist.ReadRoster(p)
				if err == nil || !strings.Contains(err.Error(), p) {
					t.Fatalf("error %v, want one naming %s", err, p)
				}
				if ge := (*grid.Error)(nil); inputErrors[hc.Name] && !errors.As(err, &ge) {
					t.Errorf("error %v is no *grid.Error", err)
				}
			})
		}
	}
}
