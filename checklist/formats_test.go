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

	"github.com/xuri/excelize/v2"
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

func readFixture(t *testing.T, rel string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(formatsDir, rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// withoutUnit is the 附件2 fixture with its 单位 cell emptied, so that the
// unit comes from where the file lies.
func withoutUnit(t *testing.T) string {
	t.Helper()
	f, err := excelize.OpenFile(filepath.Join(formatsDir, "missing", "principal-missing.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.SetCellValue("附件2", "B4", ""); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestValidateZipArchive: a zip holding two lists and a PDF is judged as a
// folder named after it; a member named ../x.xlsx stays a name, a nested
// archive is not opened, the scan counts for the unit.
func TestValidateZipArchive(t *testing.T) {
	dir := t.TempDir()
	archive := filepath.Join(dir, "某校.zip")
	data := zipOf(t,
		[2]string{"附件1.xlsx", readFixture(t, "xls/fujian1.xlsx")},
		[2]string{"附件2.xlsx", withoutUnit(t)},
		[2]string{"盖章件.pdf", "%PDF-1.4\n%stamped\n"},
		[2]string{"../x.xlsx", "not a workbook"},
		[2]string{"旧.zip", "PK\x03\x04"},
	)
	if err := os.WriteFile(archive, data, 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := Validate(context.Background(), Request{Inputs: []Input{{Path: archive}}, Converter: noLibreOffice})
	if err != nil {
		t.Fatal(err)
	}
	name := func(member string) string { return filepath.ToSlash(archive) + "/" + member }
	want := map[string]string{
		name("附件1.xlsx"): "",
		name("附件2.xlsx"): "missing-item",
		name("盖章件.pdf"):  CodeScanReceived,
		name("x.xlsx"):   CodeUnreadable,
		name("旧.zip"):    CodeUnreadable,
	}
	var got []string
	for _, fr := range rep.Files {
		got = append(got, fr.Path)
		code, ok := want[fr.Path]
		if !ok {
			t.Errorf("unexpected file %s", fr.Path)
			continue
		}
		if code != "" && !slices.ContainsFunc(fr.Findings, func(f Finding) bool { return f.Code == code }) {
			t.Errorf("%s: findings %+v, want %s", fr.Path, fr.Findings, code)
		}
		if code == CodeScanReceived && (!fr.Valid || fr.Findings[0].Severity != Info) {
			t.Errorf("a scan is not an error: %+v", fr)
		}
	}
	if len(got) != len(want) {
		t.Errorf("files %v, want %d", got, len(want))
	}
	var units []string
	for _, u := range rep.Units {
		units = append(units, u.Name)
	}
	// 附件1 names 示例学校; 附件2 names no unit and takes the archive's name, as a folder's.
	if !slices.Contains(units, "某校") || !slices.Contains(units, "示例学校") {
		t.Fatalf("units %v, want 某校 (from the archive's name) and 示例学校", units)
	}
	for _, u := range rep.Units {
		if u.Name == "某校" && !slices.Contains(u.Files, name("附件2.xlsx")) {
			t.Errorf("unit 某校 files %v", u.Files)
		}
	}
}

// scanInbox is an inbox of two schools: 甲 with a list and a stamped
// photo, 乙 with a list only, and a .pdf that is no PDF.
func scanInbox(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"甲中学/附件2.xlsx": withoutUnit(t),
		"甲中学/盖章.jpg":   "\xFF\xD8\xFF\xE0fake jpeg",
		"乙中学/附件2.xlsx": withoutUnit(t),
		"乙中学/盖章.pdf":   "PK\x03\x04 a zip named .pdf",
	}
	for rel, body := range files {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestScansAndRequireScan(t *testing.T) {
	root := scanInbox(t)
	for _, require := range []bool{false, true} {
		t.Run(fmt.Sprintf("require-scan %v", require), func(t *testing.T) {
			rep, err := Validate(context.Background(), Request{Inputs: []Input{{Path: root}}, RequireScan: require, Converter: noLibreOffice})
			if err != nil {
				t.Fatal(err)
			}
			units := map[string]UnitReport{}
			for _, u := range rep.Units {
				units[u.Name] = u
			}
			jia, yi := units["甲中学"], units["乙中学"]
			if len(jia.Scans) != 1 || !strings.HasSuffix(jia.Scans[0], "盖章.jpg") || len(yi.Scans) != 0 {
				t.Fatalf("scans 甲 %v 乙 %v, want the photo for 甲 only", jia.Scans, yi.Scans)
			}
			missing := func(u UnitReport) bool {
				return slices.ContainsFunc(u.Findings, func(f Finding) bool { return f.Code == CodeMissingScan && f.Severity == Warning })
			}
			if missing(jia) || missing(yi) != require {
				t.Errorf("missing-scan 甲 %v 乙 %v, want 乙 only with --require-scan", missing(jia), missing(yi))
			}
			for _, fr := range rep.Files {
				if strings.HasSuffix(fr.Path, "盖章.pdf") && (len(fr.Findings) != 1 || fr.Findings[0].Code != CodeUnreadable || !strings.Contains(fr.Findings[0].Message, "不是 PDF")) {
					t.Errorf("a .pdf that is no PDF: %+v", fr.Findings)
				}
			}
			var buf bytes.Buffer
			if err := WriteSummary(&buf, DefaultCatalog(), rep); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := f.GetRows("报送情况")
			if err != nil {
				t.Fatal(err)
			}
			col := slices.Index(rows[0], "盖章件")
			if col < 0 {
				t.Fatalf("报送情况 has no 盖章件 column: %v", rows[0])
			}
			marks := map[string]string{}
			for _, r := range rows[1:] {
				if len(r) > col {
					marks[r[1]] = r[col]
				} else {
					marks[r[1]] = ""
				}
			}
			if marks["甲中学"] != "盖章件已收到" || marks["乙中学"] != "" {
				t.Errorf("盖章件 column %v", marks)
			}
		})
	}
}

// TestArchivesAndLegacyWithoutLibreOffice: what cannot be opened says why
// and what to do.
func TestArchivesAndLegacyWithoutLibreOffice(t *testing.T) {
	tests := []struct {
		name, file, body string
		code, mention    string
	}{
		{"rar archive", "某校.rar", "Rar!\x1a\x07\x00", CodeUnsupportedFormat, "请解压后"},
		{"7z archive", "某校.7z", "7z\xbc\xaf\x27\x1c", CodeUnsupportedFormat, "请解压后"},
		{"zip that is a workbook renamed", "某校.zip", readFixture(t, "xls/fujian1.xlsx"), CodeUnreadable, "内容不是压缩包"},
		{"broken zip", "某校.zip", "PK\x03\x04broken", CodeUnreadable, "内容不是压缩包"},
		{"Word 97 without LibreOffice", "附件2.doc", string(grid.CFBSignature), CodeUnsupportedFormat, "另存为 .docx"},
		{"WPS document without LibreOffice", "附件2.wps", string(grid.CFBSignature), CodeUnsupportedFormat, "安装 LibreOffice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tt.file)
			if err := os.WriteFile(path, []byte(tt.body), 0o644); err != nil {
				t.Fatal(err)
			}
			fr := validateOne(t, Input{Path: path})
			if len(fr.Findings) != 1 || fr.Findings[0].Code != tt.code || !strings.Contains(fr.Findings[0].Message, tt.mention) {
				t.Errorf("findings %+v, want one %s mentioning %q", fr.Findings, tt.code, tt.mention)
			}
		})
	}
}

// libreOffice is the converter of the machine; without one the test is
// skipped, except in CI, which installs LibreOffice to test conversion.
func libreOffice(t *testing.T) *convert.Converter {
	t.Helper()
	conv, ok := convert.Find()
	if !ok {
		if os.Getenv("CI") != "" {
			t.Fatal("CI has no LibreOffice")
		}
		t.Skip("LibreOffice not installed")
	}
	return conv
}

// TestLegacyThroughLibreOffice: .doc and .wps files of a run go through one
// LibreOffice run and are judged like the .docx they came from, under their
// own names.
func TestLegacyThroughLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("runs LibreOffice")
	}
	conv := libreOffice(t)
	src := filepath.Join(formatsDir, "notice.docx")
	want := validateOne(t, Input{Path: src})
	docx, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	res, err := conv.Convert(context.Background(), []convert.Input{{Name: "notice.docx", Data: docx}}, "doc")
	if err != nil || res[0].Err != nil {
		t.Fatalf("making the .doc: %v %v", err, res[0].Err)
	}
	dir := t.TempDir()
	names := []string{"甲中学/附件2.doc", "乙中学/附件2.doc", "丙中学/附件2.wps"}
	for _, n := range names {
		p := filepath.Join(dir, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, res[0].Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The wrapper counts LibreOffice runs: the batch must take one.
	runs := filepath.Join(dir, "runs")
	wrapper := filepath.Join(t.TempDir(), "soffice")
	script := fmt.Sprintf("#!/bin/sh\necho run >> %q\nexec %q \"$@\"\n", runs, conv.Bin)
	if err := os.WriteFile(wrapper, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	counted := func() (*convert.Converter, bool) { return &convert.Converter{Bin: wrapper}, true }
	rep, err := Validate(context.Background(), Request{Inputs: []Input{{Path: dir}}, Converter: counted})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Files) != len(names) {
		t.Fatalf("%d files, want %d", len(rep.Files), len(names))
	}
	for _, fr := range rep.Files {
		if ext := filepath.Ext(fr.Path); ext != ".doc" && ext != ".wps" {
			t.Errorf("file named %s, want its own name", fr.Path)
		}
		if g, w := verdict(fr), verdict(want); g != w {
			t.Errorf("%s:\n%s\nwant (notice.docx):\n%s", fr.Path, g, w)
		}
	}
	log, err := os.ReadFile(runs)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(log), "run"); n != 1 {
		t.Errorf("%d LibreOffice runs for %d files, want 1", n, len(names))
	}
}

func TestCopyNamesOfInboxFormats(t *testing.T) {
	dir := t.TempDir()
	archive := filepath.Join(dir, "某校.zip")
	if err := os.WriteFile(archive, zipOf(t, [2]string{"附件1.xlsx", "x"}), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path, copy string
		archived   bool
	}{
		{"收件/附件1.doc", "收件/附件1.doc.docx", false},
		{"收件/附件1.wps", "收件/附件1.wps.docx", false},
		{"收件/附件1.et", "收件/附件1.et.xlsx", false},
		{"收件/附件1.csv", "收件/附件1.csv.xlsx", false},
		{filepath.Join(archive, "附件1.xlsx"), filepath.Join(archive, "附件1.xlsx"), true},
		{filepath.Join(dir, "某校.zip.d", "附件1.xlsx"), filepath.Join(dir, "某校.zip.d", "附件1.xlsx"), false},
	}
	for _, tt := range tests {
		if got := copyName(tt.path); got != tt.copy {
			t.Errorf("copyName(%s) = %s, want %s", tt.path, got, tt.copy)
		}
		if got := inArchive(tt.path); got != tt.archived {
			t.Errorf("inArchive(%s) = %v", tt.path, got)
		}
	}
}
