package checklist

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-playground/validator/v10"

	"qingdan/internal/grid"
	_ "qingdan/internal/grid/csv" // registers .csv for rosters
)

// Roster is the office's list of the units expected to submit (--roster).
type Roster struct {
	Units []RosterUnit
	// Extra are the headings of the columns the tool does not use (联系人,
	// 电话, 备注…), carried through to the summary in the roster's order.
	Extra []string
}

// RosterUnit is one row of the roster.
type RosterUnit struct {
	Name       string `validate:"required"`
	Aliases    []string
	Group      string   // 上级党组织
	Members    int      `validate:"gte=0"` // 班子成员数: member lists expected
	HasMembers bool     // false when 班子成员数 was left blank: no count to check
	Row        int      // 1-based row in the roster file
	Extra      []string // the row's cells under Roster.Extra
}

// Roster column headings, matched after Normalize.
const (
	rosterColName    = "单位名称"
	rosterColAliases = "简称"
	rosterColGroup   = "上级党组织"
	rosterColMembers = "班子成员数"
)

// rosterHeadings are the headings that name each column the tool uses: a
// cell equal to one of them, or holding the first (上级党组织（党委）).
var rosterHeadings = []struct {
	col   string
	names []string
}{
	{rosterColName, []string{rosterColName, "学校名称", "单位", "学校", "单位全称", "学校全称"}},
	{rosterColAliases, []string{rosterColAliases, "别名", "单位简称", "学校简称"}},
	{rosterColGroup, []string{rosterColGroup, "上级党委", "所属党组织", "上级党组织名称"}},
	{rosterColMembers, []string{rosterColMembers, "班子成员人数", "领导班子成员数", "班子人数"}},
}

// rosterNumbering are headings of a numbering column, which the summary
// numbers itself.
var rosterNumbering = []string{"序号", "编号", "序"}

// rosterHeadingRows is how far down the heading row is searched for.
const rosterHeadingRows = 10

var rosterValidator = validator.New()

// aliasSeparators splits the 简称 cell.
var aliasSeparators = regexp.MustCompile(`[、，,;；/]+`)

// ReadRoster reads a roster from any format grid reads — .xlsx (first
// visible sheet), .csv (UTF-8 with or without BOM, or GBK as Excel saves it
// on Chinese Windows) — under the opening policy of submissions: a FIFO, a
// folder, a huge, encrypted or hostile file is refused rather than read.
// A bad roster is refused with every bad row and its reason, in Chinese.
func ReadRoster(path string) (*Roster, error) {
	b, err := grid.ReadFile(path, readLimits)
	if ge := (*grid.Error)(nil); errors.As(err, &ge) && ge.Kind == grid.Unsupported {
		return nil, fmt.Errorf("名单文件 %s 格式不支持，请使用 .xlsx 或 .csv", path)
	}
	if err != nil {
		return nil, fmt.Errorf("读取名单文件 %s 失败：%w", path, err)
	}
	for _, s := range b.Sheets {
		if s.Hidden {
			continue
		}
		if s.Err != nil {
			return nil, fmt.Errorf("读取名单文件 %s 失败：工作表「%s」%w", path, s.Name, s.Err)
		}
		rows := make([][]string, 0, len(s.Rows))
		lines := make([]int, 0, len(s.Rows))
		for _, r := range s.Rows {
			if len(r.Cells) == 0 {
				continue
			}
			cells := make([]string, r.Cells[len(r.Cells)-1].Col)
			for _, c := range r.Cells {
				cells[c.Col-1] = c.Value
			}
			rows = append(rows, cells)
			lines = append(lines, r.Num)
		}
		return parseRoster(path, rows, lines)
	}
	return nil, fmt.Errorf("名单文件 %s 没有可见的工作表", path)
}

// parseRoster turns raw rows (with their 1-based line numbers) into a
// roster, collecting every row problem before refusing.
func parseRoster(path string, rows [][]string, lines []int) (*Roster, error) {
	head, cols := findRosterHeading(rows, lines)
	if head < 0 {
		return nil, fmt.Errorf("名单文件 %s 前 %d 行中没有找到“%s”（或“单位”“学校名称”）列标题", path, rosterHeadingRows, rosterColName)
	}
	roster := &Roster{}
	var extra []int
	used := slices.Collect(maps.Values(cols))
	for ci, v := range rows[head] {
		if slices.Contains(used, ci) {
			continue
		}
		if h := strings.TrimSpace(v); h != "" && !slices.Contains(rosterNumbering, Normalize(h)) {
			roster.Extra = append(roster.Extra, h)
			extra = append(extra, ci)
		}
	}
	cell := func(row []string, col string) string {
		i, ok := cols[col]
		if !ok || i >= len(row) {
			return ""
		}
		return strings.TrimSpace(row[i])
	}
	var problems []string
	seen := map[string]int{} // unit key → row that named it
	for ri := head + 1; ri < len(rows); ri++ {
		row, line := rows[ri], lines[ri]
		if blankRow(row) {
			continue
		}
		u := RosterUnit{Name: cell(row, rosterColName), Group: cell(row, rosterColGroup), Row: line}
		for _, ci := range extra {
			v := ""
			if ci < len(row) {
				v = strings.TrimSpace(row[ci])
			}
			u.Extra = append(u.Extra, v)
		}
		for _, a := range aliasSeparators.Split(cell(row, rosterColAliases), -1) {
			if a = strings.TrimSpace(a); a != "" {
				u.Aliases = append(u.Aliases, a)
			}
		}
		var rowProblems []string
		if m := cell(row, rosterColMembers); m != "" {
			n, err := strconv.Atoi(strings.TrimSuffix(Normalize(m), "人"))
			if err != nil {
				rowProblems = append(rowProblems, fmt.Sprintf("%s“%s”不是非负整数", rosterColMembers, m))
			}
			u.Members, u.HasMembers = n, err == nil
		}
		rowProblems = append(rowProblems, rosterRowProblems(&u)...)
		for _, name := range append([]string{u.Name}, u.Aliases...) {
			k := UnitKey(name)
			if k == "" {
				continue
			}
			if first, dup := seen[k]; dup && first != line {
				rowProblems = append(rowProblems, fmt.Sprintf("名称“%s”与第%d行重复", name, first))
				continue
			}
			seen[k] = line
		}
		if len(rowProblems) > 0 {
			problems = append(problems, fmt.Sprintf("第%d行：%s", line, strings.Join(rowProblems, "，")))
			continue
		}
		roster.Units = append(roster.Units, u)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("名单文件 %s %s", path, strings.Join(problems, "；"))
	}
	if len(roster.Units) == 0 {
		return nil, fmt.Errorf("名单文件 %s 没有任何单位", path)
	}
	return roster, nil
}

// rosterRowProblems checks a row with validator and says why in Chinese.
func rosterRowProblems(u *RosterUnit) []string {
	err := rosterValidator.Struct(u)
	var verrs validator.ValidationErrors
	if err == nil || !errors.As(err, &verrs) {
		return nil
	}
	var out []string
	for _, fe := range verrs {
		switch fe.StructField() {
		case "Name":
			out = append(out, rosterColName+"不能为空")
		case "Members":
			out = append(out, fmt.Sprintf("%s“%v”不是非负整数", rosterColMembers, fe.Value()))
		default:
			out = append(out, fe.Field()+"不符合要求")
		}
	}
	return out
}

// findRosterHeading returns the index of the heading row and the column of
// each heading found, or -1 when no row names the unit column. A heading
// equal to a name wins over one that only holds the first name, so that
// 上级单位 never takes 单位's place.
func findRosterHeading(rows [][]string, lines []int) (int, map[string]int) {
	for ri := 0; ri < len(rows) && lines[ri] <= rosterHeadingRows; ri++ {
		cols := map[string]int{}
		for _, contains := range []bool{false, true} {
			for ci, v := range rows[ri] {
				n := Normalize(v)
				for _, h := range rosterHeadings {
					if _, taken := cols[h.col]; taken || slices.Contains(slices.Collect(maps.Values(cols)), ci) {
						continue
					}
					if slices.Contains(h.names, n) || (contains && strings.Contains(n, h.names[0])) {
						cols[h.col] = ci
						break
					}
				}
			}
		}
		if _, ok := cols[rosterColName]; ok {
			return ri, cols
		}
	}
	return -1, nil
}

func blankRow(row []string) bool {
	for _, v := range row {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// unitAffixes are the party-organ words people add to or drop from a unit
// name (某某小学党支部, 中共某某中学委员会); they do not make another unit.
var unitAffixes = regexp.MustCompile(`^(?:中国共产党|中共)?(.+?)(?:党委|党组|党总支部委员会|党总支部|党总支|党支部委员会|党支部|总支部委员会|支部委员会|委员会|纪委|纪检组|纪检委员)?$`)

// UnitKey is the form of a unit name used for grouping and roster lookup:
// Normalize, without bracketed remarks (（盖章）) and the party-organ words
// around the name.
func UnitKey(name string) string {
	n := stripRemarks(Normalize(name))
	if m := unitAffixes.FindStringSubmatch(n); m != nil && utf8.RuneCountInString(m[1]) >= 2 {
		return m[1]
	}
	return n
}

// index maps the key of every name and alias to its unit.
func (r *Roster) index() map[string]*RosterUnit {
	idx := map[string]*RosterUnit{}
	for i := range r.Units {
		u := &r.Units[i]
		for _, name := range append([]string{u.Name}, u.Aliases...) {
			if k := UnitKey(name); k != "" {
				idx[k] = u
			}
		}
	}
	return idx
}

// Closest returns the roster unit whose name or alias is nearest to name,
// and how near (checklist.Similarity), for "是否指…" suggestions.
func (r *Roster) Closest(name string) (*RosterUnit, float64) {
	k := UnitKey(name)
	var best *RosterUnit
	bestScore := -1.0
	for i := range r.Units {
		u := &r.Units[i]
		for _, n := range append([]string{u.Name}, u.Aliases...) {
			if s := Similarity(k, UnitKey(n)); s > bestScore {
				best, bestScore = u, s
			}
		}
	}
	return best, bestScore
}
