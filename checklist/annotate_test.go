package checklist

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"qingdan/internal/xlsxtest"
)

// submission writes a small filled list: sheets 附件1 and 附件2, a bold
// bordered B5, a plain B6, a comment the filler left on C7, and print
// titles on 附件1.
func submission(t *testing.T, path string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "附件1"))
	_, err := f.NewSheet("附件2")
	must(err)
	for _, c := range []struct{ ref, v string }{{"A1", "党委(党组)领导班子主体责任清单"}, {"B5", "组织领导"}, {"B6", "正风肃纪"}, {"C7", "张三"}} {
		must(f.SetCellStr("附件1", c.ref, c.v))
	}
	bold, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Family: "黑体", Size: 12},
		Border:    []excelize.Border{{Type: "left", Color: "000000", Style: 2}, {Type: "bottom", Color: "000000", Style: 2}},
		Alignment: &excelize.Alignment{Horizontal: "center", WrapText: true},
	})
	must(err)
	must(f.SetCellStyle("附件1", "B5", "B5", bold))
	must(f.AddComment("附件1", excelize.Comment{Cell: "C7", Author: "填表人", Text: "已与张三确认"}))
	must(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'附件1'!$1:$4", Scope: "附件1"}))
	must(os.MkdirAll(filepath.Dir(path), 0o755))
	must(f.SaveAs(path))
	data, err := os.ReadFile(path)
	must(err)
	return data
}

func annotateReport(paths map[string]string) *Report {
	p := paths["bad"]
	return &Report{Files: []FileReport{
		{Path: p, Findings: []Finding{
			{Code: "missing-owner", Severity: Error, File: p, Sheet: "附件1", Cell: "B5", Item: "1", Message: "责任人为空"},
			{Code: "missing-department", Severity: Warning, File: p, Sheet: "附件1", Cell: "B5", Item: "1", Message: "责任部门为空"},
			{Code: "row-missing-quarter", Severity: Warning, File: p, Sheet: "附件1", Cell: "B6", Item: "2", Message: injected},
			{Code: "not-quantified", Severity: Info, File: p, Sheet: "附件1", Cell: "C7", Message: "措施未量化"},
			{Code: "missing-item", Severity: Error, File: p, Sheet: "附件1", Item: "3", Message: "缺少选好用好干部"},
			{Code: "missing-unit", Severity: Error, File: p, Sheet: "别的表", Cell: "A1", Message: "单位为空"},
		}},
		{Path: paths["good"], Valid: true, Findings: []Finding{}},
		{Path: paths["info"], Valid: true, Findings: []Finding{{Code: "not-quantified", Severity: Info, Sheet: "附件1", Cell: "B5", Message: "措施未量化"}}},
		{Path: paths["xls"], Findings: []Finding{{Code: "unsupported-format", Severity: Error, Message: "请另存为 .xlsx"}}},
		{Path: paths["broken"], Findings: []Finding{{Code: "unreadable", Severity: Error, Message: "文件已损坏"}}},
	}}
}

// annotateInbox builds an input folder with a file to annotate, a clean file, an
// info-only file, an .xls and a broken .xlsx.
func annotateInbox(t *testing.T) (root string, paths map[string]string, original []byte) {
	t.Helper()
	root = filepath.Join(t.TempDir(), "收件")
	paths = map[string]string{
		"bad":    filepath.Join(root, "甲校", "附件1 主体责任清单.xlsx"),
		"good":   filepath.Join(root, "乙校", "附件1.xlsx"),
		"info":   filepath.Join(root, "丙校", "附件1.xlsx"),
		"xls":    filepath.Join(root, "丁校", "附件1.xls"),
		"broken": filepath.Join(root, "戊校", "附件1.xlsx"),
	}
	original = submission(t, paths["bad"])
	submission(t, paths["good"])
	submission(t, paths["info"])
	for _, k := range []string{"xls", "broken"} {
		if err := os.MkdirAll(filepath.Dir(paths[k]), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(paths[k], []byte("PK\x03\x04 truncated"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root, paths, original
}

func commentOn(t *testing.T, f *excelize.File, sheet, ref string) excelize.Comment {
	t.Helper()
	cs, err := f.GetComments(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Cell == ref {
			for _, run := range c.Paragraph {
				c.Text += run.Text
			}
			return c
		}
	}
	t.Fatalf("no comment on %s!%s", sheet, ref)
	return excelize.Comment{}
}

func TestAnnotate(t *testing.T) {
	c := DefaultCatalog()
	root, paths, original := annotateInbox(t)
	out := filepath.Join(root, "批注")
	res, err := Annotate(context.Background(), c, annotateReport(paths), AnnotateOptions{Roots: []string{root}, OutDir: out})
	if err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(out, "甲校", "附件1 主体责任清单.xlsx")

	t.Run("only the file with errors or warnings is copied, at its relative path", func(t *testing.T) {
		if !slices.Equal(res.Written, []string{copyPath}) {
			t.Errorf("written %v, want %v", res.Written, []string{copyPath})
		}
		for _, unit := range []string{"乙校", "丙校", "丁校", "戊校"} {
			if _, err := os.Stat(filepath.Join(out, unit)); err == nil {
				t.Errorf("%s copied", unit)
			}
		}
	})
	t.Run("files no copy can be made from are skipped with the cause", func(t *testing.T) {
		want := []AnnotateSkip{
			{Path: paths["xls"], Reason: "请另存为 .xlsx"},
			{Path: paths["broken"], Reason: "文件已损坏"},
		}
		if !slices.Equal(res.Skipped, want) {
			t.Errorf("skipped %+v, want %+v", res.Skipped, want)
		}
	})
	t.Run("original bytes unchanged", func(t *testing.T) {
		if now, _ := os.ReadFile(paths["bad"]); !bytes.Equal(now, original) {
			t.Error("original changed")
		}
	})
	f := xlsxtest.Open(t, copyPath)
	t.Run("问题清单 is the first and active sheet, listing every finding", func(t *testing.T) {
		sheets := f.GetSheetList()
		if !slices.Equal(sheets, []string{"问题清单", "附件1", "附件2"}) || f.GetActiveSheetIndex() != 0 {
			t.Fatalf("sheets %v, active %d", sheets, f.GetActiveSheetIndex())
		}
		rows, _ := f.GetRows("问题清单")
		if !strings.Contains(rows[0][0], "错误 3 条，警告 2 条，提示 1 条") {
			t.Errorf("heading %q", rows[0][0])
		}
		if !slices.Equal(rows[1], []string{"序号", "工作表", "单元格", "级别", "事项", "说明"}) {
			t.Errorf("column headings %q", rows[1])
		}
		if len(rows) != 2+6 || !slices.Equal(rows[2], []string{"1", "附件1", "B5", "错误", "1 组织领导", "责任人为空"}) {
			t.Errorf("rows %q", rows)
		}
		if rows[4][5] != injected {
			t.Errorf("message %q", rows[4][5])
		}
		assertNoFormulas(t, f)
	})
	t.Run("sheet-scoped names stay on their sheet after the insert", func(t *testing.T) {
		if !slices.ContainsFunc(f.GetDefinedName(), func(d excelize.DefinedName) bool {
			return d.Name == "_xlnm.Print_Titles" && d.Scope == "附件1" && d.RefersTo == "'附件1'!$1:$4"
		}) {
			t.Errorf("defined names %+v", f.GetDefinedName())
		}
		if !hasDefinedName(f, "_xlnm.Print_Titles", "问题清单") || !hasDefinedName(f, "_xlnm._FilterDatabase", "问题清单") {
			t.Errorf("问题清单 lacks its print titles or filter: %+v", f.GetDefinedName())
		}
	})
	t.Run("cells filled by worst severity, style otherwise kept", func(t *testing.T) {
		tests := []struct {
			ref, fill string
		}{
			{"B5", fillRed},
			{"B6", fillYellow},
			{"C7", ""}, // info only: comment, no fill
			{"A1", ""},
		}
		for _, tt := range tests {
			if got := xlsxtest.Fill(t, f, "附件1", tt.ref); got != tt.fill {
				t.Errorf("%s fill %q, want %q", tt.ref, got, tt.fill)
			}
		}
		id, _ := f.GetCellStyle("附件1", "B5")
		st, _ := f.GetStyle(id)
		if st.Font == nil || !st.Font.Bold || st.Font.Family != "黑体" || len(st.Border) != 2 || st.Alignment == nil || st.Alignment.Horizontal != "center" {
			t.Errorf("B5 lost its style: font %+v border %+v alignment %+v", st.Font, st.Border, st.Alignment)
		}
		if v, _ := f.GetCellValue("附件1", "B5"); v != "组织领导" {
			t.Errorf("B5 value %q", v)
		}
	})
	t.Run("comments hold the messages, after the filler's own", func(t *testing.T) {
		b5 := commentOn(t, f, "附件1", "B5")
		if b5.Author != "监察室" || !strings.Contains(b5.Text, "【错误】责任人为空\n【警告】责任部门为空") {
			t.Errorf("B5 comment %+v", b5)
		}
		c7 := commentOn(t, f, "附件1", "C7")
		if !strings.Contains(c7.Text, "已与张三确认") || !strings.Contains(c7.Text, "【提示】措施未量化") {
			t.Errorf("C7 comment %q", c7.Text)
		}
	})
	t.Run("second run refuses to overwrite without force", func(t *testing.T) {
		_, err := Annotate(context.Background(), c, annotateReport(paths), AnnotateOptions{Roots: []string{root}, OutDir: out})
		if err == nil || !strings.Contains(err.Error(), "已存在") {
			t.Errorf("error %v", err)
		}
		if _, err := Annotate(context.Background(), c, annotateReport(paths), AnnotateOptions{Roots: []string{root}, OutDir: out, Force: true}); err != nil {
			t.Errorf("with force: %v", err)
		}
	})
}

func TestAnnotateCases(t *testing.T) {
	c := DefaultCatalog()
	t.Run("file named directly keeps its base name; same names get (2)", func(t *testing.T) {
		root, paths, _ := annotateInbox(t)
		second := filepath.Join(root, "己校", "附件1 主体责任清单.xlsx")
		submission(t, second)
		r := annotateReport(paths)
		r.Files = append(r.Files, FileReport{Path: second, Findings: r.Files[0].Findings})
		out := filepath.Join(t.TempDir(), "退回")
		res, err := Annotate(context.Background(), c, r, AnnotateOptions{Roots: []string{paths["bad"], second}, OutDir: out, Jobs: 1})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{filepath.Join(out, "附件1 主体责任清单.xlsx"), filepath.Join(out, "附件1 主体责任清单(2).xlsx")}
		if !slices.Equal(res.Written, want) {
			t.Errorf("written %v, want %v", res.Written, want)
		}
	})
	t.Run("deepest input folder decides the relative path", func(t *testing.T) {
		root, paths, _ := annotateInbox(t)
		out := t.TempDir()
		res, err := Annotate(context.Background(), c, annotateReport(paths), AnnotateOptions{Roots: []string{root, filepath.Join(root, "甲校")}, OutDir: out})
		if err != nil || !slices.Equal(res.Written, []string{filepath.Join(out, "附件1 主体责任清单.xlsx")}) {
			t.Errorf("written %v, %v", res.Written, err)
		}
	})
	t.Run("a copy that would replace its original is refused", func(t *testing.T) {
		_, paths, original := annotateInbox(t)
		res, err := Annotate(context.Background(), c, annotateReport(paths), AnnotateOptions{Roots: []string{paths["bad"]}, OutDir: filepath.Dir(paths["bad"]), Force: true})
		if err == nil || len(res.Written) != 0 || !strings.Contains(err.Error(), "会覆盖上报的文件") {
			t.Errorf("written %v, error %v", res.Written, err)
		}
		if now, _ := os.ReadFile(paths["bad"]); !bytes.Equal(now, original) {
			t.Error("original changed")
		}
	})
	t.Run("a copy that would replace another input file is refused", func(t *testing.T) {
		root, paths, _ := annotateInbox(t)
		other := filepath.Join(root, "甲校", "甲校", "附件1 主体责任清单.xlsx")
		otherBytes := submission(t, other)
		r := annotateReport(paths)
		r.Files = append(r.Files, FileReport{Path: other, Findings: []Finding{}})
		res, err := Annotate(context.Background(), c, r, AnnotateOptions{Roots: []string{root}, OutDir: filepath.Join(root, "甲校"), Force: true})
		if err == nil || len(res.Written) != 0 || !strings.Contains(err.Error(), "会覆盖上报的文件") {
			t.Errorf("written %v, error %v", res.Written, err)
		}
		if now, _ := os.ReadFile(other); !bytes.Equal(now, otherBytes) {
			t.Error("other input changed")
		}
	})
	t.Run("a copy through a link to its original is refused", func(t *testing.T) {
		root, paths, original := annotateInbox(t)
		out := filepath.Join(t.TempDir(), "批注")
		if err := os.MkdirAll(filepath.Join(out, "甲校"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Link(paths["bad"], filepath.Join(out, "甲校", "附件1 主体责任清单.xlsx")); err != nil {
			t.Skip("no hard links here:", err)
		}
		_, err := Annotate(context.Background(), c, annotateReport(paths), AnnotateOptions{Roots: []string{root}, OutDir: out, Force: true})
		if err == nil || !strings.Contains(err.Error(), "会覆盖上报的文件") {
			t.Errorf("error %v", err)
		}
		if now, _ := os.ReadFile(paths["bad"]); !bytes.Equal(now, original) {
			t.Error("original changed")
		}
	})
}

func TestIsInside(t *testing.T) {
	base := t.TempDir()
	tests := []struct {
		name       string
		path, root string
		want       bool
	}{
		{"same folder", base, base, true},
		{"child", filepath.Join(base, "批注"), base, true},
		{"grandchild with dots", filepath.Join(base, "a", "..", "b", "c"), base, true},
		{"sibling with a common prefix", base + "x", base, false},
		{"parent", filepath.Dir(base), base, false},
		{"folder named ..x inside", filepath.Join(base, "..x"), base, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsInside(tt.path, tt.root); got != tt.want {
				t.Errorf("IsInside(%q, %q) = %v, want %v", tt.path, tt.root, got, tt.want)
			}
		})
	}
}

// TestAnnotateOtherWriters annotates submissions written the way openpyxl
// writes them, and checks the copy is well formed for other readers too.
func TestAnnotateOtherWriters(t *testing.T) {
	c := DefaultCatalog()
	tenDigits := regexp.MustCompile(`rgb="[0-9A-Fa-f]{10}"`)
	t.Run("colors with a 00 alpha keep six or eight digits", func(t *testing.T) {
		root, paths, _ := annotateInbox(t)
		xlsxtest.RewriteParts(t, paths["bad"], func(name string, data []byte) (string, []byte) {
			if name == "xl/styles.xml" {
				return name, bytes.ReplaceAll(data, []byte(`rgb="FF000000"`), []byte(`rgb="00000000"`))
			}
			return name, data
		})
		out := filepath.Join(t.TempDir(), "退回")
		res, err := Annotate(context.Background(), c, annotateReport(paths), AnnotateOptions{Roots: []string{root}, OutDir: out})
		if err != nil || len(res.Written) != 1 {
			t.Fatalf("written %v, %v", res.Written, err)
		}
		var styles []byte
		xlsxtest.RewriteParts(t, res.Written[0], func(name string, data []byte) (string, []byte) {
			if name == "xl/styles.xml" {
				styles = data
			}
			return name, data
		})
		if m := tenDigits.Find(styles); m != nil {
			t.Errorf("styles hold %s: openpyxl refuses the copy", m)
		}
	})
	t.Run("comments in parts named as openpyxl names them", func(t *testing.T) {
		root, paths, _ := annotateInbox(t)
		// A filler's comment on a cell without findings keeps its old shape.
		g, err := excelize.OpenFile(paths["bad"])
		if err != nil {
			t.Fatal(err)
		}
		if err := g.AddComment("附件1", excelize.Comment{Cell: "D9", Author: "填表人", Text: "待定"}); err != nil {
			t.Fatal(err)
		}
		if err := g.Save(); err != nil {
			t.Fatal(err)
		}
		g.Close()
		renamed := map[string]string{"xl/comments1.xml": "xl/comments/comment1.xml", "xl/drawings/vmlDrawing1.vml": "xl/drawings/commentsDrawing1.vml"}
		xlsxtest.RewriteParts(t, paths["bad"], func(name string, data []byte) (string, []byte) {
			switch name {
			case "xl/worksheets/_rels/sheet1.xml.rels":
				data = bytes.ReplaceAll(data, []byte(`"../comments1.xml"`), []byte(`"/xl/comments/comment1.xml"`))
				return name, bytes.ReplaceAll(data, []byte(`"../drawings/vmlDrawing1.vml"`), []byte(`"/xl/drawings/commentsDrawing1.vml"`))
			case "[Content_Types].xml":
				return name, bytes.ReplaceAll(data, []byte(`"/xl/comments1.xml"`), []byte(`"/xl/comments/comment1.xml"`))
			case "xl/comments1.xml":
				return renamed[name], data
			case "xl/drawings/vmlDrawing1.vml":
				// openpyxl declares the VML namespace on each shape, not on the root.
				for _, el := range []string{"shapetype", "shape"} {
					data = bytes.ReplaceAll(data, []byte("<v:"+el+" "), []byte("<ns0:"+el+` xmlns:ns0="urn:schemas-microsoft-com:vml" `))
				}
				data = bytes.ReplaceAll(data, []byte("<v:"), []byte("<ns0:"))
				return renamed[name], bytes.ReplaceAll(data, []byte("</v:"), []byte("</ns0:"))
			}
			return name, data
		})
		out := filepath.Join(t.TempDir(), "退回")
		res, err := Annotate(context.Background(), c, annotateReport(paths), AnnotateOptions{Roots: []string{root}, OutDir: out})
		if err != nil || len(res.Written) != 1 {
			t.Fatalf("written %v, %v", res.Written, err)
		}
		f, err := excelize.OpenFile(res.Written[0])
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if got := commentOn(t, f, "附件1", "B5").Text; !strings.Contains(got, "责任人为空") {
			t.Errorf("B5 comment %q lacks the finding", got)
		}
		if got := commentOn(t, f, "附件1", "C7").Text; !strings.Contains(got, "已与张三确认") || !strings.Contains(got, "措施未量化") {
			t.Errorf("C7 comment %q should keep the filler's note and add the finding", got)
		}
		if got := commentOn(t, f, "附件1", "D9").Text; got != "待定" {
			t.Errorf("D9 comment %q, want the filler's 待定", got)
		}
		// No part of the copy keeps a prefix declared on an element excelize
		// dropped, nor a name outside the package.
		xlsxtest.RewriteParts(t, res.Written[0], func(name string, data []byte) (string, []byte) {
			if strings.HasPrefix(name, "/") || strings.Contains(name, "commentsDrawing") || strings.Contains(name, "comments/") {
				t.Errorf("copy holds part %s", name)
			}
			if bytes.Contains(data, []byte("ns0:")) {
				t.Errorf("part %s uses the prefix ns0 its elements no longer declare", name)
			}
			return name, data
		})
	})
}
