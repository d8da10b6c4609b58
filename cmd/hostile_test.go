package cmd

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"qingdan/checklist"
	"qingdan/checklist/forms"
	"qingdan/internal/hostile"
)

// runNoPanic runs the command line like run, failing the test when it
// panics. A command that hangs on a hostile input is caught by go test's
// -timeout, which prints every goroutine's stack: no test here measures
// how long a command takes.
func runNoPanic(t *testing.T, args ...string) (code int, out, errOut string) {
	t.Helper()
	defer func() {
		if p := recover(); p != nil {
			t.Fatalf("qingdan %s panicked: %v", strings.Join(args, " "), p)
		}
	}()
	return run(t, args...)
}

// hostileWant is what a command must say about one corpus case: the exit
// code, and unless the command itself fails (exit 2) the finding code on
// the named file with a piece of its Chinese message. An empty code means
// the file is good and has no error.
type hostileWant struct {
	exit    int
	code    string
	message string
}

// validateHostile is what validate says about each case named on its own.
var validateHostile = map[string]hostileWant{
	hostile.Empty:          {1, checklist.CodeUnreadable, "文件是空的"},
	hostile.RandomBytes:    {1, checklist.CodeUnreadable, "不是有效的 Excel 工作簿"},
	hostile.TruncatedZip:   {1, checklist.CodeUnreadable, "损坏或不完整"},
	hostile.LegacyXLS:      {1, checklist.CodeUnreadable, "另存为 .xlsx"},
	hostile.RenamedXLS:     {1, checklist.CodeUnreadable, "旧版 .xls 格式"},
	hostile.Encrypted:      {1, checklist.CodeUnreadable, "文件已加密"},
	hostile.ZipBomb:        {1, checklist.CodeUnreadable, "解压后过大"},
	hostile.LyingZip:       {1, checklist.CodeUnreadable, "可能已损坏"},
	hostile.Directory:      {2, "", "没有找到"},
	hostile.HugeSheet:      {1, checklist.CodeUnreadable, "工作表过大"},
	hostile.HugeCell:       {1, checklist.CodeCellTooLong, "单元格内容过长"},
	hostile.ManySheets:     {0, "", ""},
	hostile.SparseWide:     {1, "missing-item", "缺少"},
	hostile.FormulaBomb:    {0, checklist.CodeScorecardSkipped, "是评分表"},
	hostile.Unreadable:     {1, checklist.CodeUnreadable, "无法打开"},
	hostile.DanglingLink:   {2, "", "路径不存在"},
	hostile.FIFO:           {1, checklist.CodeUnreadable, "不是普通文件"},
	hostile.SymlinkLoop:    {1, checklist.CodeUnreadable, "无法打开"},
	hostile.OddNames:       {0, "", ""},
	hostile.OddNamesScored: {0, checklist.CodeScorecardSkipped, "是评分表"},
	// The attacks of issue 14: each refused naming its limit, or read in
	// bounded work and judged. .xls, .ods and .docx are not lists yet.
	hostile.SameSheetPart:   {1, checklist.CodeUnreadable, "指向同一份数据"},
	hostile.DuplicateMerges: {1, "missing-date", "填报日期"},
	hostile.StackedLists:    {1, "missing-date", "填报日期"},
	hostile.LongSharedText:  {1, checklist.CodeUnreadable, "文件中的文字共超过 4 MB"},
	hostile.WideRows:        {1, "missing-date", "填报日期"},
	hostile.CaseTwinParts:   {1, checklist.CodeUnreadable, "两个同名部件"},
	hostile.UnclosedXML:     {1, checklist.CodeUnreadable, "XML 结构不完整"},
	hostile.OversizedPart:   {1, checklist.CodeUnreadable, "解压后超过 32 MB"},
	hostile.ManyMembers:     {1, checklist.CodeUnreadable, "上限 10000 个"},
	hostile.NestedZip:       {1, checklist.CodeUnreadable, "工作表无法读取"},
	hostile.DotDotNames:     {1, checklist.CodeUnreadable, "数据缺失"},
	hostile.BIFFLyingLength: {1, checklist.CodeUnreadable, "数据被截断"},
	hostile.BIFFLyingSST:    {1, checklist.CodeUnreadable, "不存在的共享字符串"},
	hostile.CFBLoop:         {1, checklist.CodeUnreadable, "已损坏"},
	hostile.ODSBillionCols:  {1, checklist.CodeUnreadable, "500000 个非空单元格"},
	hostile.DocxGridSpan:    {1, checklist.CodeNoListFound, "Word 文件中没有哪个表格"},
	hostile.DocxVMerge:      {1, checklist.CodeNoListFound, "Word 文件中没有哪个表格"},
}

// scoreHostile is what score says about each case named on its own.
var scoreHostile = map[string]hostileWant{
	hostile.Empty:           {1, "unreadable", "文件是空的"},
	hostile.RandomBytes:     {1, "unreadable", "不是有效的 Excel 工作簿"},
	hostile.TruncatedZip:    {1, "unreadable", "已损坏"},
	hostile.LegacyXLS:       {1, "unreadable", "另存为"},
	hostile.RenamedXLS:      {1, "unreadable", "旧版 .xls 格式"},
	hostile.Encrypted:       {1, "unreadable", "文件已加密"},
	hostile.ZipBomb:         {1, "unreadable", "解压后过大"},
	hostile.LyingZip:        {1, "unreadable", "可能已损坏"},
	hostile.Directory:       {1, "", "没有找到评分表"},
	hostile.HugeSheet:       {1, "unreadable", "工作表过大"},
	hostile.HugeCell:        {1, "no-scorecard", "没有找到评分表"},
	hostile.ManySheets:      {1, "no-scorecard", "没有找到评分表"},
	hostile.SparseWide:      {1, "no-scorecard", "没有找到评分表"},
	hostile.FormulaBomb:     {1, "unreadable", "公式引用范围过大"},
	hostile.Unreadable:      {1, "unreadable", "无法打开"},
	hostile.DanglingLink:    {2, "", "不存在"},
	hostile.FIFO:            {1, "unreadable", "不是普通文件"},
	hostile.SymlinkLoop:     {1, "unreadable", "无法打开"},
	hostile.OddNames:        {1, "no-scorecard", "没有找到评分表"},
	hostile.OddNamesScored:  {0, "", ""},
	hostile.SameSheetPart:   {1, "unreadable", "指向同一份数据"},
	hostile.DuplicateMerges: {1, "no-scorecard", "没有找到评分表"},
	hostile.StackedLists:    {1, "no-scorecard", "没有找到评分表"},
	hostile.LongSharedText:  {1, "unreadable", "文件中的文字共超过 4 MB"},
	hostile.WideRows:        {1, "no-scorecard", "没有找到评分表"},
	hostile.CaseTwinParts:   {1, "unreadable", "两个同名部件"},
	hostile.UnclosedXML:     {1, "unreadable", "XML 结构不完整"},
	hostile.OversizedPart:   {1, "unreadable", "解压后超过 32 MB"},
	hostile.ManyMembers:     {1, "unreadable", "上限 10000 个"},
	hostile.NestedZip:       {1, "unreadable", "工作表无法读取"},
	hostile.DotDotNames:     {1, "unreadable", "数据缺失"},
	hostile.BIFFLyingLength: {1, "unreadable", "数据被截断"},
	hostile.BIFFLyingSST:    {1, "unreadable", "不存在的共享字符串"},
	hostile.CFBLoop:         {1, "unreadable", "已损坏"},
	hostile.ODSBillionCols:  {1, "unreadable", "500000 个非空单元格"},
	hostile.DocxGridSpan:    {1, "no-scorecard", "没有找到评分表"},
	hostile.DocxVMerge:      {1, "no-scorecard", "没有找到评分表"},
}

// hostileFinding is the part of a finding these tests read, in either
// command's JSON.
type hostileFinding struct {
	Code, Severity, Message string
}

type hostileFile struct {
	Path     string
	Findings []hostileFinding
}

// validateFiles and scoreFiles read the per-file findings of a JSON report.
func validateFiles(t *testing.T, out string) []hostileFile {
	t.Helper()
	var r struct{ Files []hostileFile }
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("validate JSON: %v\n%s", err, out)
	}
	return r.Files
}

func scoreFiles(t *testing.T, out string) []hostileFile {
	t.Helper()
	var r struct{ Cards []hostileFile }
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("score JSON: %v\n%s", err, out)
	}
	return r.Cards
}

func TestHostileInputsOneByOne(t *testing.T) {
	cases := hostile.Write(t, t.TempDir())
	for _, cmd := range []struct {
		name  string
		want  map[string]hostileWant
		files func(*testing.T, string) []hostileFile
	}{
		{"validate", validateHostile, validateFiles},
		{"score", scoreHostile, scoreFiles},
	} {
		for _, hc := range cases {
			t.Run(cmd.name+"/"+hc.Name, func(t *testing.T) {
				want, ok := cmd.want[hc.Name]
				if !ok {
					t.Fatalf("no expectation for corpus case %q", hc.Name)
				}
				code, out, errOut := runNoPanic(t, cmd.name, "--format", "json", hc.Path)
				if code != want.exit {
					t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, want.exit, out, errOut)
				}
				if want.exit == 2 || (want.code == "" && want.message != "") {
					if !strings.Contains(errOut, hc.Path) || !strings.Contains(errOut, want.message) {
						t.Errorf("stderr %q, want the path %s and %q", errOut, hc.Path, want.message)
					}
					return
				}
				checkHostileFindings(t, cmd.files(t, out), hc, want)
				_, text, _ := runNoPanic(t, cmd.name, hc.Path)
				if !strings.Contains(text, hc.Path) && !hc.Good {
					t.Errorf("the text report does not name %s:\n%s", hc.Path, text)
				}
			})
		}
	}
}

// checkHostileFindings wants the case's finding on a file under its path
// (the case's path or a file in its folder) with the Chinese message, and
// when the command should succeed no error at all.
func checkHostileFindings(t *testing.T, files []hostileFile, hc hostile.Case, want hostileWant) {
	t.Helper()
	found := false
	for _, f := range files {
		if f.Path != hc.Path && !strings.HasPrefix(f.Path, hc.Path+string(filepath.Separator)) {
			t.Errorf("report names %s, not under %s", f.Path, hc.Path)
		}
		for _, fd := range f.Findings {
			if want.exit == 0 && fd.Severity == "error" {
				t.Errorf("good file %s: %+v", f.Path, fd)
			}
			if fd.Code == want.code && strings.Contains(fd.Message, want.message) {
				found = true
			}
		}
	}
	if want.code != "" && !found {
		t.Errorf("no %s finding saying %q in %+v", want.code, want.message, files)
	}
	if len(files) == 0 && want.exit != 0 {
		t.Errorf("nothing reported for %s", hc.Path)
	}
}

// TestHostileBatchStillJudgesGoodFiles puts every bad input in one folder
// with the four filled example lists and an example score sheet: each bad
// file gets its finding, the good ones are still judged and pass.
func TestHostileBatchStillJudgesGoodFiles(t *testing.T) {
	dir := t.TempDir()
	cases := hostile.Write(t, dir)
	c := checklist.DefaultCatalog()
	good := filepath.Join(dir, "好学校")
	var goodFiles []string
	for n := 1; n <= 5; n++ {
		p := filepath.Join(good, forms.FormFileName(c, n, forms.FormOptions{}))
		if err := os.MkdirAll(good, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := checklist.WriteFileAtomic(p, false, func(w io.Writer) error { return forms.WriteExample(w, c, n, forms.ExampleOptions{}) }); err != nil {
			t.Fatal(err)
		}
		goodFiles = append(goodFiles, p)
	}
	inBatch := func(hc hostile.Case) bool {
		// Named on their own these are command errors; in a folder a FIFO is
		// not an office file and a folder named x.xlsx holds nothing.
		// A folder walk takes office files only (.ods not yet).
		return hc.Name != hostile.Directory && hc.Name != hostile.FIFO &&
			(hc.Name == hostile.SymlinkLoop || slices.Contains(checklist.OfficeExts, strings.ToLower(filepath.Ext(hc.Path))))
	}

	code, out, errOut := runNoPanic(t, "validate", "--format", "json", "-j", "2", dir)
	if code != 1 {
		t.Errorf("validate exit %d, want 1; stderr %s", code, errOut)
	}
	byPath := map[string]hostileFile{}
	for _, f := range validateFiles(t, out) {
		byPath[f.Path] = f
	}
	for _, p := range goodFiles {
		f, ok := byPath[p]
		if !ok {
			t.Errorf("good file %s not judged", p)
		}
		for _, fd := range f.Findings {
			if fd.Severity == "error" {
				t.Errorf("good file %s: %+v", p, fd)
			}
		}
	}
	for _, hc := range cases {
		want := validateHostile[hc.Name]
		if !inBatch(hc) || want.exit == 2 || hc.Good {
			continue
		}
		var files []hostileFile
		for p, f := range byPath {
			if p == hc.Path || strings.HasPrefix(p, hc.Path+string(filepath.Separator)) {
				files = append(files, f)
			}
		}
		t.Run("validate/"+hc.Name, func(t *testing.T) { checkHostileFindings(t, files, hc, want) })
	}

	// The office's outputs over the same folder: the summary is written and
	// no hostile file crashes excelize or fails the annotated copies; each
	// is only named as a file no copy can be made from.
	outDir := t.TempDir()
	code, _, errOut = runNoPanic(t, "validate", "-q", dir, "-o", filepath.Join(outDir, "汇总.xlsx"), "--annotate", filepath.Join(outDir, "批注"))
	if code != 1 || strings.Contains(errOut, "程序内部出错") || strings.Contains(errOut, "标注问题单元格时出错") ||
		strings.Contains(errOut, "添加问题清单工作表时出错") || strings.Contains(errOut, "批注副本未写入") {
		t.Errorf("validate -o --annotate: exit %d, stderr %s", code, errOut)
	}
	if !strings.Contains(errOut, "无法为 ") || strings.Contains(errOut, "没有需要退回修改的文件") {
		t.Errorf("hostile files with errors not named as getting no copy: stderr %s", errOut)
	}
	if _, err := os.Stat(filepath.Join(outDir, "汇总.xlsx")); err != nil {
		t.Errorf("summary not written: %v", err)
	}

	code, out, errOut = runNoPanic(t, "score", "--format", "json", "-j", "2", dir)
	if code != 1 {
		t.Errorf("score exit %d, want 1; stderr %s", code, errOut)
	}
	cards := scoreFiles(t, out)
	goodCards := []string{goodFiles[4]}
	for _, hc := range cases {
		if hc.Name == hostile.OddNamesScored {
			goodCards = append(goodCards, hc.Path)
		}
	}
	scored := 0
	for _, card := range cards {
		if slices.Contains(goodCards, card.Path) {
			scored++
			for _, fd := range card.Findings {
				if fd.Severity == "error" {
					t.Errorf("good score sheet %s: %+v", card.Path, fd)
				}
			}
		}
	}
	if scored != 2 {
		t.Errorf("%d good score sheets scored, want 2: %+v", scored, cards)
	}
	for _, name := range []string{hostile.Empty, hostile.Encrypted, hostile.ZipBomb, hostile.RenamedXLS, hostile.FormulaBomb} {
		for _, hc := range cases {
			if hc.Name != name {
				continue
			}
			var files []hostileFile
			for _, card := range cards {
				if card.Path == hc.Path {
					files = append(files, card)
				}
			}
			t.Run("score/"+hc.Name, func(t *testing.T) { checkHostileFindings(t, files, hc, scoreHostile[name]) })
		}
	}
}

// TestUnreadableSubfolderSameInValidateAndScore: both commands walk with
// one walker, so a subfolder that cannot be read is the same finding in
// each: unreadable, naming the folder, exit 1.
func TestUnreadableSubfolderSameInValidateAndScore(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads a chmod 000 folder")
	}
	dir := t.TempDir()
	writePrincipalList(t, filepath.Join(dir, "甲中学", "附件2.xlsx"), map[string]string{"B4": "甲中学"})
	locked := filepath.Join(dir, "乙小学")
	writePrincipalList(t, filepath.Join(locked, "附件2.xlsx"), map[string]string{"B4": "乙小学"})
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o755) })
	for _, command := range []string{"validate", "score"} {
		t.Run(command, func(t *testing.T) {
			code, out, stderr := runNoPanic(t, command, "--format", "json", dir)
			if code != 1 {
				t.Errorf("exit %d, want 1; stderr %s", code, stderr)
			}
			files := validateFiles(t, out)
			if command == "score" {
				files = scoreFiles(t, out)
			}
			found := false
			for _, f := range files {
				if f.Path == locked {
					found = len(f.Findings) == 1 && f.Findings[0].Code == checklist.CodeUnreadable && strings.Contains(f.Findings[0].Message, "文件夹无法读取")
				}
			}
			if !found {
				t.Errorf("no unreadable finding for %s in %s", locked, out)
			}
		})
	}
}
