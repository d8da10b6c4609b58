package checklist

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"qingdan/internal/convert"
	"qingdan/internal/grid"
)

const formatsDir = "../testdata/formats"

// verdict is what must not depend on the format a list came in: its lists
// (kind, unit, person, date, items, tasks) and its findings (code,
// severity, item), positions left out.
func verdict(fr FileReport) string {
	var b strings.Builder
	for _, l := range fr.Lists {
		fmt.Fprintf(&b, "list %s 单位=%s 姓名=%s 日期=%s 事项=%v 任务=%d\n", l.Kind, l.Unit, l.Person, l.Date, l.Items, l.Tasks)
	}
	var fs []string
	for _, f := range fr.Findings {
		fs = append(fs, fmt.Sprintf("%s %s item=%s list=%d", f.Code, f.Severity, f.Item, f.List))
	}
	slices.Sort(fs)
	b.WriteString(strings.Join(fs, "\n"))
	return b.String()
}

func validateOne(t *testing.T, in Input) FileReport {
	t.Helper()
	rep, err := Validate(context.Background(), Request{Inputs: []Input{in}, Converter: noLibreOffice})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Files) != 1 {
		t.Fatalf("%d files, want 1", len(rep.Files))
	}
	return rep.Files[0]
}

func noLibreOffice() (*convert.Converter, bool) { return nil, false }

// TestSameVerdictWhateverTheFormat reads the fixtures LibreOffice, Gnumeric
// and python-docx wrote from one list and wants the verdict of the
// original: merged 责任名称, the 填报日期, hidden sheets left alone, and a
// missing item reported at the 责任名称 heading in the format's own terms.
func TestSameVerdictWhateverTheFormat(t *testing.T) {
	missing := filepath.Join(formatsDir, "missing")
	tests := []struct {
		name     string
		original string
		copies   []string
		// missingAt is where each copy (in order) must place missing-item; nil: none expected.
		missingAt []string
	}{
		{"附件2 with an item missing, from Excel to xls, ods and docx", filepath.Join(missing, "principal-missing.xlsx"),
			[]string{filepath.Join(missing, "principal-missing.xls"), filepath.Join(missing, "principal-missing.ods"), filepath.Join(missing, "principal-missing.docx")},
			[]string{"A5", "A5", "表1 第5行第1列"}},
		// Written from an older example (one requirement less planned): the two copies must agree.
		{"附件2 example saved by LibreOffice as ods and as docx", filepath.Join(formatsDir, "principal.ods"),
			[]string{filepath.Join(formatsDir, "principal.docx")}, nil},
		{"附件1 example saved as xls by LibreOffice and by Gnumeric", filepath.Join(formatsDir, "xls", "fujian1.xlsx"),
			[]string{filepath.Join(formatsDir, "xls", "lo-fujian1.xls"), filepath.Join(formatsDir, "xls", "gnumeric-fujian1.xls")}, nil},
		// No .xlsx original: python-docx wrote the Word layout; Writer's re-save must agree with it.
		{"notice layout from python-docx and its Writer re-save", filepath.Join(formatsDir, "notice.docx"),
			[]string{filepath.Join(formatsDir, "notice-resaved.docx")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := tt.original
			want := validateOne(t, Input{Path: orig})
			if len(want.Lists) == 0 {
				t.Fatalf("original %s has no list: %+v", orig, want.Findings)
			}
			for i, p := range tt.copies {
				got := validateOne(t, Input{Path: p})
				if g, w := verdict(got), verdict(want); g != w {
					t.Errorf("%s:\n%s\nwant (%s):\n%s", filepath.Base(p), g, filepath.Base(orig), w)
				}
				if tt.missingAt == nil {
					continue
				}
				j := slices.IndexFunc(got.Findings, func(f Finding) bool { return f.Code == "missing-item" })
				if j < 0 || got.Findings[j].Cell != tt.missingAt[i] {
					t.Errorf("%s: missing-item %+v, want it at %s", filepath.Base(p), got.Findings, tt.missingAt[i])
				}
			}
		})
	}
}

// gbkCSV writes a sheet of a book as a GBK .csv, as Excel on Chinese
// Windows saves one.
func gbkCSV(t *testing.T, path, sheet string) []byte {
	t.Helper()
	b, err := grid.ReadFile(path, grid.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	s := b.Sheet(sheet)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	for r := 1; r <= s.LastRow(); r++ {
		row := make([]string, s.Width())
		for c := range row {
			row[c] = s.Text(r, c+1)
		}
		if err := w.Write(row); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	out, err := simplifiedchinese.GBK.NewEncoder().Bytes(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestGBKCSVList: a list saved as .csv in GBK reads like its .xlsx. A csv
// has no merges, so a merged 责任名称 is written once and the rows below it
// are blank: the reader must carry it down as it does a merge.
func TestGBKCSVList(t *testing.T) {
	orig := filepath.Join(formatsDir, "missing", "principal-missing.xlsx")
	want := validateOne(t, Input{Path: orig})
	data := gbkCSV(t, orig, "附件2")
	if bytes.Contains(data, []byte("责任名称")) {
		t.Fatal("the fixture is not GBK")
	}
	dir := t.TempDir()
	for _, in := range []Input{{Name: "附件2.csv", Data: data}, {Path: filepath.Join(dir, "附件2.csv")}} {
		if in.Path != "" {
			if err := os.WriteFile(in.Path, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got := validateOne(t, in)
		if g, w := verdict(got), verdict(want); g != w {
			t.Errorf("%s:\n%s\nwant:\n%s", in.label(), g, w)
		}
		if j := slices.IndexFunc(got.Findings, func(f Finding) bool { return f.Code == "missing-item" }); j < 0 || got.Findings[j].Cell != "A5" {
			t.Errorf("%s: missing-item not at A5: %+v", in.label(), got.Findings)
		}
	}
}

// withFilePass turns an .xls into an encrypted one as the reader sees it:
// the record after the workbook's BOF becomes a FILEPASS of the same length.
func withFilePass(t *testing.T, data []byte) []byte {
	t.Helper()
	bof := []byte{0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00}
	i := bytes.Index(data, bof)
	if i < 0 {
		t.Fatal("no BIFF8 workbook BOF")
	}
	out := slices.Clone(data)
	next := i + 4 + 16
	out[next], out[next+1] = 0x2F, 0x00
	return out
}

// TestXLSRefusalsReachValidate: an encrypted .xls and an Excel 95 file are
// unreadable with a reason a clerk can act on, not unsupported.
func TestXLSRefusalsReachValidate(t *testing.T) {
	lo, err := os.ReadFile(filepath.Join(formatsDir, "xls", "lo-fujian1.xls"))
	if err != nil {
		t.Fatal(err)
	}
	biff7, err := os.ReadFile(filepath.Join(formatsDir, "xls", "gnumeric-biff7.xls"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		data    []byte
		mention string
	}{
		{"encrypted .xls", withFilePass(t, lo), "加密"},
		{"Excel 95 (BIFF7)", biff7, "5.0/95"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "附件1.xls")
			if err := os.WriteFile(path, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			fr := validateOne(t, Input{Path: path})
			if len(fr.Findings) != 1 || fr.Findings[0].Code != CodeUnreadable || !strings.Contains(fr.Findings[0].Message, tt.mention) {
				t.Errorf("findings %+v, want one unreadable mentioning %q", fr.Findings, tt.mention)
			}
		})
	}
}

// TestWordWithoutTable: a .docx holding only paragraphs says it has no table.
func TestWordWithoutTable(t *testing.T) {
	data := docxOf(t, `<w:p><w:r><w:t>附件2 领导班子主要负责人责任清单</w:t></w:r></w:p>`)
	fr := validateOne(t, Input{Name: "附件2.docx", Data: data})
	if len(fr.Findings) != 1 || fr.Findings[0].Code != CodeNoListFound || !strings.Contains(fr.Findings[0].Message, "Word 文件中没有表格") {
		t.Errorf("findings %+v, want no-list-found saying the Word file has no table", fr.Findings)
	}
}

// zipOf builds a zip archive of the named parts, in the order given.
func zipOf(t *testing.T, parts ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, p := range parts {
		f, err := w.Create(p[0])
		if err == nil {
			_, err = f.Write([]byte(p[1]))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// docxOf builds a .docx around body, the content of w:body.
func docxOf(t *testing.T, body string) []byte {
	t.Helper()
	return zipOf(t,
		[2]string{"[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		[2]string{"word/document.xml", `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body + `</w:body></w:document>`})
}
