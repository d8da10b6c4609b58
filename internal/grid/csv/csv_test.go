package csv

import (
	"errors"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"qingdan/internal/grid"
)

func TestRead(t *testing.T) {
	const text = "单位名称,简称\n\n区实验小学,实小\n\"第一\n中学\",,\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		data string
	}{
		{"UTF-8", text},
		{"UTF-8 with a byte-order mark", "\xef\xbb\xbf" + text},
		{"GBK as Excel saves it on Chinese Windows", gbk},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := Read([]byte(c.data), grid.DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			if len(b.Sheets) != 1 || len(b.Sheets[0].Merges) != 0 {
				t.Fatalf("book %+v, want one sheet without merges", b)
			}
			s := b.Sheets[0]
			var nums []int
			for _, r := range s.Rows {
				nums = append(nums, r.Num)
			}
			if len(nums) != 3 || nums[0] != 1 || nums[1] != 3 || nums[2] != 4 {
				t.Errorf("rows %v, want the lines records start on: 1 3 4", nums)
			}
			if s.Text(1, 1) != "单位名称" || s.Text(3, 2) != "实小" || s.Text(4, 1) != "第一\n中学" || s.Cell(4, 2) != nil {
				t.Errorf("cells %q %q %q", s.Text(1, 1), s.Text(3, 2), s.Text(4, 1))
			}
		})
	}
}

func TestReadRefuses(t *testing.T) {
	small := grid.DefaultLimits()
	small.MaxRows, small.MaxRowNumber = 2, 5
	cases := []struct {
		name  string
		data  string
		cause error
	}{
		{"a row numbered past the last", "a\n\n\n\n\n\nb\n", grid.ErrTooLarge},
		{"more rows than the limit", "a\nb\nc\n", grid.ErrTooLarge},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read([]byte(c.data), small)
			var ge *grid.Error
			if !errors.As(err, &ge) || ge.Reason == "" {
				t.Fatalf("error %v, want a *grid.Error saying why", err)
			}
			if c.cause != nil && !errors.Is(err, c.cause) {
				t.Errorf("error %v, want cause %v", err, c.cause)
			}
		})
	}
}
