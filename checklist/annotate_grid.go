package checklist

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"

	"qingdan/internal/convert"
	"qingdan/internal/grid"
	_ "qingdan/internal/grid/docx" // registers .docx for the copies of Word lists
	_ "qingdan/internal/grid/ods"  // registers .ods
	_ "qingdan/internal/grid/xls"  // registers .xls and .et
)

// maxRenderedCells bounds the .xlsx rendering of a file: a list is a few
// hundred cells, and excelize holds every cell it writes in memory.
const maxRenderedCells = 50000

// annotatedOther makes the copy of a file that is not an .xlsx: a .docx
// gets a .docx copy, every other format the sheet model reads an .xlsx
// rendering of what was read (qingdan writes no legacy format).
func annotatedOther(c *Catalog, fr *FileReport, note schoolNote) ([]byte, string) {
	lim := grid.DefaultLimits()
	name := fr.Path
	data, err := grid.ReadBounded(fr.Path, lim.MaxFileSize)
	if err == nil && convert.Target(filepath.Ext(name)) != "" {
		var skip string
		if data, skip = convertForCopy(name, data); skip != "" {
			return nil, skip
		}
		name = strings.TrimSuffix(name, filepath.Ext(name)) + "." + convert.Target(filepath.Ext(name))
	}
	if err == nil {
		var book *grid.Book
		if book, err = grid.Read(name, data, lim); err == nil {
			if book.Format == "docx" {
				return annotatedDocx(c, fr, data, book, note)
			}
			return renderedWorkbook(c, fr, book, note)
		}
	}
	if ge := (*grid.Error)(nil); errors.As(err, &ge) {
		return nil, firstClause(ge.Reason)
	}
	return nil, fmt.Sprintf("文件无法打开（%v）", err)
}

// convertForCopy converts a .doc/.wps again for its copy (the run kept no
// converted bytes): the copy is the .docx LibreOffice makes, annotated.
func convertForCopy(name string, data []byte) ([]byte, string) {
	conv, ok := convert.Find()
	if !ok {
		return nil, "未找到 LibreOffice，无法转换"
	}
	target := convert.Target(filepath.Ext(name))
	res, err := conv.Convert(context.Background(), []convert.Input{{Name: name, Data: data}}, target)
	if err == nil {
		err = res[0].Err
	}
	if err != nil {
		return nil, fmt.Sprintf("LibreOffice 转换失败（%v）", err)
	}
	return res[0].Data, ""
}

// renderedWorkbook writes the visible sheets of book (values as read,
// merges, column widths) into a new workbook, then marks it as an .xlsx
// copy is marked.
func renderedWorkbook(c *Catalog, fr *FileReport, book *grid.Book, note schoolNote) ([]byte, string) {
	n := 0
	for _, s := range book.Sheets {
		for _, r := range s.Rows {
			n += len(r.Cells)
		}
	}
	if n > maxRenderedCells {
		return nil, fmt.Sprintf("文件有 %d 个单元格（上限 %d），不像是责任清单，无法生成副本", n, maxRenderedCells)
	}
	f := excelize.NewFile()
	defer f.Close()
	styles, err := newRenderStyles(f)
	if err != nil {
		return nil, fmt.Sprintf("生成副本时出错（%v）", err)
	}
	names := map[string]string{} // sheet name read → name in the copy
	for _, s := range book.Sheets {
		if s.Hidden {
			continue
		}
		name := copySheetName(s.Name, names)
		if len(names) == 0 {
			err = f.SetSheetName("Sheet1", name)
		} else {
			_, err = f.NewSheet(name)
		}
		if err == nil {
			err = renderSheet(f, name, s, styles)
		}
		if err != nil {
			return nil, fmt.Sprintf("生成工作表“%s”时出错（%v）", s.Name, err)
		}
		names[s.Name] = name
	}
	if len(names) == 0 {
		return nil, "文件中没有可见的工作表"
	}
	findings := make([]Finding, len(fr.Findings))
	for i, x := range fr.Findings {
		if to, ok := names[x.Sheet]; ok {
			x.Sheet = to
		}
		findings[i] = x
	}
	if err := markCells(f, findings); err != nil {
		return nil, fmt.Sprintf("标注问题单元格时出错（%v）", err)
	}
	if err := addFindingsSheet(f, c, &FileReport{Path: fr.Path, Findings: findings}, note); err != nil {
		return nil, fmt.Sprintf("添加问题清单工作表时出错（%v）", err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Sprintf("保存批注副本时出错（%v）", err)
	}
	return buf.Bytes(), ""
}

// copySheetName is a name excelize accepts (at most 31 characters, none of
// :\/?*[]) and not yet used.
func copySheetName(name string, used map[string]string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '_'
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 28 {
		name = string(r[:28])
	}
	if strings.TrimSpace(name) == "" {
		name = "工作表"
	}
	taken := func(s string) bool {
		for _, v := range used {
			if strings.EqualFold(v, s) || strings.EqualFold(s, sheetFindings) {
				return true
			}
		}
		return strings.EqualFold(s, sheetFindings)
	}
	out := name
	for i := 2; taken(out); i++ {
		out = name + "(" + strconv.Itoa(i) + ")"
	}
	return out
}

type renderStyles struct{ text, date int }

func newRenderStyles(f *excelize.File) (renderStyles, error) {
	font := &excelize.Font{Family: reportFont, Size: 11}
	align := &excelize.Alignment{Vertical: "center", WrapText: true}
	border := []excelize.Border{
		{Type: "left", Color: "808080", Style: 1}, {Type: "right", Color: "808080", Style: 1},
		{Type: "top", Color: "808080", Style: 1}, {Type: "bottom", Color: "808080", Style: 1},
	}
	text, err := f.NewStyle(&excelize.Style{Font: font, Alignment: align, Border: border})
	if err != nil {
		return renderStyles{}, err
	}
	dateFmt := "yyyy-mm-dd"
	date, err := f.NewStyle(&excelize.Style{Font: font, Alignment: align, Border: border, CustomNumFmt: &dateFmt})
	return renderStyles{text, date}, err
}

// renderSheet writes one sheet's cells (formulas as their cached results:
// a decompiled formula need not be one Excel takes), merges, column widths
// from the text, and row heights that show the wrapped text.
func renderSheet(f *excelize.File, name string, s *grid.Sheet, st renderStyles) error {
	widths := map[int]float64{}
	for _, r := range s.Rows {
		for _, c := range r.Cells {
			// A title merged across columns does not widen its first column.
			if m, ok := s.MergeAt(r.Num, c.Col); ok && m.Right > m.Left {
				continue
			}
			widths[c.Col] = max(widths[c.Col], min(float64(textWidth(c.Value))+2, 40))
		}
	}
	for _, r := range s.Rows {
		lines := 1
		for _, c := range r.Cells {
			ref := grid.CellName(c.Col, r.Num)
			style := st.text
			var err error
			switch c.Type {
			case grid.Number, grid.Date:
				v, perr := strconv.ParseFloat(c.Value, 64)
				if perr != nil {
					err = f.SetCellStr(name, ref, c.Value)
					break
				}
				err = f.SetCellFloat(name, ref, v, -1, 64)
				if c.Type == grid.Date {
					style = st.date
				}
			case grid.Bool:
				err = f.SetCellBool(name, ref, c.Value == "1")
			default:
				err = f.SetCellStr(name, ref, c.Value)
			}
			if err == nil {
				err = f.SetCellStyle(name, ref, ref, style)
			}
			if err != nil {
				return err
			}
			if _, merged := s.MergeAt(r.Num, c.Col); !merged {
				lines = max(lines, wrappedLines(c.Value, max(widths[c.Col], 8)))
			}
		}
		if lines > 1 {
			if err := f.SetRowHeight(name, r.Num, min(rowHeight*float64(lines), maxRowHeight)); err != nil {
				return err
			}
		}
	}
	for col, w := range widths {
		letters := grid.ColumnName(col)
		if err := f.SetColWidth(name, letters, letters, max(w, 8)); err != nil {
			return err
		}
	}
	size, orient, wide, tall := 9, "landscape", 1, 0
	if err := f.SetPageLayout(name, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &wide, FitToHeight: &tall}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	last, right := max(s.LastRow(), 1), max(s.Width(), 1)
	for _, m := range s.Merges {
		if m.Top < 1 || m.Left < 1 || m.Top > last || m.Left > right {
			continue
		}
		from := grid.CellName(m.Left, m.Top)
		to := grid.CellName(min(max(m.Right, m.Left), right), min(max(m.Bottom, m.Top), last))
		if from == to {
			continue
		}
		if err := f.MergeCell(name, from, to); err != nil {
			return err
		}
	}
	return nil
}

// textWidth is the width of a text's longest line, a CJK character
// counting two.
func textWidth(s string) int {
	w := 0
	for _, line := range strings.Split(s, "\n") {
		n := 0
		for _, r := range line {
			switch width.LookupRune(r).Kind() {
			case width.EastAsianWide, width.EastAsianFullwidth:
				n += 2
			default:
				n++
			}
		}
		w = max(w, n)
	}
	return w
}
