package checklist

import (
	"context"
	"path/filepath"
	"testing"
)

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

func TestValidateMissingPath(t *testing.T) {
	_, err := Validate(context.Background(), Request{Inputs: []Input{{Path: filepath.Join(t.TempDir(), "无")}}})
	if err == nil {
		t.Fatal("no error for a path that does not exist")
	}
}
