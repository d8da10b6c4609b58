// Package calendar counts working days on China's official calendar:
// weekends off, the public holidays the State Council's yearly notice sets
// off, and its make-up working days (调休) on. The dates are data (the
// embedded cn-calendar.tsv, or an override file of the same shape); a date
// in a year the data does not cover is an error, never a guess.
package calendar

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"os"
	"strings"
	"time"
)

//go:embed cn-calendar.tsv
var embedded []byte

// Kind says whether a listed date is a holiday or a make-up working day.
type Kind string

const (
	Off  Kind = "off"  // a public holiday
	Work Kind = "work" // a make-up working day on a weekend
)

// Day is one listed date.
type Day struct {
	Date   time.Time
	Kind   Kind
	Name   string // the holiday: 春节, 国庆节 …
	Notice string // the notice's address, "" when the source did not give it
}

// Calendar holds the listed dates of the years it knows.
type Calendar struct {
	days  map[time.Time]Day
	years map[int]bool
}

// UnknownYearError is the answer for a date in a year the calendar has no
// notice for.
type UnknownYearError struct{ Year int }

func (e *UnknownYearError) Error() string {
	return fmt.Sprintf("节假日安排中没有 %d 年的数据（国务院办公厅当年的节假日安排通知未收录），无法计算工作日；请把当年通知的放假和调休上班日期写入节假日文件后再检查", e.Year)
}

// ParseError is a bad line of a calendar file.
type ParseError struct {
	File   string
	Line   int
	Reason string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("%s 第 %d 行：%s", e.File, e.Line, e.Reason)
}

// Default is the embedded calendar, 2017 to 2026.
func Default() *Calendar {
	c, err := Parse(embedded, "cn-calendar.tsv")
	if err != nil {
		panic(err) // the embedded data is checked by the tests
	}
	return c
}

// Load reads an override file and lays it over the embedded calendar: its
// dates replace or add to the embedded ones, and its years become known.
func Load(path string) (*Calendar, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("无法读取节假日文件 %s：%w", path, err)
	}
	over, err := Parse(data, path)
	if err != nil {
		return nil, err
	}
	c := Default()
	for y := range over.years {
		c.years[y] = true
	}
	for d, day := range over.days {
		c.days[d] = day
	}
	return c, nil
}

// Parse reads calendar lines: date, kind (off|work), name, notice, tab
// separated; # comments, blank lines and the heading line are skipped.
func Parse(data []byte, name string) (*Calendar, error) {
	c := &Calendar{days: map[time.Time]Day{}, years: map[int]bool{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "date\t") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 2 {
			return nil, &ParseError{name, n, "应为用制表符分隔的 日期、off 或 work、节日名称、通知地址"}
		}
		d, err := time.Parse("2006-01-02", strings.TrimSpace(f[0]))
		if err != nil {
			return nil, &ParseError{name, n, fmt.Sprintf("日期 %q 无效，应写成 2017-10-01 的形式", f[0])}
		}
		k := Kind(strings.TrimSpace(f[1]))
		if k != Off && k != Work {
			return nil, &ParseError{name, n, fmt.Sprintf("类别 %q 无效，应为 off（放假）或 work（调休上班）", f[1])}
		}
		if _, dup := c.days[d]; dup {
			return nil, &ParseError{name, n, fmt.Sprintf("日期 %s 重复出现", f[0])}
		}
		day := Day{Date: d, Kind: k}
		if len(f) > 2 {
			day.Name = strings.TrimSpace(f[2])
		}
		if len(f) > 3 {
			day.Notice = strings.TrimSpace(f[3])
		}
		c.days[d] = day
		c.years[d.Year()] = true
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("读取节假日文件 %s 失败：%w", name, err)
	}
	return c, nil
}

// Knows reports whether the calendar has the notice of year y.
func (c *Calendar) Knows(y int) bool { return c.years[y] }

// Lookup returns the listed day of date t, if any.
func (c *Calendar) Lookup(t time.Time) (Day, bool) {
	d, ok := c.days[dateOf(t)]
	return d, ok
}

// IsWorkday reports whether t is a working day: a weekday not listed off,
// or a weekend day listed as a make-up working day.
func (c *Calendar) IsWorkday(t time.Time) (bool, error) {
	t = dateOf(t)
	if !c.years[t.Year()] {
		return false, &UnknownYearError{t.Year()}
	}
	if d, ok := c.days[t]; ok {
		return d.Kind == Work, nil
	}
	wd := t.Weekday()
	return wd != time.Saturday && wd != time.Sunday, nil
}

// WorkdaysAfter returns the n-th working day after t (t itself not
// counted): a meeting on 2017-09-28 has its fifth working day on 2017-10-11.
func (c *Calendar) WorkdaysAfter(t time.Time, n int) (time.Time, error) {
	d := dateOf(t)
	if !c.years[d.Year()] {
		return time.Time{}, &UnknownYearError{d.Year()}
	}
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		ok, err := c.IsWorkday(d)
		if err != nil {
			return time.Time{}, err
		}
		if ok {
			n--
		}
	}
	return d, nil
}

// dateOf is t's calendar date at midnight UTC, the key of the listed days.
func dateOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
