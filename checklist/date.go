package checklist

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"
)

// dateForm matches the ways a 填报日期 is written, after width folding and
// with spaces removed: 2017-02-10, 2017/2/10, 2017.2.10, 2017年2月10日.
var dateForm = regexp.MustCompile(`^(\d{4})(?:([-/.])(\d{1,2})([-/.])(\d{1,2})|年(\d{1,2})月(\d{1,2})[日号]?)$`)

// timeOfDay is a time after a date, as exports and ISO date cells write it.
var timeOfDay = regexp.MustCompile(`[T\s]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?\s*$`)

// dateTail is what may follow a written date: the weekday, as
// (星期一) or 周一, and a closing full stop.
var dateTail = regexp.MustCompile(`(?:\(?(?:星期|礼拜|周)[一二三四五六日天]\)?)?[.。｡]?$`)

// chineseDate matches a date in Chinese numerals, as official documents
// date themselves: 二〇一七年二月十三日 (〇, ○ in either width, O or 零 for zero).
var chineseDate = regexp.MustCompile(`^([〇○￮O零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})[日号]$`)

// chineseDigits spells a year in Chinese numerals digit by digit.
var chineseDigits = strings.NewReplacer("〇", "0", "○", "0", "￮", "0", "O", "0", "零", "0", "一", "1", "二", "2", "三", "3",
	"四", "4", "五", "5", "六", "6", "七", "7", "八", "8", "九", "9")

// arabicDate rewrites 二〇一七年二月十三日 as 2017年2月13日; other text is
// returned as is.
func arabicDate(s string) string {
	m := chineseDate.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	mo, ok1 := parseChineseNumber(m[2])
	d, ok2 := parseChineseNumber(m[3])
	if !ok1 || !ok2 {
		return s
	}
	return fmt.Sprintf("%s年%d月%d日", chineseDigits.Replace(m[1]), int(mo), int(d))
}

// ParseDate reads a written date: 2017-02-10, 2017/2/10, 2017.2.10,
// 2017年2月10日, 二〇一七年二月十日, with full-width digits and spaces
// anywhere, and a time of day, a weekday or a full stop after it ignored.
func ParseDate(s string) (time.Time, bool) {
	s = timeOfDay.ReplaceAllString(width.Narrow.String(s), "")
	s = strings.Join(strings.Fields(s), "")
	s = arabicDate(dateTail.ReplaceAllString(s, ""))
	m := dateForm.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	month, day := m[3], m[5]
	if m[2] != "" && m[2] != m[4] {
		return time.Time{}, false
	}
	if m[2] == "" {
		month, day = m[6], m[7]
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(month)
	d, _ := strconv.Atoi(day)
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || t.Month() != time.Month(mo) || t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

// printedYear is a year the form itself prints before 年 (template --year).
var printedYear = regexp.MustCompile(`^\d{4}年`)

// unfilledDate reports whether a date value is the form's blank "  年  月  日",
// also with the year printed ("2017年  月  日"): no month or day was written.
func unfilledDate(s string) bool {
	s = strings.Join(strings.Fields(width.Narrow.String(s)), "")
	s = printedYear.ReplaceAllString(s, "")
	s = strings.NewReplacer("年", "", "月", "", "日", "", "_", "", "/", "", "-", "", ".", "").Replace(s)
	return s == ""
}

// SerialDate reads an Excel serial date such as 42776 (2017-02-10), as a
// date cell's raw value is, in the book's date system (grid.Book.Date1904);
// only 1990–2100 counts, so a bare year is not one.
func SerialDate(s string, date1904 bool) (time.Time, bool) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || v < 32874 || v > 73415 {
		return time.Time{}, false
	}
	t, err := excelize.ExcelDateToTime(v, date1904)
	if err != nil {
		return time.Time{}, false
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), true
}

// ParseDateValue reads a date cell's value: an Excel serial number (in the
// 1904 system when date1904) or a written date as ParseDate reads it.
func ParseDateValue(s string, date1904 bool) (time.Time, bool) {
	if t, ok := SerialDate(s, date1904); ok {
		return t, true
	}
	return ParseDate(s)
}
