// Package forms writes the five forms of the notice as workbooks — the four
// blank lists and the 评分表 (attachment 5) — and the filled examples of
// example.yaml, all laid out from the catalog of package checklist.
package forms

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"

	"qingdan/checklist"
)

// The party organisations a unit may have; --org picks the wording of the forms.
const (
	OrgCommittee     = "党委"
	OrgGroup         = "党组"
	OrgGeneralBranch = "党总支"
	OrgBranch        = "党支部"
)

// Orgs lists the accepted organisations in the order the help shows them.
var Orgs = []string{OrgCommittee, OrgGroup, OrgGeneralBranch, OrgBranch}

// formOrgWording says what the notice's "either/or" wording becomes for each
// organisation; longer patterns come first so they win.
var formOrgWording = map[string][][2]string{
	OrgCommittee: {
		{"党委(党组)", "党委"}, {"党委(组)", "党委"}, {"纪委(纪检组)", "纪委"}, {"纪委(纪检委员)", "纪委"},
	},
	OrgGroup: {
		{"党委(党组)", "党组"}, {"党委(组)", "党组"}, {"纪委(纪检组)", "纪检组"}, {"纪委(纪检委员)", "纪检组"},
	},
	OrgGeneralBranch: {
		{"党委(党组)", "党总支"}, {"党委(组)", "党总支"}, {"纪委(纪检组)主要负责人", "纪检委员"},
		{"纪委(纪检组)", "纪检委员"}, {"纪委(纪检委员)", "纪检委员"},
	},
	OrgBranch: {
		{"党委(党组)", "党支部"}, {"党委(组)", "党支部"}, {"纪委(纪检组)主要负责人", "纪检委员"},
		{"纪委(纪检组)", "纪检委员"}, {"纪委(纪检委员)", "纪检委员"},
	},
}

// ValidOrg reports whether org is empty (the notice's own wording) or one of Orgs.
func ValidOrg(org string) bool {
	_, ok := formOrgWording[org]
	return org == "" || ok
}

// OrgWording rewrites the notice's 党委(党组)/党委(组)/纪委(纪检组) wording for
// the organisation; an empty org keeps the notice's text.
func OrgWording(text, org string) string {
	for _, p := range formOrgWording[org] {
		text = strings.ReplaceAll(text, p[0], p[1])
		full := strings.NewReplacer("(", "（", ")", "）").Replace(p[0])
		text = strings.ReplaceAll(text, full, p[1])
	}
	return text
}

// FormOptions says how to lay out a form.
type FormOptions struct {
	Year    int    // shown in the title (2017年度…) and the date line; 0 leaves them blank
	Unit    string // 单位 / 被检查考核单位
	Org     string // one of Orgs; empty keeps the notice's wording
	Blank   bool   // the official empty rows instead of the pre-filled items
	Example bool   // fill the form for the fictional unit of the example data
	// RowsPerItem is the number of empty rows under each pre-filled item; 0 means 3.
	RowsPerItem int
	// Header fields of attachments 2 and 3 and the date, printed as given.
	Person, Position, Portfolio, Contacts string
	Date                                  string // e.g. 2017年2月10日; empty leaves 年 月 日 to fill
}

// ScorecardKind is the qingdan.kind property of the 评分表.
const ScorecardKind = "scorecard"

// Custom document properties written into every form.
const (
	PropKind    = "qingdan.kind"
	PropVersion = "qingdan.version"
)

// Labels of the 评分表 that the notice leaves implicit (the points column has no
// heading there) and of the totals we add.
const (
	formLinePointsHeading = "分值"
	formItemTotalHeading  = "项目得分"
	formSubtotalLabel     = "%s小计"
	formTotalLabel        = "总分"
	formAttachmentLabel   = "附件%d"
	formExamplePrefix     = "示例 "
	formYearTitle         = "%d年度%s"
	formCatalogSheet      = "_catalog"
	formDefaultRows       = 3
	formTemplateAuthor    = "qingdan"
)

// formBlankRows are the empty rows of the notice's own forms.
var formBlankRows = map[int]int{1: 12, 2: 8, 3: 5, 4: 8}

// Attachments lists the five attachments in order.
var Attachments = []int{1, 2, 3, 4, 5}

// KindOfAttachment returns the list kind of attachments 1–4 and
// ScorecardKind for the 评分表; "" when the attachment does not exist.
func KindOfAttachment(c *checklist.Catalog, n int) checklist.Kind {
	if n == c.Scorecard.Attachment {
		return ScorecardKind
	}
	for _, k := range c.Kinds {
		if k.Attachment == n {
			return k.ID
		}
	}
	return ""
}

// FormTitle is the form's title as printed, with the org wording and the year.
func FormTitle(c *checklist.Catalog, attachment int, opts FormOptions) string {
	var title string
	if attachment == c.Scorecard.Attachment {
		title = c.Scorecard.Title
	} else if spec := c.Kind(KindOfAttachment(c, attachment)); spec != nil {
		title = OrgWording(spec.Title, opts.Org)
	}
	if opts.Year > 0 && title != "" {
		title = fmt.Sprintf(formYearTitle, opts.Year, title)
	}
	return title
}

// FormFileName is the file name of one form, e.g.
// "附件1 党委(党组)领导班子主体责任清单.xlsx", or "示例 附件1 ….xlsx" for an example.
func FormFileName(c *checklist.Catalog, attachment int, opts FormOptions) string {
	title := FormTitle(c, attachment, FormOptions{Org: opts.Org})
	name := fmt.Sprintf(formAttachmentLabel, attachment) + " " + title + ".xlsx"
	if opts.Example {
		name = formExamplePrefix + name
	}
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) {
			return '_'
		}
		return r
	}, name)
}

// FormSheetName is the sheet of one form: 附件1 … 附件5.
func FormSheetName(attachment int) string { return fmt.Sprintf(formAttachmentLabel, attachment) }

// WriteForm lays out one attachment on a sheet of f (created if missing).
func WriteForm(c *checklist.Catalog, f *excelize.File, sheet string, attachment int, opts FormOptions) error {
	var eo *ExampleOptions
	if opts.Example {
		eo = &ExampleOptions{}
	}
	return writeForm(c, f, sheet, attachment, opts, eo)
}

// writeForm lays out one attachment, filled from the example data when eo is set.
func writeForm(c *checklist.Catalog, f *excelize.File, sheet string, attachment int, opts FormOptions, eo *ExampleOptions) error {
	if !ValidOrg(opts.Org) {
		return fmt.Errorf("未知的党组织类型：%s（应为 %s 之一）", opts.Org, strings.Join(Orgs, "、"))
	}
	kind := KindOfAttachment(c, attachment)
	if kind == "" {
		return fmt.Errorf("没有附件%d（应为 1—%d）", attachment, len(Attachments))
	}
	if idx, err := f.GetSheetIndex(sheet); err != nil {
		return err
	} else if idx < 0 {
		if _, err := f.NewSheet(sheet); err != nil {
			return fmt.Errorf("新建工作表 %s：%w", sheet, err)
		}
	}
	var err error
	if kind == ScorecardKind {
		var scores []formScore
		if eo != nil {
			if scores, opts, err = exampleScores(c, opts, *eo); err != nil {
				return err
			}
		}
		err = writeScorecard(c, f, sheet, opts, scores)
	} else {
		var fill *formFill
		if eo != nil {
			if fill, opts, err = exampleFill(c, kind, opts, *eo); err != nil {
				return err
			}
		}
		err = writeListForm(c, f, sheet, kind, opts, fill)
	}
	if err != nil {
		return fmt.Errorf("生成%s：%w", FormSheetName(attachment), err)
	}
	return formSetProps(c, f, string(kind))
}

// formSetProps records the kind (kinds, in a workbook of several forms) and
// the catalog version.
func formSetProps(c *checklist.Catalog, f *excelize.File, kind string) error {
	props, err := f.GetCustomProps()
	if err != nil {
		return err
	}
	kinds := kind
	for _, p := range props {
		if v, ok := p.Value.(string); ok && p.Name == PropKind && v != "" && v != kind {
			kinds = v + "," + kind
		}
	}
	if err := f.SetCustomProps(excelize.CustomProperty{Name: PropKind, Value: kinds}); err != nil {
		return err
	}
	return f.SetCustomProps(excelize.CustomProperty{Name: PropVersion, Value: c.Version})
}

// NewFormWorkbook builds a workbook holding the given attachments, one sheet
// each (named 附件N).
func NewFormWorkbook(c *checklist.Catalog, attachments []int, opts FormOptions) (*excelize.File, error) {
	var eo *ExampleOptions
	if opts.Example {
		eo = &ExampleOptions{}
	}
	return newFormWorkbook(c, attachments, opts, eo)
}

func newFormWorkbook(c *checklist.Catalog, attachments []int, opts FormOptions, eo *ExampleOptions) (*excelize.File, error) {
	if len(attachments) == 0 {
		return nil, errors.New("没有要生成的附件")
	}
	f := excelize.NewFile()
	fail := func(err error) (*excelize.File, error) {
		f.Close()
		return nil, err
	}
	if err := f.SetDefaultFont(formFont); err != nil {
		return fail(err)
	}
	// All form sheets exist before any is written, so the sheet indexes the
	// print titles refer to stay put and the hidden _catalog sheet comes last.
	if err := f.SetSheetName(f.GetSheetName(0), FormSheetName(attachments[0])); err != nil {
		return fail(err)
	}
	for _, a := range attachments[1:] {
		if _, err := f.NewSheet(FormSheetName(a)); err != nil {
			return fail(err)
		}
	}
	for _, a := range attachments {
		if err := writeForm(c, f, FormSheetName(a), a, opts, eo); err != nil {
			return fail(err)
		}
	}
	f.SetActiveSheet(0)
	return f, nil
}

// WriteForms writes a workbook holding the given attachments (NewFormWorkbook) to w.
func WriteForms(w io.Writer, c *checklist.Catalog, attachments []int, opts FormOptions) error {
	f, err := NewFormWorkbook(c, attachments, opts)
	return writeFormWorkbook(w, f, err)
}

// writeFormWorkbook writes a form workbook just built to w, with the values
// cached in its formula cells typed as numbers: excelize marks every
// formula cell t="str", and openpyxl or pandas would read 97 as text.
func writeFormWorkbook(w io.Writer, f *excelize.File, err error) error {
	var buf bytes.Buffer
	if err := checklist.WriteWorkbook(&buf, f, err); err != nil {
		return err
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	for _, part := range zr.File {
		if !strings.HasPrefix(part.Name, "xl/worksheets/sheet") {
			if err := zw.Copy(part); err != nil {
				return err
			}
			continue
		}
		rc, err := part.Open()
		if err != nil {
			return err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		out, err := zw.CreateHeader(&zip.FileHeader{Name: part.Name, Method: zip.Deflate, Modified: part.Modified})
		if err != nil {
			return err
		}
		if _, err := out.Write(formNumberCache.ReplaceAll(data, []byte(`$1><f>$2</f><v>$3</v></c>`))); err != nil {
			return err
		}
	}
	return zw.Close()
}

// formNumberCache is a formula cell of ours whose cached value is a number.
var formNumberCache = regexp.MustCompile(`(<c r="[A-Z]+[0-9]+"(?: s="[0-9]+")?) t="str"><f>([^<]*)</f><v>(-?[0-9]+(?:\.[0-9]+)?)</v></c>`)

// Page and type settings shared by the five forms.
const (
	formFont         = "宋体"
	formFontSize     = 11.0
	formTitleSize    = 16.0
	formLineHeight   = 15.0 // points per wrapped line of 11pt text
	formMinRowHeight = 20.0
	formBlankHeight  = 30.0 // an empty row, high enough to write in by hand
	// formPrefilledHeight keeps the pre-filled forms to two pages or so.
	formPrefilledHeight = 24.0
	formMarginInch      = 0.59 // 1.5 cm
)

// formStyles holds the style ids of one workbook.
type formStyles struct {
	label, title, subtitle, left, right, heading, cell, center, top, number, signature, band, fieldLabel, total int
}

type formStyleDef struct {
	id    *int
	style excelize.Style
}

func newFormStyles(f *excelize.File) (*formStyles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	font := func(size float64, bold bool) *excelize.Font {
		return &excelize.Font{Family: formFont, Size: size, Bold: bold}
	}
	align := func(h string, wrap bool) *excelize.Alignment {
		return &excelize.Alignment{Horizontal: h, Vertical: "center", WrapText: wrap}
	}
	s := &formStyles{}
	var defs []formStyleDef
	add := func(id *int, st excelize.Style) { defs = append(defs, formStyleDef{id, st}) }
	add(&s.label, excelize.Style{Font: font(12, false), Alignment: align("left", false)})
	add(&s.title, excelize.Style{Font: font(formTitleSize, true), Alignment: align("center", true)})
	add(&s.subtitle, excelize.Style{Font: font(12, false), Alignment: align("center", false)})
	add(&s.left, excelize.Style{Font: font(formFontSize, false), Alignment: align("left", false)})
	add(&s.right, excelize.Style{Font: font(formFontSize, false), Alignment: align("right", false)})
	add(&s.heading, excelize.Style{Font: font(formFontSize, true), Alignment: align("center", true), Border: border})
	add(&s.cell, excelize.Style{Font: font(formFontSize, false), Alignment: align("left", true), Border: border})
	add(&s.center, excelize.Style{Font: font(formFontSize, false), Alignment: align("center", true), Border: border})
	// A tall merged cell shows its text at the top, on the page where it starts.
	add(&s.top, excelize.Style{Font: font(formFontSize, false), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top", WrapText: true}, Border: border})
	add(&s.number, excelize.Style{Font: font(formFontSize, false), Alignment: align("center", true), Border: border, NumFmt: 0})
	add(&s.fieldLabel, excelize.Style{Font: font(formFontSize, false), Alignment: align("center", true), Border: border})
	add(&s.signature, excelize.Style{Font: font(12, false), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "bottom"}})
	add(&s.band, excelize.Style{Font: font(formFontSize, true), Alignment: align("left", true), Border: border})
	add(&s.total, excelize.Style{Font: font(formFontSize, true), Alignment: align("center", true), Border: border, NumFmt: 0})
	for _, d := range defs {
		id, err := f.NewStyle(&d.style)
		if err != nil {
			return nil, err
		}
		*d.id = id
	}
	return s, nil
}

// formSheet writes one form's cells and remembers what row heights need.
type formSheet struct {
	f      *excelize.File
	sheet  string
	st     *formStyles
	widths []float64 // column widths, 1-based index - 1
	need   map[int]float64
}

func newFormSheet(f *excelize.File, sheet string, widths []float64) (*formSheet, error) {
	st, err := newFormStyles(f)
	if err != nil {
		return nil, err
	}
	s := &formSheet{f: f, sheet: sheet, st: st, widths: widths, need: map[int]float64{}}
	for i, w := range widths {
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return nil, err
		}
		if err := f.SetColWidth(sheet, col, col, w); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func formCell(col, row int) string {
	name, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		panic(err) // columns and rows come from the layout, never from input
	}
	return name
}

// put writes value into the range (c1,r1)-(c2,r2), merging it when larger than
// one cell, styles the whole range and records the height the text needs.
func (s *formSheet) put(c1, r1, c2, r2 int, value any, style int) error {
	first, last := formCell(c1, r1), formCell(c2, r2)
	if value != nil && value != "" {
		if err := s.f.SetCellValue(s.sheet, first, value); err != nil {
			return err
		}
	}
	if first != last {
		if err := s.f.MergeCell(s.sheet, first, last); err != nil {
			return err
		}
	}
	if err := s.f.SetCellStyle(s.sheet, first, last, style); err != nil {
		return err
	}
	if text, ok := value.(string); ok && text != "" {
		w := 0.0
		for c := c1; c <= c2; c++ {
			w += s.widths[c-1]
		}
		h := TextHeight(text, w) / float64(r2-r1+1)
		for r := r1; r <= r2; r++ {
			s.need[r] = math.Max(s.need[r], h)
		}
	}
	return nil
}

// formula writes a formula cell with its value when one is given: every
// setter of excelize drops a cell's formula, so the value goes in first.
func (s *formSheet) formula(col, row int, formula string, cached []float64, style int) error {
	cell := formCell(col, row)
	for _, v := range cached {
		if err := s.f.SetCellFloat(s.sheet, cell, v, -1, 64); err != nil {
			return err
		}
	}
	if err := s.f.SetCellFormula(s.sheet, cell, formula); err != nil {
		return err
	}
	return s.f.SetCellStyle(s.sheet, cell, cell, style)
}

// heights sets every row from first to last to what its text needs, and at
// least min.
func (s *formSheet) heights(first, last int, min float64) error {
	for r := first; r <= last; r++ {
		if err := s.f.SetRowHeight(s.sheet, r, math.Min(409, math.Max(min, s.need[r]))); err != nil {
			return err
		}
	}
	return nil
}

// formCharPixels are the widths of a column's character unit in the
// programs that print our forms: Excel and WPS with 宋体 (8 pixels), and
// LibreOffice, whose substitute font is wider.
var formCharPixels = []float64{8, 9.5}

// keepTogether lays the rows out on pages as each program in
// formCharPixels would (fitted to the page width, the heading rows
// repeated) and, when in any of them the rows after tableLast (the
// signature block) would print on a page of their own, returns the page
// count to fit the sheet into: that program's pages rounded to the nearest
// whole; when that would shrink the longest layout by more than
// formMinSqueeze, a page break before the last table row instead, which
// sends a row of the table along with the signatures in every program.
func (s *formSheet) keepTogether(headFirst, headLast, tableLast, last int) (pages, breakAt int, err error) {
	if last <= tableLast {
		return 0, 0, nil
	}
	heights := make([]float64, last+1)
	head := 0.0
	for r := 1; r <= last; r++ {
		h, err := s.f.GetRowHeight(s.sheet, r)
		if err != nil {
			return 0, 0, err
		}
		heights[r] = h
		if r >= headFirst && r <= headLast {
			head += h
		}
	}
	fit, most := 0.0, 0.0
	for _, px := range formCharPixels {
		width := 0.0
		for _, w := range s.widths {
			width += (w*px + 5) * 0.75 // a pixel is 0.75 points
		}
		room := formPageHeight / math.Min(1, formPageWidth/width)
		page, used, tablePage := 1, 0.0, 1
		for r := 1; r <= last; r++ {
			if used+heights[r] > room && used > 0 {
				page, used = page+1, head
			}
			used += heights[r]
			if r == tableLast {
				tablePage = page
			}
		}
		pages := float64(page-1) + used/room
		most = math.Max(most, pages)
		if page != tablePage && (fit == 0 || math.Round(pages) < fit) {
			fit = math.Max(1, math.Round(pages))
		}
	}
	switch {
	case fit == 0:
		return 0, 0, nil
	case fit < most*formMinSqueeze:
		return 0, tableLast, nil
	}
	return int(fit), 0, nil
}

// growable leaves the empty rows from first to last without a height of
// their own, at a sheet default of min: Excel and WPS grow such a row to
// the text typed into it, where a row of fixed height clips it. Rows whose
// text needs more than min get that height.
func (s *formSheet) growable(first, last int, min float64) error {
	custom := true
	if err := s.f.SetSheetProps(s.sheet, &excelize.SheetPropsOptions{DefaultRowHeight: &min, CustomHeight: &custom}); err != nil {
		return err
	}
	for r := first; r <= last; r++ {
		h := -1.0 // no height of its own
		if s.need[r] > min {
			h = math.Min(409, s.need[r])
		}
		if err := s.f.SetRowHeight(s.sheet, r, h); err != nil {
			return err
		}
	}
	return nil
}

// TextHeight estimates the points text wrapped in a column of colWidth
// characters needs: spreadsheet programs do not grow rows written by
// excelize. A CJK character takes two width units, and a little slack covers
// font substitution.
func TextHeight(text string, colWidth float64) float64 {
	capacity := math.Max(2, (colWidth-1)*0.95)
	lines := 0
	for _, para := range strings.Split(text, "\n") {
		units := 0.0
		for _, r := range para {
			units += formRuneWidth(r)
		}
		lines += max(1, int(math.Ceil(units/capacity)))
	}
	return float64(lines)*formLineHeight + 6
}

func formRuneWidth(r rune) float64 {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	case width.EastAsianAmbiguous:
		if r >= utf8.RuneSelf {
			return 2
		}
	}
	return 1.1
}

// Printable area of an A4 landscape page inside formMarginInch margins, in points.
const (
	formPageWidth  = 842 - 2*formMarginInch*72
	formPageHeight = 595 - 2*formMarginInch*72
	// formMinSqueeze is the smallest scale a sheet is shrunk to so that its
	// signature block does not print alone on a last page.
	formMinSqueeze = 0.75
)

// pageSetup makes the sheet print on A4 landscape, one page wide, with the
// heading rows repeated on every page, and keeps the rows after tableLast
// (the signature block) up to last on a page with table rows.
func (s *formSheet) pageSetup(headFirst, headLast, tableLast, last int) error {
	enable := true
	if err := s.f.SetSheetProps(s.sheet, &excelize.SheetPropsOptions{FitToPage: &enable}); err != nil {
		return err
	}
	pages, breakAt, err := s.keepTogether(headFirst, headLast, tableLast, last)
	if err != nil {
		return err
	}
	if breakAt > 0 {
		if err := s.f.InsertPageBreak(s.sheet, formCell(1, breakAt)); err != nil {
			return err
		}
	}
	size, orient, one := 9, "landscape", 1
	if err := s.f.SetPageLayout(s.sheet, &excelize.PageLayoutOptions{
		Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &pages,
	}); err != nil {
		return err
	}
	m, hf, centre := formMarginInch, 0.3, true
	if err := s.f.SetPageMargins(s.sheet, &excelize.PageLayoutMarginsOptions{
		Left: &m, Right: &m, Top: &m, Bottom: &m, Header: &hf, Footer: &hf, Horizontally: &centre,
	}); err != nil {
		return err
	}
	if err := s.f.SetHeaderFooter(s.sheet, &excelize.HeaderFooterOptions{
		OddFooter: "&C第 &P 页，共 &N 页",
	}); err != nil {
		return err
	}
	// Print titles are whole rows ("$5:$6"), which the cell-name helpers cannot express.
	ref := fmt.Sprintf("'%s'!$%d:$%d", strings.ReplaceAll(s.sheet, "'", "''"), headFirst, headLast)
	if err := s.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: ref, Scope: s.sheet}); err != nil {
		return err
	}
	return s.f.SetPanes(s.sheet, &excelize.Panes{
		Freeze: true, YSplit: headLast, TopLeftCell: formCell(1, headLast+1), ActivePane: "bottomLeft",
	})
}
