package checklist

import (
	"fmt"
	"path/filepath"
	"qingdan/internal/grid"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/width"
)

// Arrivals are the rows of a --received table: which file arrived when.
type Arrivals struct {
	Path    string
	entries []arrival
}

type arrival struct {
	file string // as written, slashes made /
	at   time.Time
	line int
}

// Headings of the --received table, after Normalize.
var (
	arrivalFileHeads = []string{"文件", "文件名", "文件名称", "文件路径"}
	arrivalTimeHeads = []string{"收到时间", "收到日期", "接收时间", "报送时间", "收件时间"}
)

// arrivalTime is a written arrival time: 2017-02-16 09:30, 2017/2/16 9:30:05,
// 2017年2月16日, 2017年2月16日 9时30分.
var arrivalTime = regexp.MustCompile(`^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})秒?)?分?)?$`)

// ReadArrivals reads a --received table: a CSV (UTF-8, with or without BOM,
// or GBK as Excel saves it) with the columns 文件 and 收到时间. A bad
// table is refused with every bad row, in Chinese.
func ReadArrivals(path string) (*Arrivals, error) {
	if !strings.EqualFold(filepath.Ext(path), ".csv") {
		return nil, fmt.Errorf("收到时间表 %s 应为 .csv 文件（列：文件、收到时间），或写 --received mtime 按文件修改时间", path)
	}
	book, err := grid.ReadFile(path, grid.DefaultLimits())
	if err != nil {
		return nil, fmt.Errorf("收到时间表 %s：%w", path, err)
	}
	var rows []grid.Row
	if len(book.Sheets) > 0 {
		rows = book.Sheets[0].Rows
	}
	a := &Arrivals{Path: path}
	fileCol, timeCol := -1, -1
	var problems []string
	for _, row := range rows {
		rec := rowValues(row)
		line := row.Num
		if fileCol < 0 {
			for i, v := range rec {
				n := Normalize(v)
				if fileCol < 0 && slices.Contains(arrivalFileHeads, n) {
					fileCol = i
				}
				if timeCol < 0 && slices.Contains(arrivalTimeHeads, n) {
					timeCol = i
				}
			}
			if fileCol < 0 || timeCol < 0 {
				fileCol, timeCol = -1, -1
				if line >= rosterHeadingRows {
					break
				}
			}
			continue
		}
		get := func(i int) string {
			if i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		file, when := get(fileCol), get(timeCol)
		if file == "" && when == "" {
			continue
		}
		t, ok := parseArrival(when)
		switch {
		case file == "":
			problems = append(problems, fmt.Sprintf("第%d行：文件未填写", line))
		case !ok:
			problems = append(problems, fmt.Sprintf("第%d行：收到时间“%s”无法识别，请写成 2017-02-16 09:30 或 2017-02-16", line, when))
		default:
			a.entries = append(a.entries, arrival{file: cleanSlash(file), at: t, line: line})
		}
	}
	if fileCol < 0 {
		return nil, fmt.Errorf("收到时间表 %s 前 %d 行中没有找到“文件”和“收到时间”列标题", path, rosterHeadingRows)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("收到时间表 %s %s", path, strings.Join(problems, "；"))
	}
	return a, nil
}

// parseArrival reads one arrival time, in local time.
func parseArrival(s string) (time.Time, bool) {
	m := arrivalTime.FindStringSubmatch(width.Narrow.String(strings.TrimSpace(s)))
	if m == nil {
		return time.Time{}, false
	}
	n := make([]int, 6)
	for i, v := range m[1:] {
		n[i], _ = strconv.Atoi(v)
	}
	t := time.Date(n[0], time.Month(n[1]), n[2], n[3], n[4], n[5], 0, time.Local)
	if t.Month() != time.Month(n[1]) || t.Day() != n[2] || n[3] > 23 || n[4] > 59 || n[5] > 59 {
		return time.Time{}, false
	}
	return t, true
}

// cleanSlash is a path as the table and the walk are compared: slashes
// made /, no ./ and no doubled separators.
func cleanSlash(p string) string {
	return filepath.ToSlash(filepath.Clean(strings.ReplaceAll(p, `\`, "/")))
}

// Match pairs the table's rows with the files to check, found under the
// input paths roots. A row names a file by its path relative to an input
// folder (城南小学/附件1.xlsx), that path with the folder's own name in
// front (上报材料/城南小学/附件1.xlsx), the path as given, or its bare name
// when no other file has that name. It returns the arrival time of each
// file, and a note for each row that matched no file; a bare name that
// several files share is refused.
func (a *Arrivals) Match(roots, files []string) (map[string]time.Time, []string, error) {
	byForm := map[string][]string{}
	add := func(form, file string) {
		if !slices.Contains(byForm[form], file) {
			byForm[form] = append(byForm[form], file)
		}
	}
	for _, f := range files {
		add(cleanSlash(f), f)
		for _, root := range roots {
			rel, err := filepath.Rel(root, f)
			if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
				continue
			}
			add(cleanSlash(rel), f)
			add(cleanSlash(filepath.Join(filepath.Base(root), rel)), f)
		}
	}
	byName := map[string][]string{}
	for _, f := range files {
		byName[filepath.Base(f)] = append(byName[filepath.Base(f)], f)
	}
	out := map[string]time.Time{}
	var unused, problems []string
	for _, e := range a.entries {
		matched := byForm[e.file]
		if len(matched) == 0 && !strings.Contains(e.file, "/") {
			matched = byName[e.file]
			if len(matched) > 1 {
				problems = append(problems, fmt.Sprintf("第%d行：文件名“%s”对应 %d 个文件（%s 等），请写出所在文件夹，如 %s",
					e.line, e.file, len(matched), matched[0], filepath.ToSlash(filepath.Join(filepath.Base(filepath.Dir(matched[0])), e.file))))
				continue
			}
		}
		if len(matched) == 0 {
			unused = append(unused, fmt.Sprintf("收到时间表 %s 第%d行的“%s”不在检查的文件中，未使用", a.Path, e.line, e.file))
			continue
		}
		for _, f := range matched {
			out[f] = e.at
		}
	}
	if len(problems) > 0 {
		return nil, nil, fmt.Errorf("收到时间表 %s %s", a.Path, strings.Join(problems, "；"))
	}
	return out, unused, nil
}

// rowValues returns a sheet row's cell values by column, from column A.
func rowValues(row grid.Row) []string {
	if len(row.Cells) == 0 {
		return nil
	}
	out := make([]string, row.Cells[len(row.Cells)-1].Col)
	for _, c := range row.Cells {
		out[c.Col-1] = c.Value
	}
	return out
}
