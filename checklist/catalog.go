// Package checklist holds the rule catalog of the notice, the reader of
// filled lists, the validation rules, the unit and roster checks, and the
// summary and annotated copies; the forms and the 公示 page build on it in
// checklist/forms and checklist/publish.
package checklist

import (
	_ "embed"
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/go-playground/validator/v10"
	"go.yaml.in/yaml/v3"
)

//go:embed catalog.yaml
var defaultCatalogYAML []byte

// Catalog is every rule that comes from the notice: the 21 scored items in
// three categories, the six safeguards, the four list kinds and the
// quantified content rules.
type Catalog struct {
	Version    string        `yaml:"version" validate:"required"`
	Source     string        `yaml:"source"`
	Categories []Category    `yaml:"categories" validate:"required,min=1,dive"`
	Safeguards []Safeguard   `yaml:"safeguards" validate:"dive"`
	Kinds      []KindSpec    `yaml:"kinds" validate:"required,min=1,dive"`
	Fields     FieldLabels   `yaml:"fields" validate:"required"`
	Quarters   []string      `yaml:"quarters" validate:"len=4,dive,required"`
	Scorecard  ScorecardSpec `yaml:"scorecard" validate:"required"`
	Content    ContentRules  `yaml:"content" validate:"required"`
	Reading    ReadingRules  `yaml:"reading" validate:"required"`
	// Codes are the Chinese names of the finding codes (missing-list: 缺报清单).
	Codes map[string]string `yaml:"codes" validate:"dive,keys,required,endkeys,required"`
	// text is the rules file as read, which `rules export` writes back.
	text        []byte
	index       map[string]*Entry
	entries     []*Entry
	kindByID    map[Kind]*KindSpec
	matcherOnce sync.Once
	matcher     *Matcher
	// reader is what the list reader derives from the catalog, built at load.
	reader *readerTables
	// derived holds what other packages derive from the catalog (Derived).
	derivedMu sync.Mutex
	derived   map[any]any
}

// Category is one of the three bands of the 评分表.
type Category struct {
	ID     string `yaml:"id" validate:"required"`
	Name   string `yaml:"name" validate:"required"`
	Group  string `yaml:"group"`
	Points int    `yaml:"points" validate:"gt=0"`
	Items  []Item `yaml:"items" validate:"required,min=1,dive"`
}

// Item is one 考核项目 of the 评分表 and one 责任 of the lists.
type Item struct {
	ID           string        `yaml:"id" validate:"required"`
	Name         string        `yaml:"name" validate:"required"`
	Points       int           `yaml:"points" validate:"gt=0"`
	Aliases      []string      `yaml:"aliases" validate:"dive,required"`
	Requirements []Requirement `yaml:"requirements" validate:"required,min=1,dive"`
}

// Requirement is one 具体要求 line with its points and either what planning
// for it looks like or why a school or unit does not plan for it.
type Requirement struct {
	Points        int              `yaml:"points" validate:"gt=0"`
	Text          string           `yaml:"text" validate:"required"`
	Plan          *RequirementPlan `yaml:"plan"`
	NotApplicable string           `yaml:"not_applicable"`
}

// Safeguard is one of the six 保障措施.
type Safeguard struct {
	ID      string   `yaml:"id" validate:"required"`
	Name    string   `yaml:"name" validate:"required"`
	Basis   string   `yaml:"basis"`
	Aliases []string `yaml:"aliases" validate:"dive,required"`
}

// Kind identifies one of the four lists.
type Kind string

// The four list kinds of attachments 1–4.
const (
	KindCollective  Kind = "collective"
	KindPrincipal   Kind = "principal"
	KindMember      Kind = "member"
	KindSupervision Kind = "supervision"
)

// Kinds lists the four list kinds in attachment order.
var Kinds = []Kind{KindCollective, KindPrincipal, KindMember, KindSupervision}

// Column names used in KindSpec.Columns and Headings.
const (
	ColName       = "name"
	ColSeq        = "seq"
	ColTask       = "task"
	ColOwner      = "owner"
	ColDepartment = "department"
	ColMeasures   = "measures"
)

// Header field names used in KindSpec.Fields.
const (
	FieldUnit      = "unit"
	FieldName      = "name"
	FieldPosition  = "position"
	FieldPortfolio = "portfolio"
	FieldContacts  = "contacts"
	FieldDate      = "date"
)

// KindSpec describes one list form: its attachment, wording and required items.
type KindSpec struct {
	ID            Kind              `yaml:"id" validate:"required,oneof=collective principal member supervision"`
	Attachment    int               `yaml:"attachment" validate:"gte=1,lte=4"`
	Title         string            `yaml:"title" validate:"required"`
	TitlePatterns []string          `yaml:"title_patterns" validate:"required,min=1,dive,required"`
	HeaderLines   []string          `yaml:"header_lines"`
	Fields        []string          `yaml:"fields" validate:"dive,oneof=unit name position portfolio contacts"`
	Columns       []string          `yaml:"columns" validate:"required,min=3,dive,oneof=name seq task owner department measures"`
	Headings      map[string]string `yaml:"headings" validate:"required"`
	Signatures    []string          `yaml:"signatures"`
	Items         []string          `yaml:"items" validate:"required,min=1,dive,required"`
}

// FieldLabels are the printed labels of the header fields.
type FieldLabels struct {
	Unit      string `yaml:"unit" validate:"required"`
	Name      string `yaml:"name" validate:"required"`
	Position  string `yaml:"position" validate:"required"`
	Portfolio string `yaml:"portfolio" validate:"required"`
	Contacts  string `yaml:"contacts" validate:"required"`
	Date      string `yaml:"date" validate:"required"`
}

// ScorecardSpec describes the 评分表 form.
type ScorecardSpec struct {
	Attachment    int              `yaml:"attachment" validate:"eq=5"`
	Title         string           `yaml:"title" validate:"required"`
	Subtitle      string           `yaml:"subtitle"`
	TitlePatterns []string         `yaml:"title_patterns" validate:"required,min=1,dive,required"`
	HeaderLines   []string         `yaml:"header_lines"`
	Headings      []string         `yaml:"headings" validate:"len=7,dive,required"`
	Reading       ScorecardReading `yaml:"reading" validate:"required"`
}

// ScorecardReading is the headings and labels a filled 评分表 is read by,
// each matched after Normalize by containment (WeakScore by equality).
type ScorecardReading struct {
	Requirement []string `yaml:"requirement" validate:"required,min=1,dive,required"`
	Score       []string `yaml:"score" validate:"required,min=1,dive,required"`
	WeakScore   []string `yaml:"weak_score" validate:"dive,required"`
	Inspectors  []string `yaml:"inspectors" validate:"dive,required"`
	Self        []string `yaml:"self" validate:"dive,required"`
	Extra       []string `yaml:"extra" validate:"dive,required"`
	Note        []string `yaml:"note" validate:"dive,required"`
	ItemSum     []string `yaml:"item_sum" validate:"dive,required"`
	CategorySum []string `yaml:"category_sum" validate:"dive,required"`
	UnitLabels  []string `yaml:"unit_labels" validate:"dive,required"`
	DateLabels  []string `yaml:"date_labels" validate:"dive,required"`
}

// ReadingRules is how filled lists are read beyond the forms' own words:
// the headings and labels units write on forms they build themselves, and
// the placeholders of an empty quarter.
type ReadingRules struct {
	HeadingRow     []string            `yaml:"heading_row" validate:"required,min=1,dive,required"`
	HeadingAliases []HeadingAlias      `yaml:"heading_aliases" validate:"required,min=1,dive"`
	FieldAliases   map[string][]string `yaml:"field_aliases" validate:"dive,keys,oneof=unit name position portfolio contacts date,endkeys,dive,required"`
	Placeholders   []string            `yaml:"placeholders" validate:"dive,required"`
}

// HeadingAlias names the column of a heading that equals, contains or ends
// with one of its words.
type HeadingAlias struct {
	Column   string   `yaml:"column" validate:"oneof=name seq task owner department measures"`
	Equals   []string `yaml:"equals" validate:"dive,required"`
	Contains []string `yaml:"contains" validate:"dive,required"`
	Suffixes []string `yaml:"suffixes" validate:"dive,required"`
}

// matches says whether a normalised heading is one of the alias's.
func (a *HeadingAlias) matches(n string) bool {
	return slices.Contains(a.Equals, n) ||
		slices.ContainsFunc(a.Contains, func(w string) bool { return strings.Contains(n, w) }) ||
		slices.ContainsFunc(a.Suffixes, func(w string) bool { return strings.HasSuffix(n, w) })
}

// Derived returns what build derives from the catalog under key, building
// it on first use: tables another package (scoring) derives once per
// catalog, kept with it rather than in a global cache.
func (c *Catalog) Derived(key any, build func() any) any {
	c.derivedMu.Lock()
	defer c.derivedMu.Unlock()
	if v, ok := c.derived[key]; ok {
		return v
	}
	if c.derived == nil {
		c.derived = map[any]any{}
	}
	v := build()
	c.derived[key] = v
	return v
}

// ContentRules are the notice's quantified demands on the measures.
type ContentRules struct {
	Quantifiers []string `yaml:"quantifiers" validate:"required,min=1,dive,required"`
	Talk        struct {
		Keywords []string `yaml:"keywords" validate:"required,min=1,dive,required"`
		Monthly  []string `yaml:"monthly" validate:"required,min=1,dive,required"`
		MinRatio float64  `yaml:"min_ratio" validate:"gt=0,lte=100"`
	} `yaml:"talk"`
	Lecture struct {
		Keywords []string `yaml:"keywords" validate:"required,min=1,dive,required"`
	} `yaml:"lecture"`
	QuarterlyMeeting struct {
		Keywords  []string `yaml:"keywords" validate:"required,min=1,dive,required"`
		Meeting   []string `yaml:"meeting" validate:"required,min=1,dive,required"`
		Quarterly []string `yaml:"quarterly" validate:"required,min=1,dive,required"`
	} `yaml:"quarterly_meeting"`
}

// Entry is an item or a safeguard, as a list names it.
type Entry struct {
	ID       string
	Name     string
	Aliases  []string
	Category *Category // nil for a safeguard
	Item     *Item     // nil for a safeguard
	Basis    string
}

// Safeguard reports whether the entry is one of the 保障措施.
func (e *Entry) Safeguard() bool { return e.Item == nil }

// Points is the item's 标准分 (0 for a safeguard).
func (e *Entry) Points() int {
	if e.Item == nil {
		return 0
	}
	return e.Item.Points
}

// RequirementsText joins the item's 具体要求 for a comment or an input message.
func (e *Entry) RequirementsText() string {
	if e.Item == nil {
		return e.Basis
	}
	var b strings.Builder
	for i, r := range e.Item.Requirements {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%d. %s（%d分）", i+1, r.Text, r.Points)
	}
	return b.String()
}

// DefaultCatalog parses the embedded rules file. It panics only if the
// embedded file is broken, which the tests rule out.
func DefaultCatalog() *Catalog {
	c, err := ParseCatalog(defaultCatalogYAML)
	if err != nil {
		panic(fmt.Sprintf("embedded catalog.yaml: %v", err))
	}
	return c
}

// LoadCatalog reads and checks a rules file.
func LoadCatalog(path string) (*Catalog, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("无法读取规则文件 %s：%w", path, err)
	}
	c, err := ParseCatalog(data)
	if err != nil {
		return nil, fmt.Errorf("规则文件 %s 无效：%w", path, err)
	}
	return c, nil
}

// ParseCatalog decodes a rules file and checks it: structure with validator,
// then ids, references and point sums.
func ParseCatalog(data []byte) (*Catalog, error) {
	var c Catalog
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, yamlErrorZH(data, err)
	}
	if err := validateStruct(&c); err != nil {
		return nil, locateProblems(data, err)
	}
	if err := c.build(); err != nil {
		return nil, locateProblems(data, err)
	}
	c.text = append([]byte(nil), data...)
	return &c, nil
}

// builtinCodes are the code names of the embedded rules, for a rules file
// written before it had codes.
var builtinCodes = sync.OnceValue(func() map[string]string { return DefaultCatalog().Codes })

// CodeName is the Chinese name of a finding code: from the rules file, else
// from the embedded rules, else the code itself.
func (c *Catalog) CodeName(code string) string {
	if n := c.Codes[code]; n != "" {
		return n
	}
	if n := builtinCodes()[code]; n != "" {
		return n
	}
	return code
}

// YAML returns the rules file the catalog was parsed from, byte for byte.
func (c *Catalog) YAML() []byte { return append([]byte(nil), c.text...) }

var structValidator = validator.New(validator.WithRequiredStructEnabled())

func init() {
	structValidator.RegisterTagNameFunc(func(f reflect.StructField) string {
		name := strings.SplitN(f.Tag.Get("yaml"), ",", 2)[0]
		if name == "-" {
			return ""
		}
		return name
	})
}

func validateStruct(c *Catalog) error {
	err := structValidator.Struct(c)
	if err == nil {
		return nil
	}
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		return fmt.Errorf("规则文件检查失败：%w", err)
	}
	msgs := make([]string, 0, len(verrs))
	for _, fe := range verrs {
		msgs = append(msgs, fmt.Sprintf("字段 %s %s", yamlPath(fe.Namespace()), reasonZH(fe)))
	}
	return errors.New(strings.Join(msgs, "；"))
}

// yamlPath turns "Catalog.categories[0].items[2].name" into "categories[0].items[2].name".
func yamlPath(ns string) string {
	if i := strings.IndexByte(ns, '.'); i >= 0 {
		return ns[i+1:]
	}
	return ns
}

func reasonZH(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required":
		return "不能为空"
	case "gt":
		return "必须大于 " + fe.Param() + fmt.Sprintf("（现为 %v）", fe.Value())
	case "gte":
		return "不能小于 " + fe.Param() + fmt.Sprintf("（现为 %v）", fe.Value())
	case "lte":
		return "不能大于 " + fe.Param() + fmt.Sprintf("（现为 %v）", fe.Value())
	case "eq":
		return "必须等于 " + fe.Param() + fmt.Sprintf("（现为 %v）", fe.Value())
	case "len":
		return "必须恰有 " + fe.Param() + " 项"
	case "min":
		return "至少需要 " + fe.Param() + " 项"
	case "oneof":
		return fmt.Sprintf("取值 %v 无效，应为 %s 之一", fe.Value(), fe.Param())
	}
	return "不符合要求（" + fe.Tag() + "）"
}

// build checks what validator cannot (unique ids, references, sums) and
// builds the lookup tables.
func (c *Catalog) build() error {
	var problems []string
	c.index = map[string]*Entry{}
	total := 0
	for ci := range c.Categories {
		cat := &c.Categories[ci]
		sum := 0
		for ii := range cat.Items {
			it := &cat.Items[ii]
			if _, dup := c.index[it.ID]; dup {
				problems = append(problems, fmt.Sprintf("字段 categories[%d].items[%d].id 重复：%s", ci, ii, it.ID))
				continue
			}
			rs := 0
			for _, r := range it.Requirements {
				rs += r.Points
			}
			if rs != it.Points {
				problems = append(problems, fmt.Sprintf("字段 categories[%d].items[%d].points：事项 %s「%s」标准分为 %d，但具体要求分值合计 %d",
					ci, ii, it.ID, it.Name, it.Points, rs))
			}
			sum += it.Points
			e := &Entry{ID: it.ID, Name: it.Name, Aliases: it.Aliases, Category: cat, Item: it}
			c.index[it.ID] = e
			c.entries = append(c.entries, e)
		}
		if sum != cat.Points {
			problems = append(problems, fmt.Sprintf("字段 categories[%d].points：类别「%s」为 %d 分，但所含事项合计 %d 分", ci, cat.Name, cat.Points, sum))
		}
		total += cat.Points
	}
	if total != 100 {
		problems = append(problems, fmt.Sprintf("字段 categories：三类合计应为 100 分，现为 %d 分", total))
	}
	for si := range c.Safeguards {
		s := &c.Safeguards[si]
		if _, dup := c.index[s.ID]; dup {
			problems = append(problems, fmt.Sprintf("字段 safeguards[%d].id 重复：%s", si, s.ID))
			continue
		}
		e := &Entry{ID: s.ID, Name: s.Name, Aliases: s.Aliases, Basis: s.Basis}
		c.index[s.ID] = e
		c.entries = append(c.entries, e)
	}
	c.kindByID = map[Kind]*KindSpec{}
	for ki := range c.Kinds {
		k := &c.Kinds[ki]
		if _, dup := c.kindByID[k.ID]; dup {
			problems = append(problems, fmt.Sprintf("字段 kinds[%d].id 重复：%s", ki, k.ID))
		}
		c.kindByID[k.ID] = k
		for _, col := range k.Columns {
			if k.Headings[col] == "" {
				problems = append(problems, fmt.Sprintf("字段 kinds[%d].headings.%s 不能为空", ki, col))
			}
		}
		for _, id := range k.Items {
			if c.index[id] == nil {
				problems = append(problems, fmt.Sprintf("字段 kinds[%d].items：未知事项编号 %s", ki, id))
			}
		}
	}
	for _, want := range Kinds {
		if c.kindByID[want] == nil {
			problems = append(problems, fmt.Sprintf("字段 kinds：缺少清单种类 %s", want))
		}
	}
	hasName := false
	for _, a := range c.Reading.HeadingAliases {
		hasName = hasName || (a.Column == ColName && len(a.Equals)+len(a.Contains)+len(a.Suffixes) > 0)
	}
	if !hasName {
		problems = append(problems, "字段 reading.heading_aliases：缺少 name（责任名称）列的写法，无法找到清单的表头行")
	}
	problems = append(problems, c.checkPlans()...)
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "；"))
	}
	c.reader = newReaderTables(c)
	return nil
}

// Entry returns the item or safeguard with that id, or nil.
func (c *Catalog) Entry(id string) *Entry { return c.index[id] }

// Entries returns items 1–21 then the safeguards, in catalog order.
func (c *Catalog) Entries() []*Entry { return c.entries }

// Kind returns the form of one list kind.
func (c *Catalog) Kind(k Kind) *KindSpec { return c.kindByID[k] }

// KindEntries returns the entries a list kind must contain, in order.
func (c *Catalog) KindEntries(k Kind) []*Entry {
	spec := c.kindByID[k]
	if spec == nil {
		return nil
	}
	out := make([]*Entry, 0, len(spec.Items))
	for _, id := range spec.Items {
		out = append(out, c.index[id])
	}
	return out
}

// ItemCount is the number of scored items (21 in the notice).
func (c *Catalog) ItemCount() int {
	n := 0
	for _, cat := range c.Categories {
		n += len(cat.Items)
	}
	return n
}

// RequirementCount is the number of 具体要求 lines (70 in the notice).
func (c *Catalog) RequirementCount() int {
	n := 0
	for _, cat := range c.Categories {
		for _, it := range cat.Items {
			n += len(it.Requirements)
		}
	}
	return n
}

// FieldLabel returns the printed label of a header field.
func (c *Catalog) FieldLabel(field string) string {
	switch field {
	case FieldUnit:
		return c.Fields.Unit
	case FieldName:
		return c.Fields.Name
	case FieldPosition:
		return c.Fields.Position
	case FieldPortfolio:
		return c.Fields.Portfolio
	case FieldContacts:
		return c.Fields.Contacts
	case FieldDate:
		return c.Fields.Date
	}
	return field
}

// KindName is the Chinese name of a list kind, e.g. 班子成员责任清单.
func (c *Catalog) KindName(k Kind) string {
	if s := c.kindByID[k]; s != nil {
		return s.Title
	}
	return string(k)
}
