package forms

import (
	_ "embed"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"sync"

	"github.com/xuri/excelize/v2"
	"go.yaml.in/yaml/v3"

	"qingdan/checklist"
)

//go:embed example.yaml
var exampleYAML []byte

// ExampleOptions varies the filled examples, e.g. for a benchmark corpus.
// The zero value gives the documented example of 示例学校.
type ExampleOptions struct {
	Unit string // 单位; empty means the example's 示例学校
	Year int    // 0 means the example's year (2017)
	Seed int64  // 0 is the documented example; others vary tasks, people and deductions
	Rows int    // tasks per item; 0 means the example's own 1–3 (random 1…n with a seed)
}

type exampleDate struct {
	Month int `yaml:"month"`
	Day   int `yaml:"day"`
}

type examplePerson struct {
	Name      string `yaml:"name"`
	Position  string `yaml:"position"`
	Portfolio string `yaml:"portfolio"`
	Contacts  string `yaml:"contacts"`
}

type exampleTask struct {
	Task       string    `yaml:"task"`
	Owner      string    `yaml:"owner"`
	Department string    `yaml:"department"`
	Measures   [4]string `yaml:"measures"`
}

type exampleDeduction struct {
	Item string  `yaml:"item"`
	Line int     `yaml:"line"`
	Lost float64 `yaml:"lost"`
	Note string  `yaml:"note"`
}

type exampleData struct {
	Unit           string                                      `yaml:"unit"`
	Year           int                                         `yaml:"year"`
	Date           exampleDate                                 `yaml:"date"`
	InspectionDate exampleDate                                 `yaml:"inspection_date"`
	Principal      examplePerson                               `yaml:"principal"`
	Members        []examplePerson                             `yaml:"members"`
	Lists          map[checklist.Kind]map[string][]exampleTask `yaml:"lists"`
	People         []string                                    `yaml:"people"`
	Departments    []string                                    `yaml:"departments"`
	Scorecard      struct {
		Unit       string             `yaml:"unit"`
		Deductions []exampleDeduction `yaml:"deductions"`
	} `yaml:"scorecard"`
}

var (
	exampleOnce sync.Once
	exampleVal  *exampleData
	exampleErr  error
)

func loadExample() (*exampleData, error) {
	exampleOnce.Do(func() {
		var d exampleData
		if err := yaml.Unmarshal(exampleYAML, &d); err != nil {
			exampleErr = fmt.Errorf("示例数据 example.yaml：%w", err)
			return
		}
		exampleVal = &d
	})
	return exampleVal, exampleErr
}

func (d exampleDate) format(year int) string {
	return fmt.Sprintf("%d年%d月%d日", year, d.Month, d.Day)
}

// exampleSettings resolves unit, year and the random source of an example.
func exampleSettings(d *exampleData, fo FormOptions, eo ExampleOptions) (unit string, year int, rng *rand.Rand) {
	unit, year = eo.Unit, eo.Year
	if unit == "" {
		unit = fo.Unit
	}
	if unit == "" {
		unit = d.Unit
	}
	if year == 0 {
		year = fo.Year
	}
	if year == 0 {
		year = d.Year
	}
	return unit, year, rand.New(rand.NewPCG(uint64(eo.Seed), 0x716e67))
}

// exampleFill builds the filled content of a list form. Each item keeps its
// first example task (it carries what the content rules look for); the
// others are picked and shuffled by the seed. Items the example data does
// not know (a district's own catalog) get a generic quantified task.
func exampleFill(c *checklist.Catalog, kind checklist.Kind, fo FormOptions, eo ExampleOptions) (*formFill, FormOptions, error) {
	d, err := loadExample()
	if err != nil {
		return nil, fo, err
	}
	unit, year, rng := exampleSettings(d, fo, eo)
	fo.Unit, fo.Year = unit, year
	if fo.Date == "" {
		fo.Date = d.Date.format(year)
	}
	fill := &formFill{unit: unit, date: fo.Date}
	switch kind {
	case checklist.KindPrincipal:
		fill.person, fill.position = d.Principal.Name, d.Principal.Position
	case checklist.KindMember:
		m := d.Members[0]
		if eo.Seed != 0 {
			m = d.Members[rng.IntN(len(d.Members))]
		}
		fill.person, fill.position, fill.portfolio, fill.contacts = m.Name, m.Position, m.Portfolio, m.Contacts
	}
	owners := slices.Contains(c.Kind(kind).Columns, checklist.ColOwner)
	seq := 0
	for _, e := range c.KindEntries(kind) {
		pool := d.Lists[kind][e.ID]
		if len(pool) == 0 {
			pool = []exampleTask{exampleGenericTask(e, d)}
		}
		order := make([]int, len(pool))
		for i := range order {
			order[i] = i
		}
		count := len(pool)
		if eo.Seed != 0 {
			rest := order[1:]
			rng.Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })
			count = 1 + rng.IntN(len(pool))
		}
		if eo.Rows > 0 {
			count = eo.Rows
		}
		block := formBlock{entry: e}
		for i := 0; i < count; i++ {
			t := pool[order[i%len(pool)]]
			seq++
			r := formRow{seq: fmt.Sprint(seq), task: t.Task, measures: t.Measures}
			if i >= len(pool) {
				r.task = fmt.Sprintf("%s（%d）", t.Task, i/len(pool)+1)
			}
			if owners {
				r.owner, r.department = t.Owner, t.Department
				if r.owner == "" || (eo.Seed != 0 && i >= len(pool)) {
					r.owner = d.People[rng.IntN(len(d.People))]
				}
				if r.department == "" {
					r.department = d.Departments[rng.IntN(len(d.Departments))]
				}
			}
			block.rows = append(block.rows, r)
		}
		fill.blocks = append(fill.blocks, block)
	}
	return fill, fo, nil
}

// exampleGenericTask is a quantified task for an item the example data lacks.
func exampleGenericTask(e *checklist.Entry, d *exampleData) exampleTask {
	t := exampleTask{Task: "落实" + e.Name + "各项要求", Owner: d.Principal.Name, Department: d.Departments[0]}
	for q := range t.Measures {
		t.Measures[q] = fmt.Sprintf("第%d季度研究推进%s工作至少1次，完成率100%%", q+1, e.Name)
	}
	return t
}

// exampleScores scores every 具体要求 line: full points except a few
// deductions (all of the example's with seed 0, a random choice otherwise).
func exampleScores(c *checklist.Catalog, fo FormOptions, eo ExampleOptions) ([]formScore, FormOptions, error) {
	d, err := loadExample()
	if err != nil {
		return nil, fo, err
	}
	unit, year, rng := exampleSettings(d, fo, ExampleOptions{Unit: eo.Unit, Year: eo.Year, Seed: eo.Seed})
	if eo.Unit == "" && fo.Unit == "" {
		unit = d.Scorecard.Unit
	}
	fo.Unit, fo.Year = unit, 0
	if fo.Date == "" {
		fo.Date = d.InspectionDate.format(year)
	}
	var scores []formScore
	first := map[string]int{}
	points := []int{}
	for _, cat := range c.Categories {
		for _, it := range cat.Items {
			first[it.ID] = len(scores)
			for _, r := range it.Requirements {
				scores = append(scores, formScore{score: float64(r.Points), set: true})
				points = append(points, r.Points)
			}
		}
	}
	for _, ded := range d.Scorecard.Deductions {
		at, ok := first[ded.Item]
		if !ok || ded.Line < 1 {
			continue
		}
		i := at + ded.Line - 1
		if i >= len(scores) || (eo.Seed != 0 && rng.IntN(2) == 0) {
			continue
		}
		lost := ded.Lost
		if eo.Seed != 0 {
			lost = float64(1+rng.IntN(2*points[i])) / 2
		}
		scores[i] = formScore{score: max(0, float64(points[i])-lost), set: true, note: ded.Note}
	}
	return scores, fo, nil
}

// NewExampleWorkbook builds the filled example of one attachment on a sheet 附件N.
func NewExampleWorkbook(c *checklist.Catalog, attachment int, eo ExampleOptions) (*excelize.File, error) {
	return newFormWorkbook(c, []int{attachment}, FormOptions{Example: true}, &eo)
}

// WriteExample writes the filled example of one attachment to w.
func WriteExample(w io.Writer, c *checklist.Catalog, attachment int, eo ExampleOptions) error {
	f, err := NewExampleWorkbook(c, attachment, eo)
	return writeFormWorkbook(w, f, err)
}
