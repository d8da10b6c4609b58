package scoring

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"qingdan/checklist"
	"qingdan/checklist/forms"
)

// Sheet names of the ranking workbook.
const (
	SheetRanking = "排名"
	SheetItems   = "各单位得分"
	SheetWeakest = "薄弱环节"
)

// WriteRanking writes the ranking workbook of the scored cards to w
// (save it with checklist.WriteFileAtomic).
func WriteRanking(w io.Writer, cards []*Card, cat *checklist.Catalog) error {
	f, err := rankingWorkbook(cards, cat)
	if err != nil {
		return fmt.Errorf("生成排名表：%w", err)
	}
	return checklist.WriteWorkbook(w, f, nil)
}

// sheetWriter fills one sheet row by row; every text goes in with
// SetCellStr so that text copied from a card is never a formula.
type sheetWriter struct {
	f     *excelize.File
	sheet string
	err   error
}

func (w *sheetWriter) set(col, row int, v any) {
	if w.err != nil {
		return
	}
	ref, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		w.err = err
		return
	}
	switch x := v.(type) {
	case string:
		w.err = w.f.SetCellStr(w.sheet, ref, x)
	case int:
		w.err = w.f.SetCellInt(w.sheet, ref, int64(x))
	case float64:
		w.err = w.f.SetCellFloat(w.sheet, ref, round(x), -1, 64)
	default:
		w.err = fmt.Errorf("unexpected cell value %T", v)
	}
}

func (w *sheetWriter) row(row int, values ...any) {
	for i, v := range values {
		w.set(i+1, row, v)
	}
}

func rankingWorkbook(cards []*Card, cat *checklist.Catalog) (*excelize.File, error) {
	var scored []*Card
	for _, c := range cards {
		if c.Scored {
			scored = append(scored, c)
		}
	}
	// Of two cards of one unit only the later is ranked, as in the report.
	scored, _ = latest(scored)
	ranking := Ranking(scored)
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", SheetRanking); err != nil {
		return nil, err
	}
	for _, s := range []string{SheetItems, SheetWeakest} {
		if _, err := f.NewSheet(s); err != nil {
			return nil, err
		}
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}

	w := &sheetWriter{f: f, sheet: SheetRanking}
	head := []any{"名次", "被检查考核单位", "总分（100分）"}
	for _, c := range cat.Categories {
		head = append(head, fmt.Sprintf("%s（%d分）", c.Name, c.Points))
	}
	head = append(head, "检查考核时间", "文件", "状态", "待核原因")
	w.row(1, head...)
	for i, r := range ranking {
		vals := []any{r.Rank, r.Unit, r.Total}
		for _, c := range r.Card.Categories {
			vals = append(vals, c.Score)
		}
		vals = append(vals, r.Card.Date, r.Card.Path, r.Status, r.Reason)
		w.row(i+2, vals...)
	}
	widths := []float64{8, 28, 12}
	for range cat.Categories {
		widths = append(widths, 18)
	}
	widths = append(widths, 14, 40, 8, 50)
	if err := finishSheet(f, w, st, len(head), len(ranking)+1, widths); err != nil {
		return nil, err
	}

	w = &sheetWriter{f: f, sheet: SheetItems}
	head = []any{"被检查考核单位", "总分"}
	widths = []float64{24, 8}
	for _, c := range cat.Categories {
		for _, it := range c.Items {
			head = append(head, fmt.Sprintf("%s %s（%d分）", it.ID, it.Name, it.Points))
			widths = append(widths, 8)
		}
	}
	w.row(1, head...)
	for i, r := range ranking {
		vals := []any{r.Unit, r.Total}
		for _, it := range r.Card.Items {
			vals = append(vals, it.Score)
		}
		w.row(i+2, vals...)
	}
	if err := finishSheet(f, w, st, len(head), len(ranking)+1, widths); err != nil {
		return nil, err
	}

	w = &sheetWriter{f: f, sheet: SheetWeakest}
	head = []any{"序号", "考核项目", "具体要求", "分值", "平均扣分", "扣分单位数"}
	w.row(1, head...)
	names := map[string]string{}
	for _, c := range cat.Categories {
		for _, it := range c.Items {
			names[it.ID] = it.Name
		}
	}
	weakest := Weakest(sound(scored))
	for i, k := range weakest {
		w.row(i+2, i+1, fmt.Sprintf("%s %s（第%d条）", k.Item, names[k.Item], k.Requirement), k.Text, k.Max, k.AverageLost, k.Units)
	}
	if err := finishSheet(f, w, st, len(head), len(weakest)+1, []float64{6, 24, 70, 8, 10, 12}); err != nil {
		return nil, err
	}
	f.SetActiveSheet(0)
	return f, nil
}

type styles struct{ head, body int }

func newStyles(f *excelize.File) (styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	head, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Family: "宋体", Size: 11},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}},
		Border:    border,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
	})
	if err != nil {
		return styles{}, err
	}
	body, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Family: "宋体", Size: 11},
		Border:    border,
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	})
	return styles{head: head, body: body}, err
}

// rowHeights gives each row the height its wrapped text needs (the heading
// at least 32 points): spreadsheet programs do not grow rows excelize writes,
// so a long 具体要求 would print over the rows below it.
func rowHeights(f *excelize.File, sheet string, rows int, widths []float64) error {
	for r := 1; r <= rows; r++ {
		need := 0.0
		if r == 1 {
			need = 32
		}
		for c, wd := range widths {
			ref, err := excelize.CoordinatesToCellName(c+1, r)
			if err != nil {
				return err
			}
			v, err := f.GetCellValue(sheet, ref)
			if err != nil {
				return err
			}
			if v != "" {
				need = max(need, forms.TextHeight(v, wd))
			}
		}
		if need > 0 {
			if err := f.SetRowHeight(sheet, r, min(409, need)); err != nil {
				return err
			}
		}
	}
	return nil
}

// finishSheet styles, sizes and sets up a sheet for printing: frozen and
// repeated heading row, A4 landscape fitted to the page width.
func finishSheet(f *excelize.File, w *sheetWriter, st styles, cols, rows int, widths []float64) error {
	if w.err != nil {
		return w.err
	}
	sheet := w.sheet
	last, err := excelize.CoordinatesToCellName(cols, 1)
	if err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A1", last, st.head); err != nil {
		return err
	}
	if rows > 1 {
		end, err := excelize.CoordinatesToCellName(cols, rows)
		if err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, "A2", end, st.body); err != nil {
			return err
		}
	}
	for i, wd := range widths {
		name, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		if err := f.SetColWidth(sheet, name, name, wd); err != nil {
			return err
		}
	}
	if err := rowHeights(f, sheet, rows, widths); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	size, orient, one, zero, fit := 9, "landscape", 1, 0, true
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$1:$1", sheet), Scope: sheet})
}
