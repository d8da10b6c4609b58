package checklist_test

// Tests of package checklist over the filled examples of checklist/forms,
// which imports checklist and so cannot be imported from inside it.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"qingdan/checklist"
	"qingdan/checklist/forms"
)

// TestOpenWorkbookKeepsTheExamples: the scan must not refuse what the
// office really receives, the five filled forms.
func TestOpenWorkbookKeepsTheExamples(t *testing.T) {
	for n := 1; n <= 5; n++ {
		f, err := forms.NewExampleWorkbook(checklist.DefaultCatalog(), n, forms.ExampleOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := f.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		f.Close()
		x, err := checklist.OpenWorkbook("示例.xlsx", buf.Bytes(), checklist.ExcelizeLimits)
		if err != nil {
			t.Fatalf("attachment %d refused: %v", n, err)
		}
		x.Close()
	}
}

func TestOpenInput(t *testing.T) {
	dir := t.TempDir()
	f, err := forms.NewExampleWorkbook(checklist.DefaultCatalog(), 1, forms.ExampleOptions{})
	if err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "附件1.xlsx")
	if err := f.SaveAs(good); err != nil {
		t.Fatal(err)
	}
	f.Close()
	empty := filepath.Join(dir, "空.xlsx")
	broken := filepath.Join(dir, "截断.xlsx")
	for p, data := range map[string]string{empty: "", broken: "PK\x03\x04 truncated"} {
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	opts := checklist.ExcelizeLimits
	tests := []struct {
		name       string
		path       string
		inputError string // "" when excelize's own error or none is wanted
		fails      bool
	}{
		{"a filled example opens", good, "", false},
		{"an empty file is refused before excelize", empty, "空的", true},
		{"a folder is refused before excelize", dir, "文件夹", true},
		{"a truncated zip is excelize's error", broken, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := checklist.OpenInput(tt.path, opts)
			if x != nil {
				x.Close()
			}
			if (err != nil) != tt.fails {
				t.Fatalf("error %v, want failure %v", err, tt.fails)
			}
			ie := (*checklist.InputError)(nil)
			if isInput := errors.As(err, &ie); isInput != (tt.inputError != "") || (isInput && !strings.Contains(ie.Reason, tt.inputError)) {
				t.Errorf("error %v, want an *InputError saying %q", err, tt.inputError)
			}
		})
	}
}

// exampleBytes is the documented example of one attachment, as written.
func exampleBytes(t *testing.T, attachment int, unit string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := forms.WriteExample(&buf, checklist.DefaultCatalog(), attachment, forms.ExampleOptions{Unit: unit}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// unitFolder writes a unit folder holding attachments 1 and 2 of the example.
func unitFolder(t *testing.T) (root string, files map[string][]byte) {
	t.Helper()
	root = t.TempDir()
	files = map[string][]byte{
		filepath.Join("甲中学", "附件1.xlsx"): exampleBytes(t, 1, "甲中学"),
		filepath.Join("甲中学", "附件2.xlsx"): exampleBytes(t, 2, "甲中学"),
	}
	for name, data := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root, files
}

func TestValidateInMemoryMatchesDisk(t *testing.T) {
	root, files := unitFolder(t)
	fixed := func() time.Time { return time.Date(2017, 2, 14, 0, 0, 0, 0, time.UTC) }
	disk, err := checklist.Validate(context.Background(), checklist.Request{Inputs: []checklist.Input{{Path: root}}, Now: fixed})
	if err != nil {
		t.Fatal(err)
	}
	var mem []checklist.Input
	for _, name := range []string{filepath.Join("甲中学", "附件1.xlsx"), filepath.Join("甲中学", "附件2.xlsx")} {
		mem = append(mem, checklist.Input{Name: filepath.Join(root, name), Data: files[name]})
	}
	upload, err := checklist.Validate(context.Background(), checklist.Request{Inputs: mem, Now: fixed})
	if err != nil {
		t.Fatal(err)
	}
	if disk.Stats != upload.Stats {
		t.Errorf("stats differ: disk %+v, memory %+v", disk.Stats, upload.Stats)
	}
	if len(disk.Units) != 1 || len(upload.Units) != 1 || disk.Units[0].Name != upload.Units[0].Name {
		t.Fatalf("units: disk %+v, memory %+v", disk.Units, upload.Units)
	}
	codes := func(r *checklist.Report) []string {
		var out []string
		for _, f := range r.Files {
			for _, x := range f.Findings {
				out = append(out, f.Path+" "+x.Code+" "+x.Cell)
			}
		}
		for _, x := range r.Units[0].Findings {
			out = append(out, x.Code)
		}
		return out
	}
	if !slices.Equal(codes(disk), codes(upload)) {
		t.Errorf("findings differ:\n disk   %v\n memory %v", codes(disk), codes(upload))
	}
	if !slices.Contains(codes(disk), checklist.CodeMissingList) {
		t.Errorf("a unit with two of four lists has no missing-list: %v", codes(disk))
	}
}

func TestValidateSkipsOutputsAndReportsProgress(t *testing.T) {
	root, _ := unitFolder(t)
	summary := filepath.Join(root, "汇总.xlsx")
	if err := os.WriteFile(summary, exampleBytes(t, 3, "甲中学"), 0o644); err != nil {
		t.Fatal(err)
	}
	var seen []int
	rep, err := checklist.Validate(context.Background(), checklist.Request{
		Inputs:   []checklist.Input{{Path: root}},
		Skip:     []string{summary},
		Jobs:     2,
		Progress: func(done, total int) { seen = append(seen, done*10+total) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Files) != 2 {
		t.Errorf("checked %d files, want 2 (the summary skipped)", len(rep.Files))
	}
	if !slices.Equal(seen, []int{12, 22}) {
		t.Errorf("progress (done*10+total) %v, want [12 22]", seen)
	}
}

func TestValidateCancelled(t *testing.T) {
	root, _ := unitFolder(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rep, err := checklist.Validate(ctx, checklist.Request{Inputs: []checklist.Input{{Path: root}}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if rep == nil || len(rep.Files) != 0 || len(rep.Units) != 0 {
		t.Fatalf("report %+v, want no files and no units", rep)
	}
}

// exampleWorkbook writes the shipped example of a kind and reads it back.
func exampleWorkbook(t *testing.T, c *checklist.Catalog, k checklist.Kind) *checklist.Workbook {
	t.Helper()
	path := filepath.Join(t.TempDir(), string(k)+".xlsx")
	if err := checklist.WriteFileAtomic(path, false, func(w io.Writer) error { return forms.WriteExample(w, c, c.Kind(k).Attachment, forms.ExampleOptions{}) }); err != nil {
		t.Fatal(err)
	}
	wb := checklist.ReadFile(c, path)
	if len(wb.Lists) != 1 {
		t.Fatalf("%d lists in the %s example", len(wb.Lists), k)
	}
	return wb
}

func TestShippedExamplesPlanEveryRequirement(t *testing.T) {
	c := checklist.DefaultCatalog()
	for _, k := range checklist.Kinds {
		t.Run(string(k), func(t *testing.T) {
			fr := checklist.CheckWorkbook(c, exampleWorkbook(t, c, k))
			if got := checklist.UnplannedOf(fr); len(got) > 0 {
				t.Errorf("requirement-unplanned on the shipped example: %v", got)
			}
			cov := fr.Lists[0].Requirements
			if len(cov.Unplanned) > 0 || len(cov.Planned) == 0 {
				t.Errorf("coverage %+v", cov)
			}
		})
	}
}

func TestRemovingTheQuarterlyReportLeavesItem1Line3Unplanned(t *testing.T) {
	c := checklist.DefaultCatalog()
	wb := exampleWorkbook(t, c, checklist.KindCollective)
	l := wb.Lists[0]
	before := len(l.Rows)
	l.Rows = slices.DeleteFunc(l.Rows, func(r checklist.Row) bool { return strings.Contains(r.Task.Value, "专题听取班子成员履行") })
	if len(l.Rows) != before-1 {
		t.Fatalf("removed %d rows, want 1", before-len(l.Rows))
	}
	fr := checklist.CheckWorkbook(c, wb)
	if got, want := checklist.UnplannedOf(fr), []string{"第1项第3条@A6#1"}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got := fr.Lists[0].Requirements.Unplanned; !slices.Equal(got, []string{"1.3"}) {
		t.Errorf("JSON unplanned = %v, want [1.3]", got)
	}
}

func TestStrictMakesUnplannedAWarning(t *testing.T) {
	c := checklist.DefaultCatalog()
	for _, strict := range []bool{false, true} {
		t.Run(fmt.Sprint("strict=", strict), func(t *testing.T) {
			wb := exampleWorkbook(t, c, checklist.KindSupervision)
			l := wb.Lists[0]
			for i := range l.Rows {
				if r := &l.Rows[i]; strings.Contains(r.Task.Value, "拟提拔干部") {
					r.Task.Value = "完善干部档案管理"
					for q := range r.Measures {
						r.Measures[q].Value = fmt.Sprintf("%d月底前整理档案1次", 3*(q+1))
					}
				}
			}
			fr := checklist.CheckWorkbookWith(c, wb, checklist.CheckOptions{Strict: strict})
			want := checklist.Info
			if strict {
				want = checklist.Warning
			}
			n := 0
			for _, f := range fr.Findings {
				if f.Code == checklist.CodeRequirementUnplanned {
					n++
					if f.Severity != want {
						t.Errorf("severity %s, want %s", f.Severity, want)
					}
				}
				if f.Code != checklist.CodeRequirementUnplanned && f.Severity == checklist.Warning {
					t.Errorf("--strict changed %s to a warning", f.Code)
				}
			}
			if n != 1 {
				t.Errorf("%d requirement-unplanned, want 1 (item 21 line 1)", n)
			}
		})
	}
}
