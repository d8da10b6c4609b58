package checklist

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// exampleBytes is the documented example of one attachment, as written.
func exampleBytes(t *testing.T, attachment int, unit string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteExample(&buf, DefaultCatalog(), attachment, ExampleOptions{Unit: unit}); err != nil {
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
	disk, err := Validate(context.Background(), Request{Inputs: []Input{{Path: root}}, Now: fixed})
	if err != nil {
		t.Fatal(err)
	}
	var mem []Input
	for _, name := range []string{filepath.Join("甲中学", "附件1.xlsx"), filepath.Join("甲中学", "附件2.xlsx")} {
		mem = append(mem, Input{Name: filepath.Join(root, name), Data: files[name]})
	}
	upload, err := Validate(context.Background(), Request{Inputs: mem, Now: fixed})
	if err != nil {
		t.Fatal(err)
	}
	if disk.Stats != upload.Stats {
		t.Errorf("stats differ: disk %+v, memory %+v", disk.Stats, upload.Stats)
	}
	if len(disk.Units) != 1 || len(upload.Units) != 1 || disk.Units[0].Name != upload.Units[0].Name {
		t.Fatalf("units: disk %+v, memory %+v", disk.Units, upload.Units)
	}
	codes := func(r *Report) []string {
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
	if !slices.Contains(codes(disk), CodeMissingList) {
		t.Errorf("a unit with two of four lists has no missing-list: %v", codes(disk))
	}
}

func TestValidateInMemoryRefusals(t *testing.T) {
	tests := []struct {
		name string
		in   Input
		code string
	}{
		{"empty upload", Input{Name: "附件1.xlsx"}, CodeUnreadable},
		{"not a zip", Input{Name: "附件1.xlsx", Data: []byte("hello")}, CodeUnreadable},
		{"Word file that is no zip", Input{Name: "附件1.docx", Data: []byte("PK")}, CodeUnreadable},
		{"text file by name", Input{Name: "附件1.txt", Data: []byte("附件1")}, CodeUnsupportedFormat},
		{"over the size bound", Input{Name: "附件1.xlsx", Data: make([]byte, readLimits.MaxFileSize+1)}, CodeUnreadable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Validate(context.Background(), Request{Inputs: []Input{tt.in}})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Files) != 1 || len(rep.Files[0].Findings) != 1 || rep.Files[0].Findings[0].Code != tt.code {
				t.Fatalf("files %+v, want one %s finding", rep.Files, tt.code)
			}
			if got := rep.Files[0].Findings[0].File; got != tt.in.Name {
				t.Errorf("finding names %q, want %q", got, tt.in.Name)
			}
		})
	}
}

func TestValidateSkipsOutputsAndReportsProgress(t *testing.T) {
	root, _ := unitFolder(t)
	summary := filepath.Join(root, "汇总.xlsx")
	if err := os.WriteFile(summary, exampleBytes(t, 3, "甲中学"), 0o644); err != nil {
		t.Fatal(err)
	}
	var seen []int
	rep, err := Validate(context.Background(), Request{
		Inputs:   []Input{{Path: root}},
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
	rep, err := Validate(ctx, Request{Inputs: []Input{{Path: root}}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if rep == nil || len(rep.Files) != 0 || len(rep.Units) != 0 {
		t.Fatalf("report %+v, want no files and no units", rep)
	}
}

func TestValidateMissingPath(t *testing.T) {
	_, err := Validate(context.Background(), Request{Inputs: []Input{{Path: filepath.Join(t.TempDir(), "无")}}})
	if err == nil {
		t.Fatal("no error for a path that does not exist")
	}
}
