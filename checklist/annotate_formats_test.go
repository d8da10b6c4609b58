package checklist

import (
	"archive/zip"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"qingdan/internal/grid"
	"qingdan/internal/grid/docx"
	"qingdan/internal/xlsxtest"
)

// fixture copies a file of testdata/formats into dir.
func fixture(t *testing.T, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "formats", name))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, filepath.Base(name))
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAnnotateRenderedFormats(t *testing.T) {
	c := DefaultCatalog()
	tests := []struct {
		name, fixture, sheet string
		red, yellow          string
		copyName             string
	}{
		{"ods from LibreOffice", "principal.ods", "附件2", "D7", "E9", "principal.ods.xlsx"},
		{"xls from LibreOffice", "xls/lo-fujian1.xls", "附件1", "D6", "F8", "lo-fujian1.xls.xlsx"},
		{"xls from Gnumeric", "xls/gnumeric-fujian1.xls", "附件1", "D6", "F8", "gnumeric-fujian1.xls.xlsx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := t.TempDir()
			src := fixture(t, in, tt.fixture)
			book, err := grid.ReadFile(src, grid.DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			r := &Report{Files: []FileReport{{Path: src, Findings: []Finding{
				{Code: "missing-owner", Severity: Error, Sheet: tt.sheet, Cell: tt.red, Item: "1", Message: "责任人为空"},
				{Code: "row-missing-quarter", Severity: Warning, Sheet: tt.sheet, Cell: tt.yellow, Message: "缺少季度措施"},
				{Code: "missing-item", Severity: Error, Sheet: tt.sheet, Message: "缺少事项"},
			}}}}
			out := filepath.Join(t.TempDir(), "退回")
			res, err := Annotate(context.Background(), c, r, AnnotateOptions{Roots: []string{in}, OutDir: out})
			if err != nil || !slices.Equal(res.Written, []string{filepath.Join(out, tt.copyName)}) {
				t.Fatalf("written %v skipped %v, %v", res.Written, res.Skipped, err)
			}
			f := xlsxtest.Open(t, res.Written[0])
			var visible []string
			for _, s := range book.Sheets {
				if !s.Hidden {
					visible = append(visible, s.Name)
				}
			}
			if got := f.GetSheetList(); !slices.Equal(got, append([]string{sheetFindings}, visible...)) {
				t.Errorf("sheets %v, want 问题清单 then the visible %v", got, visible)
			}
			s := book.Sheet(tt.sheet)
			for _, row := range s.Rows {
				for _, cell := range row.Cells {
					if cell.Type != grid.Text {
						continue
					}
					ref := grid.CellName(cell.Col, row.Num)
					if got, _ := f.GetCellValue(tt.sheet, ref); got != cell.Value {
						t.Fatalf("%s = %q, read %q", ref, got, cell.Value)
					}
				}
			}
			merges, err := f.GetMergeCells(tt.sheet)
			if err != nil || len(merges) == 0 || len(merges) > len(s.Merges) {
				t.Errorf("%d merges in the copy, %d read; %v", len(merges), len(s.Merges), err)
			}
			if got := xlsxtest.Fill(t, f, tt.sheet, tt.red); got != fillRed {
				t.Errorf("%s fill %q, want red", tt.red, got)
			}
			if got := xlsxtest.Fill(t, f, tt.sheet, tt.yellow); got != fillYellow {
				t.Errorf("%s fill %q, want yellow", tt.yellow, got)
			}
			if note := commentOn(t, f, tt.sheet, tt.red); !strings.Contains(note.Text, "【错误】责任人为空") {
				t.Errorf("comment %q", note.Text)
			}
			if head, _ := f.GetCellValue(sheetFindings, "A1"); !strings.HasPrefix(head, "请按下表逐条修改标红的 2 条错误") {
				t.Errorf("问题清单 A1 %q", head)
			}
		})
	}
}

func docxPart(t *testing.T, path, name string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if !CleanEntryName(f.Name) {
			t.Errorf("entry %q", f.Name)
		}
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			data, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return string(data)
		}
	}
	return ""
}

func TestAnnotateDocx(t *testing.T) {
	c := DefaultCatalog()
	for _, name := range []string{"notice.docx", "notice-resaved.docx", "principal.docx"} {
		t.Run(name, func(t *testing.T) {
			in := t.TempDir()
			src := fixture(t, in, name)
			lim := grid.DefaultLimits()
			before, err := grid.ReadFile(src, lim)
			if err != nil {
				t.Fatal(err)
			}
			s := before.Sheets[0]
			red, yellow := s.Ref(s.TableTop+2, 4), s.Ref(s.TableTop+3, 3)
			r := &Report{Files: []FileReport{{Path: src, Findings: []Finding{
				{Code: "not-quantified", Severity: Info, Sheet: s.Name, Cell: red, Message: "措施未量化"},
				{Code: "missing-owner", Severity: Error, Sheet: s.Name, Cell: red, Item: "9", Message: "责任人为空 & <标签>"},
				{Code: "row-missing-quarter", Severity: Warning, Sheet: s.Name, Cell: yellow, Message: "缺少季度措施"},
				{Code: "missing-unit", Severity: Error, Sheet: s.Name, Cell: s.Ref(1, 1), Message: "单位为空"},
				{Code: "missing-list", Severity: Error, Message: "缺少附件4"},
			}}}}
			out := filepath.Join(t.TempDir(), "退回")
			res, err := Annotate(context.Background(), c, r, AnnotateOptions{Roots: []string{in}, OutDir: out})
			if err != nil || !slices.Equal(res.Written, []string{filepath.Join(out, name)}) {
				t.Fatalf("written %v skipped %v, %v", res.Written, res.Skipped, err)
			}
			copyPath := res.Written[0]
			data, err := os.ReadFile(copyPath)
			if err != nil {
				t.Fatal(err)
			}
			after, err := grid.Read(copyPath, data, lim)
			if err != nil {
				t.Fatalf("the copy does not read back: %v", err)
			}
			t.Run("the table reads as before", func(t *testing.T) {
				got := after.Sheets[0]
				for _, row := range s.Rows {
					for _, cell := range row.Cells {
						if got.Text(row.Num, cell.Col) != cell.Value {
							t.Fatalf("%s = %q, was %q", s.Ref(row.Num, cell.Col), got.Text(row.Num, cell.Col), cell.Value)
						}
					}
				}
			})
			t.Run("the findings are a table at the end", func(t *testing.T) {
				last := after.Sheets[len(after.Sheets)-1]
				if len(after.Sheets) != len(before.Sheets)+1 || last.Text(last.TableTop, 2) != "位置" || last.Text(last.TableTop+2, 2) != red {
					t.Fatalf("%d tables, last %+v", len(after.Sheets), last.Rows)
				}
				if n := last.TableBottom - last.TableTop; n != 5 {
					t.Errorf("%d finding rows, want 5", n)
				}
				if top := last.Text(last.TableTop-1, 1); !strings.HasPrefix(top, "请按下表逐条修改标红的 3 条错误") {
					t.Errorf("the line above the table %q", top)
				}
			})
			t.Run("problem cells shaded, with a comment", func(t *testing.T) {
				for _, tc := range []struct{ ref, fill string }{{red, fillRed}, {yellow, fillYellow}} {
					row, col, _ := after.Sheets[0].Pos(tc.ref)
					loc, ok, err := docx.Locate(data, after.Sheets[0], row, col, lim)
					if err != nil || !ok {
						t.Fatalf("locate %s: %v %v", tc.ref, ok, err)
					}
					doc := docxPart(t, copyPath, loc.Part)
					cell := doc[loc.Start:loc.End]
					if strings.Count(cell, `:fill="`+tc.fill+`"`) != 1 || !strings.Contains(cell, "commentRangeStart") || !strings.Contains(cell, "commentReference") {
						t.Errorf("%s: %s", tc.ref, cell)
					}
				}
				// 单位为空 names the paragraph above the table, when there is one.
				want := 2
				if s.TableTop == 1 {
					want = 3
				}
				comments := docxPart(t, copyPath, "word/comments.xml")
				if strings.Count(comments, "<w:comment ") != want || !strings.Contains(comments, "【提示】措施未量化") || !strings.Contains(comments, "【错误】责任人为空 &amp; &lt;标签&gt;") {
					t.Errorf("comments.xml %s", comments)
				}
				if !strings.Contains(docxPart(t, copyPath, "[Content_Types].xml"), `PartName="/word/comments.xml"`) ||
					!strings.Contains(docxPart(t, copyPath, "word/_rels/document.xml.rels"), relTypeComments) {
					t.Error("comments part not declared")
				}
			})
		})
	}
}
