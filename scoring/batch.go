package scoring

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"qingdan/checklist"
	"qingdan/internal/convert"
)

// Input is one file to score; Explicit when it was named on the command line.
type Input struct {
	Path     string
	Explicit bool
}

// CollectFiles expands the paths as validate does (checklist.CollectFiles),
// taking the SpreadsheetExts from folders; a folder without any is left to
// the report, which says no 评分表 was found. A file named on the command
// line is Explicit.
func CollectFiles(paths []string) ([]Input, error) {
	files, err := checklist.CollectFiles(paths, checklist.CollectOptions{Exts: SpreadsheetExts, AllowEmpty: true})
	if err != nil {
		return nil, err
	}
	named := map[string]bool{}
	for _, p := range paths {
		if info, err := os.Stat(p); err == nil && !info.IsDir() {
			named[p] = true
		}
	}
	out := make([]Input, len(files))
	for i, f := range files {
		out[i] = Input{Path: f, Explicit: named[f]}
	}
	return out, nil
}

// Request is everything a scoring run needs.
type Request struct {
	Paths   []string // files and folders, as CollectFiles takes them
	Catalog *checklist.Catalog
	Options Options // how blanks count; Explicit is set per file
	Jobs    int     // files read at once; < 1: runtime.NumCPU()
	// Progress, when not nil, is called after each file from the calling goroutine.
	Progress func(done, total int)
	// Converter finds LibreOffice for .doc, .wps and .xlsb; nil: convert.Find.
	Converter func() (*convert.Converter, bool)
}

// Score collects the files, scores every 评分表 in them on the worker pool
// (cards in path order whatever Jobs is) and summarizes the cards. The
// error is about the paths themselves, or ctx.Err() when the run was
// cancelled: the report then holds the cards of the files read so far.
func Score(ctx context.Context, req Request) (*Report, error) {
	inputs, err := CollectFiles(req.Paths)
	if err != nil {
		return nil, err
	}
	paths := make([]string, len(inputs))
	for i, in := range inputs {
		paths[i] = in.Path
	}
	converted, err := checklist.ConvertFiles(ctx, paths, req.Converter)
	if err != nil {
		return nil, err
	}
	var done func(int)
	if req.Progress != nil {
		n := 0
		done = func(int) { n++; req.Progress(n, len(inputs)) }
	}
	results, runErr := checklist.RunOrdered(ctx, len(inputs), req.Jobs, func(i int) []*Card {
		o := req.Options
		o.Explicit = inputs[i].Explicit
		cards := scoreInput(inputs[i].Path, converted, req.Catalog, o)
		if info, err := os.Stat(inputs[i].Path); err == nil {
			for _, c := range cards {
				c.Modified = info.ModTime()
			}
		}
		return cards
	}, func(i int, p *checklist.Panic) []*Card {
		c := &Card{Path: inputs[i].Path, Findings: []checklist.Finding{checklist.PanicFinding(inputs[i].Path, p)}}
		c.fillSlices()
		return []*Card{c}
	}, done)
	var cards []*Card
	for _, r := range results {
		cards = append(cards, r...)
	}
	rep := Summarize(cards)
	rep.Tool = "qingdan"
	return rep, runErr
}

// Summarize builds the report: validity (no error, and at least one 评分表
// found), and with two scored cards or more the ranking and the weakest
// requirements.
func Summarize(cards []*Card) *Report {
	rep := &Report{Valid: len(cards) > 0, Cards: cards, Ranking: []Rank{}, Weakest: []Weakness{}}
	if cards == nil {
		rep.Cards = []*Card{}
	}
	var scored []*Card
	for _, c := range cards {
		if checklist.HasErrors(c.Findings, false) {
			rep.Valid = false
		}
		if c.Scored {
			scored = append(scored, c)
		}
	}
	kept, replaced := latest(scored)
	for _, c := range scored {
		if by := replaced[c]; by != nil {
			c.Findings = append(c.Findings, duplicateCard(c, by))
		}
	}
	if len(kept) < 2 {
		return rep
	}
	rep.Ranking = Ranking(kept)
	rep.Weakest = Weakest(sound(kept))
	return rep
}

// latest keeps one card per inspected unit (units matched by
// checklist.UnitKey; a card without a unit stands alone). Of two cards of
// one unit the later is ranked: by 检查考核时间 when both have a readable
// date, then by the file's modification time, then by the run's order
// (path, then sheet). Each card left out is mapped to the one ranked instead.
func latest(cards []*Card) (kept []*Card, replaced map[*Card]*Card) {
	best := map[string]*Card{}
	for _, c := range cards {
		if key := checklist.UnitKey(c.Unit); key != "" && (best[key] == nil || !newerCard(best[key], c)) {
			best[key] = c
		}
	}
	replaced = map[*Card]*Card{}
	for _, c := range cards {
		if b := best[checklist.UnitKey(c.Unit)]; b != nil && b != c {
			replaced[c] = b
		} else {
			kept = append(kept, c)
		}
	}
	return kept, replaced
}

// newerCard says whether card a is strictly later than card b.
func newerCard(a, b *Card) bool {
	if isoDate.MatchString(a.Date) && isoDate.MatchString(b.Date) && a.Date != b.Date {
		return a.Date > b.Date
	}
	return a.Modified.After(b.Modified)
}

// isoDate is a 检查考核时间 parseDate could read.
var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// duplicateCard tells a card left out of the ranking which card of its
// unit was ranked instead, and why that one.
func duplicateCard(c, by *Card) checklist.Finding {
	why := "文件修改时间较晚"
	switch {
	case isoDate.MatchString(c.Date) && isoDate.MatchString(by.Date) && c.Date != by.Date:
		why = fmt.Sprintf("检查考核时间 %s 晚于本表的 %s", by.Date, c.Date)
	case !c.Modified.Before(by.Modified):
		why = "排在本表之后"
	}
	where := by.Path
	if by.Path == c.Path {
		where = "工作表“" + by.Sheet + "”"
	}
	return finding(CodeDuplicateCard, c.Path, c.Sheet, "", "",
		"被检查考核单位“%s”另有一张评分表（%s，%s），排名和薄弱环节按那一张计算，本表（总分 %s）未计入：如本表是重复报送请删去；如两张评分表是不同单位，请核对被检查考核单位。",
		c.Unit, where, why, FormatPoints(c.Total))
}

// sound leaves out the cards with errors: their lost points are not yet
// known, so they do not count towards the 薄弱环节.
func sound(cards []*Card) []*Card {
	var out []*Card
	for _, c := range cards {
		if !checklist.HasErrors(c.Findings, false) {
			out = append(out, c)
		}
	}
	return out
}

// pendingReason says why a card with errors is 待核, or "" for a sound one.
func pendingReason(c *Card) string {
	n, _, _ := checklist.CountSeverities(c.Findings)
	if n == 0 {
		return ""
	}
	for _, f := range c.Findings {
		if f.Severity == checklist.Error {
			return fmt.Sprintf("评分表有 %d 个错误，总分待核实（如：%s）", n, clip(f.Message, 40))
		}
	}
	return ""
}

// Ranking sorts the cards by total, highest first; equal totals share a
// rank (1, 2, 2, 4) and keep the order of their unit names. A card with
// errors keeps its place, marked 待核 with the reason.
func Ranking(cards []*Card) []Rank {
	ranks := make([]Rank, len(cards))
	for i, c := range cards {
		ranks[i] = Rank{Unit: c.Label(), Total: c.Total, Card: c}
		if reason := pendingReason(c); reason != "" {
			ranks[i].Status, ranks[i].Reason = StatusPending, reason
		}
	}
	sort.SliceStable(ranks, func(i, j int) bool {
		if ranks[i].Total != ranks[j].Total {
			return ranks[i].Total > ranks[j].Total
		}
		return ranks[i].Unit < ranks[j].Unit
	})
	for i := range ranks {
		if i > 0 && ranks[i].Total == ranks[i-1].Total {
			ranks[i].Rank = ranks[i-1].Rank
		} else {
			ranks[i].Rank = i + 1
		}
	}
	return ranks
}

// Weakest averages the points lost on each requirement across the cards
// and lists those where points were lost, most lost first, then in
// catalog order.
func Weakest(cards []*Card) []Weakness {
	type key struct {
		item string
		line int
	}
	var order []key
	sums := map[key]*Weakness{}
	for _, c := range cards {
		for _, l := range c.Lines {
			k := key{l.Item, l.Line}
			w, ok := sums[k]
			if !ok {
				w = &Weakness{Item: l.Item, Requirement: l.Line, Text: l.Text, Max: l.Max}
				sums[k] = w
				order = append(order, k)
			}
			w.AverageLost += l.Lost
			if l.Lost > 1e-9 {
				w.Units++
			}
		}
	}
	var out []Weakness
	for _, k := range order {
		w := *sums[k]
		if w.Units == 0 {
			continue
		}
		w.AverageLost = round(w.AverageLost / float64(len(cards)))
		out = append(out, w)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].AverageLost > out[j].AverageLost })
	if out == nil {
		out = []Weakness{}
	}
	return out
}

// scoreInput scores a file, or the .docx/.xlsx LibreOffice made of it.
func scoreInput(path string, converted map[string]checklist.Converted, cat *checklist.Catalog, o Options) []*Card {
	cv, ok := converted[path]
	if !ok {
		return ScoreFile(path, cat, o)
	}
	var cards []*Card
	if cv.Problem != "" {
		cards = []*Card{{Path: path, Findings: []checklist.Finding{finding(CodeUnreadable, path, "", "", "", "%s", cv.Problem)}}}
	} else {
		cards = scoreData(path, strings.TrimSuffix(path, filepath.Ext(path))+cv.Ext, cv.Data, cat, o)
	}
	for _, c := range cards {
		c.fillSlices()
	}
	return cards
}
