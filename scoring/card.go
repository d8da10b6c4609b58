// Package scoring reads filled 评分表 (attachment 5 of the notice), matches
// every 具体要求 line to the catalog and computes scores, deductions, a
// ranking and the weakest requirements across units.
package scoring

import (
	"fmt"
	"time"

	"qingdan/checklist"
)

// Blank says how an empty 考核得分 cell counts.
type Blank string

// The three --blank modes.
const (
	BlankError Blank = "error" // an empty cell is an unscored error and counts 0
	BlankZero  Blank = "zero"  // an empty cell counts 0, no finding
	BlankFull  Blank = "full"  // an empty cell counts full points, no finding
)

// ParseBlank checks a --blank value.
func ParseBlank(s string) (Blank, error) {
	switch b := Blank(s); b {
	case BlankError, BlankZero, BlankFull:
		return b, nil
	}
	return "", fmt.Errorf("取值 %q 无效，应为 error、zero 或 full", s)
}

// Options tune how a card is read.
type Options struct {
	Blank Blank
	// Explicit is set for a file named on the command line: a workbook
	// without a 评分表 then gets a no-scorecard finding instead of being
	// skipped as a list meant for validate.
	Explicit bool
}

// Card is one scored 评分表. Its JSON keys are the contract of SPEC §7.
type Card struct {
	Path       string              `json:"path"`
	Unit       string              `json:"unit"`
	Date       string              `json:"date"` // YYYY-MM-DD when readable, else as written
	Total      float64             `json:"total"`
	Max        float64             `json:"max"`
	Categories []CategoryScore     `json:"categories"`
	Items      []ItemScore         `json:"items"`
	Deductions []Deduction         `json:"deductions"`
	Findings   []checklist.Finding `json:"findings"`

	Sheet  string      `json:"-"`
	Scored bool        `json:"-"` // a 评分表 was found and scored
	Lines  []LineScore `json:"-"` // every catalog line, in catalog order
	// Modified is the file's modification time (zero when unknown): of two
	// cards of one unit with the same 检查考核时间, the newer file is ranked.
	Modified time.Time `json:"-"`
}

// Label names the card in a ranking: the inspected unit, else the file.
func (c *Card) Label() string {
	if c.Unit != "" {
		return c.Unit
	}
	return fileStem(c.Path)
}

// CategoryScore is one band of the 评分表 (x/40, x/20, x/40).
type CategoryScore struct {
	Name  string  `json:"name"`
	Score float64 `json:"score"`
	Max   float64 `json:"max"`
}

// ItemScore is one 考核项目.
type ItemScore struct {
	No    string  `json:"no"`
	Name  string  `json:"name"`
	Score float64 `json:"score"`
	Max   float64 `json:"max"`
}

// Deduction is points lost on a line, or on a whole item scored on its
// first row only (then Line is 0 and Requirement is empty).
type Deduction struct {
	Item        string  `json:"item"`
	Requirement string  `json:"requirement"`
	Lost        float64 `json:"lost"`
	Note        string  `json:"note"`
	Line        int     `json:"-"`
}

// LineScore is the score of one catalog line on a card. Lost of an item
// scored as a whole is spread over its lines by their points.
type LineScore struct {
	Item  string
	Line  int // 1-based within the item
	Text  string
	Max   float64
	Score float64
	Lost  float64
}

// Report is the whole result of `qingdan score`, as its JSON output.
type Report struct {
	Tool    string     `json:"tool"`
	Version string     `json:"version"`
	Valid   bool       `json:"valid"`
	Cards   []*Card    `json:"cards"`
	Ranking []Rank     `json:"ranking"`
	Weakest []Weakness `json:"weakest"`
}

// Rank is one line of the ranking.
type Rank struct {
	Rank  int     `json:"rank"`
	Unit  string  `json:"unit"`
	Total float64 `json:"total"`
	// Status is StatusPending for a card with errors, its Reason saying
	// why; sound cards leave both empty.
	Status string `json:"status,omitempty"`
	Reason string `json:"reason,omitempty"`
	Card   *Card  `json:"-"`
}

// StatusPending marks a ranked card whose total is not yet to be trusted.
const StatusPending = "待核"

// Weakness is one requirement with the average points lost across cards.
type Weakness struct {
	Item        string  `json:"item"`
	Requirement int     `json:"requirement"`
	Text        string  `json:"text"`
	AverageLost float64 `json:"average_lost"`
	Max         float64 `json:"-"`
	Units       int     `json:"-"` // how many cards lost points on it
}
