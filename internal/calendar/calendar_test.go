package calendar

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestKnownDates(t *testing.T) {
	c := Default()
	cases := []struct {
		date string
		work bool
	}{
		{"2017-09-29", true},
		{"2017-09-30", true}, // Saturday, 调休
		{"2017-10-01", false}, {"2017-10-02", false}, {"2017-10-03", false}, {"2017-10-04", false},
		{"2017-10-05", false}, {"2017-10-06", false}, {"2017-10-07", false}, {"2017-10-08", false},
		{"2017-10-09", true},
		{"2024-02-04", true}, // Sunday, 调休
		{"2024-02-18", true}, // Sunday, 调休
		{"2024-02-12", false},
		{"2024-02-03", false}, // an ordinary Saturday, not listed
		{"2024-02-05", true},  // an ordinary Monday
	}
	for _, tc := range cases {
		got, err := c.IsWorkday(day(tc.date))
		if err != nil || got != tc.work {
			t.Errorf("IsWorkday(%s) = %v, %v; want %v", tc.date, got, err, tc.work)
		}
	}
	if d, ok := c.Lookup(day("2017-10-04")); !ok || d.Name != "中秋节、国庆节" || d.Notice == "" {
		t.Errorf("Lookup(2017-10-04) = %+v, %v; want 中秋节、国庆节 with its notice", d, ok)
	}
}

// Every holiday of 2017 and 2024, with the working days around it counted by hand from the notices.
func TestWorkdaysAfterAcrossHolidays(t *testing.T) {
	c := Default()
	cases := []struct {
		name, from string
		n          int
		want       string
	}{
		{"2017 元旦", "2017-01-01", 1, "2017-01-03"},
		{"2017 春节 make-up Sunday before", "2017-01-20", 1, "2017-01-22"},
		{"2017 春节 over the week off", "2017-01-26", 1, "2017-02-03"},
		{"2017 春节 make-up Saturday after", "2017-01-26", 2, "2017-02-04"},
		{"2017 春节 then Monday", "2017-01-26", 3, "2017-02-06"},
		{"2017 清明 make-up Saturday", "2017-03-31", 1, "2017-04-01"},
		{"2017 清明 over the days off", "2017-03-31", 2, "2017-04-05"},
		{"2017 劳动节", "2017-04-28", 1, "2017-05-02"},
		{"2017 端午 make-up Saturday", "2017-05-26", 1, "2017-05-27"},
		{"2017 端午 over the days off", "2017-05-26", 2, "2017-05-31"},
		{"2017 国庆 meeting on 09-28, five days", "2017-09-28", 5, "2017-10-11"},
		{"2017 国庆 make-up Saturday", "2017-09-29", 1, "2017-09-30"},
		{"2017 国庆 over eight days off", "2017-09-29", 2, "2017-10-09"},
		{"2024 元旦 from 2023", "2023-12-29", 1, "2024-01-02"},
		{"2024 春节 make-up Sunday before", "2024-02-02", 1, "2024-02-04"},
		{"2024 春节 make-up Sunday after", "2024-02-09", 1, "2024-02-18"},
		{"2024 春节 then Monday", "2024-02-09", 2, "2024-02-19"},
		{"2024 清明 make-up Sunday", "2024-04-03", 1, "2024-04-07"},
		{"2024 清明 then Monday", "2024-04-03", 2, "2024-04-08"},
		{"2024 劳动节 make-up Sunday before", "2024-04-26", 1, "2024-04-28"},
		{"2024 劳动节 over the days off", "2024-04-30", 1, "2024-05-06"},
		{"2024 劳动节 make-up Saturday after", "2024-05-10", 1, "2024-05-11"},
		{"2024 端午", "2024-06-07", 1, "2024-06-11"},
		{"2024 中秋 make-up Saturday", "2024-09-13", 1, "2024-09-14"},
		{"2024 中秋 over the days off", "2024-09-14", 1, "2024-09-18"},
		{"2024 国庆 make-up Sunday before", "2024-09-27", 1, "2024-09-29"},
		{"2024 国庆 over the week off", "2024-09-30", 1, "2024-10-08"},
		{"2024 国庆 make-up Saturday after", "2024-10-11", 1, "2024-10-12"},
		{"zero days is the day itself", "2024-10-03", 0, "2024-10-03"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.WorkdaysAfter(day(tc.from), tc.n)
			if err != nil || !got.Equal(day(tc.want)) {
				t.Errorf("WorkdaysAfter(%s, %d) = %s, %v; want %s", tc.from, tc.n, got.Format(time.DateOnly), err, tc.want)
			}
		})
	}
}

func TestUnknownYear(t *testing.T) {
	c := Default()
	cases := []struct {
		name string
		run  func() error
		year int
	}{
		{"a date in 2016", func() error { _, err := c.IsWorkday(day("2016-12-30")); return err }, 2016},
		{"a date in 2027", func() error { _, err := c.IsWorkday(day("2027-01-04")); return err }, 2027},
		{"counting from 2026 into 2027", func() error { _, err := c.WorkdaysAfter(day("2026-12-29"), 5); return err }, 2027},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var ue *UnknownYearError
			if err := tc.run(); !errors.As(err, &ue) || ue.Year != tc.year {
				t.Fatalf("err = %v; want UnknownYearError for %d", err, tc.year)
			}
		})
	}
}

func TestLoadOverride(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "2027.tsv")
	if err := os.WriteFile(good, []byte("# local notice\ndate\tkind\tname\tyear_notice\n2027-01-01\toff\t元旦\t\n2027-01-04\toff\t测试\t\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(good)
	if err != nil {
		t.Fatal(err)
	}
	for date, want := range map[string]bool{"2027-01-04": false, "2027-01-05": true, "2017-10-02": false} {
		if got, err := c.IsWorkday(day(date)); err != nil || got != want {
			t.Errorf("IsWorkday(%s) = %v, %v; want %v", date, got, err, want)
		}
	}
	bad := []struct{ name, text string }{
		{"bad date", "2027-02-30\toff\t元旦\n"},
		{"bad kind", "2027-01-01\tholiday\t元旦\n"},
		{"duplicate", "2027-01-01\toff\t元旦\n2027-01-01\toff\t元旦\n"},
		{"one field", "2027-01-01\n"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, "bad.tsv")
			if err := os.WriteFile(p, []byte(tc.text), 0o644); err != nil {
				t.Fatal(err)
			}
			var pe *ParseError
			if _, err := Load(p); !errors.As(err, &pe) || pe.Line < 1 {
				t.Fatalf("Load = %v; want a ParseError with its line", err)
			}
		})
	}
}
