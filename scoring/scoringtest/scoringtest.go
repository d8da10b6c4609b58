// Package scoringtest builds filled 评分表 workbooks for tests, in the
// layouts the reader must understand.
package scoringtest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"qingdan/checklist"
)

// Layouts a card can be written in.
const (
	Ours    = "ours"    // our template: 分值 and 扣分说明 columns, formulas, total row
	Plain   = "plain"   // the notice's: no 分值 label, no 扣分说明, no formulas, 考核得分 last
	Retyped = "retyped" // retyped by hand: other columns, heading lower, label and value cells
)

// Formula marks a cell value to write as a formula (without cached value).
type Formula string

// Card describes a 评分表 to write.
type Card struct {
	Layout string
	Sheet  string // default "评分表"
	Unit   string
	Date   string
	// Score gives the 考核得分 of a line (item id, 1-based line): a string,
	// a number, or a Formula; nil leaves the cell empty. Nil Score gives
	// every line its full points.
	Score func(item string, line int, points int) any
	// Note gives the 扣分说明 (ours and retyped only).
	Note func(item string, line int) string
	// Text may edit a line's text; returning "" leaves the row out.
	Text func(item string, line int, text string) string
	// Total is the 总分 cell under the table: nil for none, a number, or a
	// Formula. Ours writes, as the template does, formulas without cached
	// values: 项目得分 per item, a 小计 row per category and the 总分 row
	// (Total, when set, replaces the 总分 formula).
	Total any
	// NoTotal leaves out every total, even in our layout.
	NoTotal bool
}

// FullScore gives every line its points as a number.
func FullScore(_ string, _ int, points int) any { return points }

type cols struct{ group, seq, name, std, pts, req, score, note, itemSum int }

// Write saves the card as an .xlsx at path.
func (c Card) Write(t testing.TB, path string) {
	t.Helper()
	if err := c.write(path); err != nil {
		t.Fatalf("write card %s: %v", path, err)
	}
}

func (c Card) write(path string) error {
	cat := checklist.DefaultCatalog()
	f := excelize.NewFile()
	defer f.Close()
	sheet := c.Sheet
	if sheet == "" {
		sheet = "评分表"
	}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	score := c.Score
	if score == nil {
		score = FullScore
	}
	var cl cols
	var heading int
	var head []string
	set := func(col, row int, v any) error {
		if col == 0 {
			return nil
		}
		ref, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			return err
		}
		if fm, ok := v.(Formula); ok {
			return f.SetCellFormula(sheet, ref, strings.TrimPrefix(string(fm), "="))
		}
		return f.SetCellValue(sheet, ref, v)
	}
	title := cat.Scorecard.Title
	switch c.Layout {
	case Ours:
		cl = cols{group: 1, seq: 2, name: 3, std: 4, pts: 5, req: 6, score: 7, note: 8, itemSum: 9}
		heading = 5
		head = []string{"考核类别", "序号", "考核项目", "标准分", "分值", "具体要求", "考核得分", "扣分说明", "项目得分"}
		_ = set(1, 1, "附件5")
		_ = set(1, 2, title)
		_ = set(1, 3, cat.Scorecard.Subtitle)
		_ = set(1, 4, "被检查考核单位："+c.Unit)
		_ = set(7, 4, "检查考核时间："+c.Date)
		for _, m := range [][2]string{{"A2", "I2"}, {"A3", "I3"}, {"A4", "F4"}, {"G4", "I4"}} {
			if err := f.MergeCell(sheet, m[0], m[1]); err != nil {
				return err
			}
		}
	case Plain:
		cl = cols{group: 1, seq: 2, name: 3, std: 4, pts: 5, req: 6, score: 7}
		heading = 5
		head = []string{"考核\n类别", "序号", "考核\n项目", "标准分", "", "具体要求", "考核\n得分"}
		_ = set(1, 1, "附件5")
		_ = set(1, 2, title)
		_ = set(1, 3, cat.Scorecard.Subtitle)
		_ = set(1, 4, "被检查考核单位：")
		_ = set(2, 4, c.Unit)
		_ = set(5, 4, "检查考核时间：")
		_ = set(6, 4, c.Date)
		if err := f.MergeCell(sheet, "D5", "E5"); err != nil {
			return err
		}
	case Retyped:
		cl = cols{seq: 1, name: 2, req: 3, pts: 4, score: 5, note: 6}
		heading = 7
		head = []string{"序号", "考核项目", "具体 要求", "分值", "考核得分", "扣分原因"}
		_ = set(2, 2, "两个责任情况督查考核评分表")
		_ = set(1, 4, "被检查考核单位: "+c.Unit)
		_ = set(1, 5, "检查考核时间")
		_ = set(3, 5, c.Date)
	default:
		return fmt.Errorf("unknown layout %q", c.Layout)
	}
	for i, h := range head {
		if err := set(i+1, heading, h); err != nil {
			return err
		}
	}
	row := heading + 1
	ours := c.Layout == Ours && !c.NoTotal
	col := func(n, r int) string {
		ref, _ := excelize.CoordinatesToCellName(n, r)
		return ref
	}
	var subtotals []string
	for _, category := range cat.Categories {
		if c.Layout != Retyped {
			_ = set(1, row, fmt.Sprintf("%s(%d分)", category.Name, category.Points))
			row++
		}
		catFirst := row
		for _, it := range category.Items {
			itemFirst := row
			for li, r := range it.Requirements {
				text := r.Text
				if c.Text != nil {
					text = c.Text(it.ID, li+1, text)
				}
				if text == "" {
					continue
				}
				_ = set(cl.group, row, category.Group)
				_ = set(cl.seq, row, it.ID)
				_ = set(cl.name, row, it.Name)
				_ = set(cl.std, row, it.Points)
				_ = set(cl.pts, row, r.Points)
				_ = set(cl.req, row, text)
				if v := score(it.ID, li+1, r.Points); v != nil {
					if err := set(cl.score, row, v); err != nil {
						return err
					}
				}
				if c.Note != nil {
					_ = set(cl.note, row, c.Note(it.ID, li+1))
				}
				row++
			}
			if ours && row > itemFirst {
				if err := set(cl.itemSum, itemFirst, Formula("=SUM("+col(cl.score, itemFirst)+":"+col(cl.score, row-1)+")")); err != nil {
					return err
				}
				if err := f.MergeCell(sheet, col(cl.itemSum, itemFirst), col(cl.itemSum, row-1)); err != nil {
					return err
				}
			}
		}
		if ours {
			_ = set(1, row, fmt.Sprintf("%s小计（满分%d分）", category.Name, category.Points))
			if err := set(cl.score, row, Formula("=SUM("+col(cl.score, catFirst)+":"+col(cl.score, row-1)+")")); err != nil {
				return err
			}
			subtotals = append(subtotals, col(cl.score, row))
			row++
		}
	}
	total := c.Total
	if total == nil && ours {
		total = Formula("=SUM(" + strings.Join(subtotals, ",") + ")")
	}
	if total != nil && !c.NoTotal {
		_ = set(1, row, "总分（满分100分）")
		if err := set(cl.score, row, total); err != nil {
			return err
		}
	}
	return f.SaveAs(path)
}
