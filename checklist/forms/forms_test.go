package forms

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"qingdan/checklist"
	"qingdan/internal/xlsxtest"
)

// writeForms writes the attachments into one workbook in a temp folder.
func writeForms(t *testing.T, c *checklist.Catalog, attachments []int, opts FormOptions) (*excelize.File, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "forms.xlsx")
	if err := saveForms(c, path, attachments, opts, false); err != nil {
		t.Fatal(err)
	}
	return xlsxtest.Open(t, path), path
}

// formGrid gives cell access by 1-based column and row.
type formGrid struct {
	t     *testing.T
	f     *excelize.File
	sheet string
	rows  [][]string
}

func newFormGrid(t *testing.T, f *excelize.File, sheet string) *formGrid {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return &formGrid{t: t, f: f, sheet: sheet, rows: rows}
}

func (g *formGrid) at(col, row int) string {
	if row < 1 || row > len(g.rows) || col < 1 || col > len(g.rows[row-1]) {
		return ""
	}
	return g.rows[row-1][col-1]
}

// find returns the first cell whose text satisfies match, row by row.
func (g *formGrid) find(match func(string) bool) (col, row int) {
	for r, cells := range g.rows {
		for c, v := range cells {
			if match(v) {
				return c + 1, r + 1
			}
		}
	}
	return 0, 0
}

func (g *formGrid) findText(text string) (col, row int) {
	return g.find(func(v string) bool { return v == text })
}

// merged returns the merged range starting at the cell as corner coordinates.
func (g *formGrid) merged(col, row int) (c2, r2 int, ok bool) {
	g.t.Helper()
	mcs, err := g.f.GetMergeCells(g.sheet)
	if err != nil {
		g.t.Fatal(err)
	}
	start, _ := excelize.CoordinatesToCellName(col, row)
	for _, mc := range mcs {
		if mc.GetStartAxis() == start {
			c2, r2, err := excelize.CellNameToCoordinates(mc.GetEndAxis())
			if err != nil {
				g.t.Fatal(err)
			}
			return c2, r2, true
		}
	}
	return col, row, false
}

func TestListFormLayout(t *testing.T) {
	c := checklist.DefaultCatalog()
	cases := []struct {
		name        string
		attachment  int
		kind        checklist.Kind
		title       string
		headings    []string
		headerLines []string
		labels      []string
		signatures  []string
		items       int
		firstItem   string
		lastItem    string
	}{
		{"attachment 1 collective", 1, checklist.KindCollective, "党委(党组)领导班子主体责任清单",
			[]string{"责任名称", "序号", "项目任务", "责任人", "责任部门", "工作措施和目标要求"},
			[]string{"单位(盖章)：", "填报日期：   年   月   日"}, nil,
			[]string{"党委(组)主要负责人(签字)："}, 14, "组织领导", "考核问责"},
		{"attachment 2 principal", 2, checklist.KindPrincipal, "领导班子主要负责人责任清单",
			[]string{"责任名称", "序号", "项目任务具体分解内容", "工作措施和目标要求"},
			[]string{"填报日期：   年   月   日"}, []string{"单位", "姓名", "职务"},
			[]string{"领导班子主要负责人（签字）："}, 6, "主要负责人履行“第一责任人”责任", "当好廉洁从政表率"},
		{"attachment 3 member", 3, checklist.KindMember, "班子成员责任清单",
			[]string{"责任名称", "序号", "项目任务具体分解内容", "工作措施和目标要求"},
			[]string{"填报日期：   年   月   日"}, []string{"单位", "姓名", "职务", "分管工作", "联系单位"},
			[]string{"主要负责人(签字)：", "班子成员(签字)："}, 5, "履行“一岗双责”责任", "当好廉洁从政表率"},
		{"attachment 4 supervision", 4, checklist.KindSupervision, "纪委(纪检委员)监督责任清单",
			[]string{"责任名称", "序号", "项目任务具体分解内容", "责任人", "责任部门", "工作措施和目标要求"},
			[]string{"单位(盖章)：", "填报日期：   年   月   日"}, []string{"单位"},
			[]string{"党委(组)主要负责人(签字)：", "纪委(纪检组)主要负责人(签字)："}, 7, "协助党委加强党风廉政建设", "拟提拔干部廉政审查"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, _ := writeForms(t, c, []int{tc.attachment}, FormOptions{})
			sheet := FormSheetName(tc.attachment)
			g := newFormGrid(t, f, sheet)
			width := len(tc.headings) + 3

			if got := g.at(1, 1); got != "附件"+strconv.Itoa(tc.attachment) {
				t.Errorf("A1 = %q, want the 附件 label", got)
			}
			if got := g.at(1, 2); got != tc.title {
				t.Errorf("title = %q, want %q", got, tc.title)
			}
			if c2, _, ok := g.merged(1, 2); !ok || c2 != width {
				t.Errorf("title merged to column %d, want %d", c2, width)
			}
			for _, line := range tc.headerLines {
				if col, _ := g.findText(line); col == 0 {
					t.Errorf("header line %q missing", line)
				}
			}
			for _, label := range tc.labels {
				col, row := g.findText(label)
				if col == 0 {
					t.Errorf("field label %q missing", label)
					continue
				}
				if _, _, ok := g.merged(col+1, row); !ok && label != "姓名" && label != "职务" {
					t.Errorf("value cell of %q is not merged", label)
				}
			}

			// Headings: measures over four quarters, the others merged down two rows.
			_, head := g.findText("责任名称")
			if head == 0 {
				t.Fatal("no heading row")
			}
			col := 1
			for _, h := range tc.headings {
				if got := g.at(col, head); got != h {
					t.Errorf("heading in column %d = %q, want %q", col, got, h)
				}
				c2, r2, ok := g.merged(col, head)
				if h == "工作措施和目标要求" {
					if !ok || c2 != col+3 || r2 != head {
						t.Errorf("measures heading merged to (%d,%d), want over 4 columns", c2, r2)
					}
					for q, name := range []string{"一季度", "二季度", "三季度", "四季度"} {
						if got := g.at(col+q, head+1); got != name {
							t.Errorf("quarter %d heading = %q, want %q", q+1, got, name)
						}
					}
					col += 4
					continue
				}
				if !ok || c2 != col || r2 != head+1 {
					t.Errorf("heading %q not merged over two rows", h)
				}
				col++
			}

			// Pre-filled items: each a block of three rows in the 责任名称 column.
			var names []string
			row := head + 2
			for {
				v := g.at(1, row)
				if v == "" {
					break
				}
				_, r2, ok := g.merged(1, row)
				if !ok || r2 != row+2 {
					t.Errorf("item %q merged to row %d, want %d", v, r2, row+2)
				}
				names = append(names, v)
				row = r2 + 1
			}
			if len(names) != tc.items || names[0] != tc.firstItem || names[len(names)-1] != tc.lastItem {
				t.Errorf("pre-filled items = %v, want %d from %q to %q", names, tc.items, tc.firstItem, tc.lastItem)
			}
			var want []string
			for _, e := range c.KindEntries(tc.kind) {
				want = append(want, e.Name)
			}
			if !slices.Equal(names, want) {
				t.Errorf("pre-filled items = %v, want %v", names, want)
			}

			comments, err := f.GetComments(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if len(comments) != tc.items {
				t.Errorf("%d comments, want one per item (%d)", len(comments), tc.items)
			}
			for _, cm := range comments {
				if cm.Author != "qingdan" {
					t.Errorf("comment author %q", cm.Author)
				}
			}
			first := c.KindEntries(tc.kind)[0]
			if len(comments) > 0 && !strings.Contains(commentText(comments[0]), first.Item.Requirements[0].Text) {
				t.Errorf("first comment %q lacks the item's first requirement", commentText(comments[0]))
			}

			// Signatures below the table.
			for _, sig := range tc.signatures {
				_, r := g.findText(sig)
				if r <= row {
					t.Errorf("signature %q at row %d, want below the table (row %d)", sig, r, row)
				}
			}

			checkNameDropDown(t, f, sheet, tc.kind, want)
			checkPrint(t, f, sheet, head, head+1)
			checkProps(t, f, string(tc.kind))
		})
	}
}

func commentText(cm excelize.Comment) string {
	var b strings.Builder
	b.WriteString(cm.Text)
	for _, p := range cm.Paragraph {
		b.WriteString(p.Text)
	}
	return b.String()
}

func checkNameDropDown(t *testing.T, f *excelize.File, sheet string, kind checklist.Kind, names []string) {
	t.Helper()
	dvs, err := f.GetDataValidations(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var list *excelize.DataValidation
	for _, dv := range dvs {
		if dv.Type == "list" {
			list = dv
		}
	}
	if list == nil || !strings.HasPrefix(list.Sqref, "A") {
		t.Fatalf("no drop-down on the 责任名称 column: %+v", dvs)
	}
	var refersTo string
	for _, dn := range f.GetDefinedName() {
		if dn.Name == list.Formula1 {
			refersTo = dn.RefersTo
		}
	}
	if refersTo == "" {
		t.Fatalf("drop-down source %q is not a defined name", list.Formula1)
	}
	src, rng, _ := strings.Cut(refersTo, "!")
	if visible, err := f.GetSheetVisible(src); err != nil || visible {
		t.Errorf("drop-down source sheet %q visible=%v err=%v, want hidden", src, visible, err)
	}
	from, to, _ := strings.Cut(strings.ReplaceAll(rng, "$", ""), ":")
	c1, r1, _ := excelize.CellNameToCoordinates(from)
	_, r2, _ := excelize.CellNameToCoordinates(to)
	var got []string
	for r := r1; r <= r2; r++ {
		cell, _ := excelize.CoordinatesToCellName(c1, r)
		v, _ := f.GetCellValue(src, cell)
		got = append(got, v)
	}
	if !slices.Equal(got, names) {
		t.Errorf("drop-down offers %v, want %v", got, names)
	}
}

func checkPrint(t *testing.T, f *excelize.File, sheet string, headFirst, headLast int) {
	t.Helper()
	pl, err := f.GetPageLayout(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if pl.Size == nil || *pl.Size != 9 {
		t.Errorf("paper size %v, want 9 (A4)", pl.Size)
	}
	if pl.Orientation == nil || *pl.Orientation != "landscape" {
		t.Errorf("orientation %v, want landscape", pl.Orientation)
	}
	if pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.FitToHeight == nil || *pl.FitToHeight != 0 {
		t.Errorf("fit to %v×%v pages, want 1 wide, any height", pl.FitToWidth, pl.FitToHeight)
	}
	props, err := f.GetSheetProps(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if props.FitToPage == nil || !*props.FitToPage {
		t.Error("fit to page is off")
	}
	want := "$" + strconv.Itoa(headFirst) + ":$" + strconv.Itoa(headLast)
	found := false
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" && dn.Scope == sheet && strings.HasSuffix(dn.RefersTo, want) {
			found = true
		}
	}
	if !found {
		t.Errorf("no print titles %s on %s: %+v", want, sheet, f.GetDefinedName())
	}
}

func checkProps(t *testing.T, f *excelize.File, kind string) {
	t.Helper()
	props, err := f.GetCustomProps()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]any{}
	for _, p := range props {
		got[p.Name] = p.Value
	}
	if got[PropKind] != kind || got[PropVersion] != checklist.DefaultCatalog().Version {
		t.Errorf("custom properties %v, want kind %s and version %s", got, kind, checklist.DefaultCatalog().Version)
	}
}

func TestBlankForms(t *testing.T) {
	c := checklist.DefaultCatalog()
	cases := []struct {
		attachment int
		rows       int
	}{{1, 12}, {2, 8}, {3, 5}, {4, 8}}
	for _, tc := range cases {
		t.Run("attachment "+strconv.Itoa(tc.attachment), func(t *testing.T) {
			f, _ := writeForms(t, c, []int{tc.attachment}, FormOptions{Blank: true})
			sheet := FormSheetName(tc.attachment)
			g := newFormGrid(t, f, sheet)
			_, head := g.findText("责任名称")
			spec := c.Kind(KindOfAttachment(c, tc.attachment))
			_, sig := g.findText(spec.Signatures[0])
			if got := sig - 1 - (head + 2); got != tc.rows {
				t.Errorf("%d empty rows, want %d", got, tc.rows)
			}
			for r := head + 2; r < sig; r++ {
				if v := g.at(1, r); v != "" {
					t.Errorf("row %d pre-filled with %q", r, v)
				}
			}
			comments, _ := f.GetComments(sheet)
			if len(comments) != 0 {
				t.Errorf("%d comments on a blank form", len(comments))
			}
			checkNameDropDown(t, f, sheet, spec.ID, namesOf(c.KindEntries(spec.ID)))
		})
	}
}

func namesOf(es []*checklist.Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Name)
	}
	return out
}

func TestFormWording(t *testing.T) {
	c := checklist.DefaultCatalog()
	cases := []struct {
		name       string
		attachment int
		opts       FormOptions
		want       []string
		absent     []string
	}{
		{"党支部 on attachment 1", 1, FormOptions{Org: OrgBranch},
			[]string{"党支部领导班子主体责任清单", "党支部主要负责人(签字)："}, []string{"党委(党组)领导班子主体责任清单"}},
		{"党组 on attachment 1", 1, FormOptions{Org: OrgGroup},
			[]string{"党组领导班子主体责任清单", "党组主要负责人(签字)："}, nil},
		{"党支部 on attachment 4", 4, FormOptions{Org: OrgBranch},
			[]string{"纪检委员监督责任清单", "党支部主要负责人(签字)：", "纪检委员(签字)："}, []string{"纪委(纪检组)主要负责人(签字)："}},
		{"党委 on attachment 4", 4, FormOptions{Org: OrgCommittee},
			[]string{"纪委监督责任清单", "党委主要负责人(签字)：", "纪委主要负责人(签字)："}, nil},
		{"year and unit on attachment 1", 1, FormOptions{Year: 2017, Unit: "某某小学"},
			[]string{"2017年度党委(党组)领导班子主体责任清单", "单位(盖章)：某某小学", "填报日期：2017年   月   日"}, nil},
		{"unit in the field row of attachment 2", 2, FormOptions{Year: 2018, Unit: "某某小学"},
			[]string{"2018年度领导班子主要负责人责任清单", "某某小学", "填报日期：2018年   月   日"}, nil},
		{"year and unit on the 评分表", 5, FormOptions{Year: 2017, Unit: "某某小学"},
			[]string{"2017年度县（市、区）落实“两个责任”情况督查考核评分表", "被检查考核单位：某某小学"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, _ := writeForms(t, c, []int{tc.attachment}, tc.opts)
			g := newFormGrid(t, f, FormSheetName(tc.attachment))
			for _, w := range tc.want {
				if col, _ := g.findText(w); col == 0 {
					t.Errorf("%q missing", w)
				}
			}
			for _, a := range tc.absent {
				if col, _ := g.findText(a); col != 0 {
					t.Errorf("%q still there", a)
				}
			}
		})
	}
}

func TestFormFileName(t *testing.T) {
	c := checklist.DefaultCatalog()
	cases := []struct {
		attachment int
		opts       FormOptions
		want       string
	}{
		{1, FormOptions{}, "附件1 党委(党组)领导班子主体责任清单.xlsx"},
		{3, FormOptions{Year: 2017, Unit: "某某小学"}, "附件3 班子成员责任清单.xlsx"},
		{4, FormOptions{Org: OrgBranch}, "附件4 纪检委员监督责任清单.xlsx"},
		{5, FormOptions{}, "附件5 县（市、区）落实“两个责任”情况督查考核评分表.xlsx"},
		{1, FormOptions{Example: true}, "示例 附件1 党委(党组)领导班子主体责任清单.xlsx"},
	}
	for _, tc := range cases {
		if got := FormFileName(c, tc.attachment, tc.opts); got != tc.want {
			t.Errorf("FormFileName(%d, %+v) = %q, want %q", tc.attachment, tc.opts, got, tc.want)
		}
	}
}

// scorecardLayout finds the 评分表's heading row and columns by content.
func scorecardLayout(t *testing.T, g *formGrid) (head int, cols map[string]int) {
	t.Helper()
	_, head = g.find(func(v string) bool { return v == "具体要求" })
	cols = map[string]int{}
	for c := 1; c <= len(g.rows[head-1]); c++ {
		cols[g.at(c, head)] = c
	}
	for _, h := range []string{"考核类别", "序号", "考核项目", "标准分", "分值", "具体要求", "考核得分", "扣分说明", "项目得分"} {
		if cols[h] == 0 {
			t.Fatalf("heading %q missing in row %d: %v", h, head, g.rows[head-1])
		}
	}
	return head, cols
}

func TestScorecard(t *testing.T) {
	c := checklist.DefaultCatalog()
	f, path := writeForms(t, c, []int{5}, FormOptions{})
	sheet := FormSheetName(5)
	g := newFormGrid(t, f, sheet)
	if g.at(1, 1) != "附件5" || g.at(1, 2) != "县（市、区）落实“两个责任”情况督查考核评分表" || g.at(1, 3) != "（征求意见稿）" {
		t.Errorf("label/title/subtitle = %q %q %q", g.at(1, 1), g.at(1, 2), g.at(1, 3))
	}
	for _, s := range []string{"被检查考核单位：", "检查考核时间：", "党委领导班子集体责任(40分)", "领导班子成员的个人责任(20分)", "纪委监督责任(40分)"} {
		if col, _ := g.findText(s); col == 0 {
			t.Errorf("%q missing", s)
		}
	}
	head, cols := scorecardLayout(t, g)
	checkPrint(t, f, sheet, head, head)
	checkProps(t, f, ScorecardKind)

	dvs, err := f.GetDataValidations(sheet)
	if err != nil {
		t.Fatal(err)
	}
	dvFor := func(cell string) *excelize.DataValidation {
		for _, dv := range dvs {
			if slices.Contains(strings.Fields(dv.Sqref), cell) {
				return dv
			}
		}
		return nil
	}

	// Walk the lines: every catalog requirement in order, with merged item cells.
	var lines, items int
	row := head + 1
	var catTotals []string
	for _, cat := range c.Categories {
		if g.at(1, row) != cat.Name+"("+strconv.Itoa(cat.Points)+"分)" {
			t.Fatalf("row %d = %q, want the band of %s", row, g.at(1, row), cat.Name)
		}
		if c2, _, ok := g.merged(1, row); !ok || c2 != len(cols) {
			t.Errorf("band of %s not merged over the table", cat.Name)
		}
		row++
		if g.at(cols["考核类别"], row) != cat.Group {
			t.Errorf("考核类别 at row %d = %q, want %q", row, g.at(cols["考核类别"], row), cat.Group)
		}
		for _, it := range cat.Items {
			items++
			if g.at(cols["序号"], row) != it.ID || g.at(cols["考核项目"], row) != it.Name || g.at(cols["标准分"], row) != strconv.Itoa(it.Points) {
				t.Errorf("item row %d = %q %q %q, want %s %s %d", row, g.at(cols["序号"], row), g.at(cols["考核项目"], row), g.at(cols["标准分"], row), it.ID, it.Name, it.Points)
			}
			for _, name := range []string{"序号", "考核项目", "标准分", "项目得分"} {
				if _, r2, ok := g.merged(cols[name], row); len(it.Requirements) > 1 && (!ok || r2 != row+len(it.Requirements)-1) {
					t.Errorf("item %s: %s not merged over its %d lines", it.ID, name, len(it.Requirements))
				}
			}
			itemTotal, _ := excelize.CoordinatesToCellName(cols["项目得分"], row)
			if got, err := f.CalcCellValue(sheet, itemTotal); err != nil || got != "" {
				t.Errorf("item %s total %s = %q (%v) before any line is scored, want it empty", it.ID, itemTotal, got, err)
			}
			for _, r := range it.Requirements {
				lines++
				if g.at(cols["具体要求"], row) != r.Text || g.at(cols["分值"], row) != strconv.Itoa(r.Points) {
					t.Errorf("line row %d = %q (%q), want %q (%d)", row, g.at(cols["具体要求"], row), g.at(cols["分值"], row), r.Text, r.Points)
				}
				cell, _ := excelize.CoordinatesToCellName(cols["考核得分"], row)
				dv := dvFor(cell)
				wantList := `"√,×,半扣,合格,不合格,` + strconv.Itoa(r.Points)
				if dv == nil || dv.Type != "list" || !strings.HasPrefix(dv.Formula1, wantList) || !strings.HasSuffix(dv.Formula1, `,0"`) ||
					dv.ShowErrorMessage || !dv.ShowInputMessage || dv.Prompt == nil || !strings.Contains(*dv.Prompt, "扣N分") {
					t.Errorf("score cell %s: validation %+v, want a drop-down from %s with an input message and no error alert", cell, dv, wantList)
				}
				if err := f.SetCellValue(sheet, cell, r.Points); err != nil {
					t.Fatal(err)
				}
				row++
			}
			if got, err := f.CalcCellValue(sheet, itemTotal); err != nil || got != strconv.Itoa(it.Points) {
				t.Errorf("item %s total %s = %q (%v), want %d", it.ID, itemTotal, got, err, it.Points)
			}
		}
		total, _ := excelize.CoordinatesToCellName(cols["考核得分"], row)
		if v, err := f.CalcCellValue(sheet, total); err != nil || v != strconv.Itoa(cat.Points) {
			t.Errorf("%s subtotal %s = %q (%v), want %d", cat.Name, total, v, err, cat.Points)
		}
		catTotals = append(catTotals, total)
		row++
	}
	if lines != 70 || items != 21 {
		t.Errorf("%d items and %d lines, want 21 and 70", items, lines)
	}
	if !strings.HasPrefix(g.at(1, row), "总分") {
		t.Errorf("row %d = %q, want the 总分 row", row, g.at(1, row))
	}
	total, _ := excelize.CoordinatesToCellName(cols["考核得分"], row)
	if len(catTotals) != 3 {
		t.Errorf("subtotals %v, want three", catTotals)
	}
	if v, err := f.CalcCellValue(sheet, total); err != nil || v != "100" {
		t.Errorf("总分 = %q (%v), want 100 with every line at its points", v, err)
	}
	maxTotal, _ := excelize.CoordinatesToCellName(cols["标准分"], row)
	if v, err := f.CalcCellValue(sheet, maxTotal); err != nil || v != "100" {
		t.Errorf("标准分 total = %q (%v), want 100", v, err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
}

// TestScorecardTotals: the 评分表's own totals add numbers and the
// drop-down's marks, and stay empty rather than print a wrong sum.
func TestScorecardTotals(t *testing.T) {
	c := checklist.DefaultCatalog()
	sheet := FormSheetName(5)
	// Item 1 is on rows 7–11 (points 2,2,2,1,2); its 项目得分 is I7, the first 小计 G38, the 总分 G82.
	cases := []struct {
		name   string
		scores []any // rows 7–11
		item   string
	}{
		{"nothing entered", nil, ""},
		{"numbers so far", []any{2, 1.5}, "3.5"},
		{"marks of the drop-down", []any{"√", "半扣", "×", "合格", 0.5}, "4.5"},
		{"不合格 counts 0", []any{"不合格", "√", "√", "√", "√"}, "7"},
		{"扣N分 leaves it empty", []any{"扣1分", "√"}, ""},
		{"a note leaves it empty", []any{"×（未书面报告）"}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, _ := writeForms(t, c, []int{5}, FormOptions{})
			for i, v := range tc.scores {
				if err := f.SetCellValue(sheet, "G"+strconv.Itoa(7+i), v); err != nil {
					t.Fatal(err)
				}
			}
			for _, ref := range []string{"I7", "G38", "G82"} {
				got, err := f.CalcCellValue(sheet, ref)
				if err != nil || got != tc.item {
					t.Errorf("%s = %q (%v), want %q", ref, got, err, tc.item)
				}
			}
		})
	}
}

// TestScorecardCachedValues: formulas of a fresh 评分表 carry their values
// as numbers (openpyxl and pandas read them), and the blank totals none.
func TestScorecardCachedValues(t *testing.T) {
	c := checklist.DefaultCatalog()
	sheet := FormSheetName(5)
	var buf bytes.Buffer
	if err := WriteExample(&buf, c, 5, ExampleOptions{}); err != nil {
		t.Fatal(err)
	}
	example := xlsxtest.OpenBytes(t, buf.Bytes())
	blank, _ := writeForms(t, c, []int{5}, FormOptions{})
	for _, tc := range []struct {
		name string
		f    *excelize.File
		want map[string]string
	}{
		{"example", example, map[string]string{"I7": "8.5", "G38": "39", "D38": "40", "G82": "97", "D82": "100"}},
		{"blank", blank, map[string]string{"I7": "", "G38": "", "D38": "40", "G82": "", "D82": "100"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for ref, want := range tc.want {
				got, _ := tc.f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
				typ, _ := tc.f.GetCellType(sheet, ref)
				if formula, _ := tc.f.GetCellFormula(sheet, ref); formula == "" {
					t.Errorf("%s lost its formula", ref)
				}
				if got != want || (want != "" && typ == excelize.CellTypeFormula) {
					t.Errorf("%s caches %q (type %v), want %q as a number", ref, got, typ, want)
				}
			}
		})
	}
}

func TestSavedFormsRefuseExisting(t *testing.T) {
	c := checklist.DefaultCatalog()
	dir := t.TempDir()
	path := filepath.Join(dir, "已有 文件.xlsx")
	if err := os.WriteFile(path, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := saveForms(c, path, []int{1}, FormOptions{}, false)
	if err == nil || !strings.Contains(err.Error(), "文件已存在") || !strings.Contains(err.Error(), path) {
		t.Fatalf("err = %v, want 文件已存在 naming the file", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "keep me" {
		t.Error("existing file changed without force")
	}
	if err := saveForms(c, path, []int{1}, FormOptions{}, true); err != nil {
		t.Fatalf("force: %v", err)
	}
	f := xlsxtest.Open(t, path)
	if v, _ := f.GetCellValue("附件1", "A1"); v != "附件1" {
		t.Errorf("forced file A1 = %q", v)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("folder holds %d entries, want only the file (no temp files left)", len(entries))
	}

	nested := filepath.Join(dir, "新 文件夹", "子", "表.xlsx")
	if err := saveForms(c, nested, []int{2}, FormOptions{}, false); err != nil {
		t.Fatalf("nested folder: %v", err)
	}
}

func TestSingleWorkbook(t *testing.T) {
	c := checklist.DefaultCatalog()
	f, _ := writeForms(t, c, Attachments, FormOptions{Year: 2017})
	var visible []string
	for _, s := range f.GetSheetList() {
		if v, _ := f.GetSheetVisible(s); v {
			visible = append(visible, s)
		}
	}
	if want := []string{"附件1", "附件2", "附件3", "附件4", "附件5"}; !slices.Equal(visible, want) {
		t.Errorf("visible sheets %v, want %v", visible, want)
	}
	for _, a := range Attachments {
		g := newFormGrid(t, f, FormSheetName(a))
		if got := g.at(1, 2); got != FormTitle(c, a, FormOptions{Year: 2017}) {
			t.Errorf("sheet %d title %q", a, got)
		}
		_, head := g.find(func(v string) bool { return v == "责任名称" || v == "具体要求" })
		headLast := head + 1
		if a == 5 {
			headLast = head
		}
		checkPrint(t, f, FormSheetName(a), head, headLast)
	}
	checkProps(t, f, "collective,principal,member,supervision,scorecard")
}

func TestFormTextHeight(t *testing.T) {
	cases := []struct {
		name  string
		text  string
		width float64
		lines int
	}{
		{"short text one line", "组织领导", 13, 1},
		{"ten CJK characters wrap in a narrow column", "一二三四五六七八九十", 8, 4},
		{"explicit line breaks count", "一\n二\n三", 20, 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := float64(tc.lines)*formLineHeight + 6
			if got := TextHeight(tc.text, tc.width); got != want {
				t.Errorf("height %.1f, want %.1f (%d lines)", got, want, tc.lines)
			}
		})
	}
}

func TestOrgWording(t *testing.T) {
	cases := []struct {
		name, text, org, want string
	}{
		{"notice wording kept without org", "党委(党组)领导班子主体责任清单", "", "党委(党组)领导班子主体责任清单"},
		{"党总支 title", "党委(党组)领导班子主体责任清单", OrgGeneralBranch, "党总支领导班子主体责任清单"},
		{"full-width brackets", "党委（组）主要负责人（签字）：", OrgBranch, "党支部主要负责人（签字）："},
		{"纪检组 for a 党组", "纪委(纪检委员)监督责任清单", OrgGroup, "纪检组监督责任清单"},
		{"unknown org changes nothing", "党委(组)主要负责人(签字)：", "居委会", "党委(组)主要负责人(签字)："},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := OrgWording(tc.text, tc.org); got != tc.want {
				t.Errorf("OrgWording(%q, %q) = %q, want %q", tc.text, tc.org, got, tc.want)
			}
		})
	}
	for org, want := range map[string]bool{"": true, OrgBranch: true, OrgCommittee: true, "居委会": false} {
		if ValidOrg(org) != want {
			t.Errorf("ValidOrg(%q) = %v, want %v", org, !want, want)
		}
	}
}

func TestWriteFormErrorsAndReuse(t *testing.T) {
	c := checklist.DefaultCatalog()
	f := excelize.NewFile()
	defer f.Close()
	if err := WriteForm(c, f, "附件7", 7, FormOptions{}); err == nil || !strings.Contains(err.Error(), "附件7") {
		t.Errorf("attachment 7: err = %v, want one naming 附件7", err)
	}
	if err := WriteForm(c, f, "附件1", 1, FormOptions{Org: "居委会"}); err == nil || !strings.Contains(err.Error(), "居委会") {
		t.Errorf("bad org: err = %v, want one naming it", err)
	}
	// Two members' lists in one workbook share the drop-down source.
	for _, sheet := range []string{"李华", "赵强"} {
		if err := WriteForm(c, f, sheet, 3, FormOptions{Person: sheet}); err != nil {
			t.Fatalf("sheet %s: %v", sheet, err)
		}
		checkNameDropDown(t, f, sheet, checklist.KindMember, namesOf(c.KindEntries(checklist.KindMember)))
		g := newFormGrid(t, f, sheet)
		if col, row := g.findText("姓名"); g.at(col+1, row) != sheet {
			t.Errorf("姓名 on %s = %q", sheet, g.at(col+1, row))
		}
	}
}

// saveForms saves forms as template does.
func saveForms(c *checklist.Catalog, path string, attachments []int, opts FormOptions, force bool) error {
	return checklist.WriteFileAtomic(path, force, func(w io.Writer) error { return WriteForms(w, c, attachments, opts) })
}

// TestSignatureStaysWithTable: the example 附件2 ends just past a page in
// LibreOffice's layout, so its last table row is sent to the signature's
// page; forms that fit leave the page breaks to the program.
func TestSignatureStaysWithTable(t *testing.T) {
	c := checklist.DefaultCatalog()
	cases := []struct {
		name    string
		example bool
		breaks  string // the row breaks of the sheet's XML
	}{
		{"example 附件2", true, `<rowBreaks count="1" manualBreakCount="1"><brk id="13" max="16383" man="true"></brk></rowBreaks>`},
		{"blank 附件2", false, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			var err error
			if tc.example {
				err = WriteExample(&buf, c, 2, ExampleOptions{})
			} else {
				err = WriteForms(&buf, c, []int{2}, FormOptions{})
			}
			if err != nil {
				t.Fatal(err)
			}
			zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
			if err != nil {
				t.Fatal(err)
			}
			rc, err := zr.Open("xl/worksheets/sheet1.xml")
			if err != nil {
				t.Fatal(err)
			}
			data, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			got := regexp.MustCompile(`<rowBreaks.*</rowBreaks>`).FindString(string(data))
			if got != tc.breaks {
				t.Errorf("row breaks %q, want %q", got, tc.breaks)
			}
		})
	}
}

// TestEmptyTaskRowsGrow: the empty task rows of a template have no height
// of their own, so Excel and WPS grow them to the text typed; the sheet's
// default gives them their printed height.
func TestEmptyTaskRowsGrow(t *testing.T) {
	c := checklist.DefaultCatalog()
	for _, tc := range []struct {
		name   string
		opts   FormOptions
		height string
	}{
		{"pre-filled", FormOptions{}, `defaultRowHeight="24" customHeight="true"`},
		{"blank", FormOptions{Blank: true}, `defaultRowHeight="30" customHeight="true"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteForms(&buf, c, []int{2}, tc.opts); err != nil {
				t.Fatal(err)
			}
			zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
			if err != nil {
				t.Fatal(err)
			}
			rc, err := zr.Open("xl/worksheets/sheet1.xml")
			if err != nil {
				t.Fatal(err)
			}
			data, _ := io.ReadAll(rc)
			rc.Close()
			xml := string(data)
			if !strings.Contains(xml, `<sheetFormatPr `+tc.height) {
				t.Errorf("sheet format %q, want %s", regexp.MustCompile(`<sheetFormatPr[^>]*>`).FindString(xml), tc.height)
			}
			// Row 8 is an empty task row of 附件2.
			if row := regexp.MustCompile(`<row r="8"[^>]*>`).FindString(xml); row != `<row r="8">` {
				t.Errorf("first task row %s, want no height of its own", row)
			}
		})
	}
}
