package checklist

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestReadArrivalsAndMatch(t *testing.T) {
	root := filepath.Join("收件", "上报材料")
	files := []string{
		filepath.Join(root, "城南小学", "附件1.xlsx"),
		filepath.Join(root, "城北小学", "附件1.xlsx"),
		filepath.Join(root, "城北小学", "城北小学附件2.xlsx"),
		filepath.Join(root, "城北小学", "附件4.xlsx"),
	}
	csv := "文件,收到时间,备注\n" +
		"城南小学/附件1.xlsx,2017-02-16 09:30,\n" +
		"上报材料\\城北小学\\附件1.xlsx,2017/2/14 17:05:09,\n" +
		"城北小学附件2.xlsx,2017年2月13日,微信\n" +
		",,\n" +
		"已退学校/附件1.xlsx,２０１７-02-10,\n"
	a, err := ReadArrivals(writeFile(t, "收到.csv", []byte(csv)))
	if err != nil {
		t.Fatal(err)
	}
	got, unused, err := a.Match([]string{root}, files)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		files[0]: "2017-02-16 09:30",
		files[1]: "2017-02-14 17:05",
		files[2]: "2017-02-13",
	}
	if len(got) != len(want) {
		t.Errorf("matched %v, want %v", got, want)
	}
	for f, w := range want {
		if s := FormatReceived(got[f]); s != w {
			t.Errorf("%s received %q, want %q", f, s, w)
		}
	}
	if len(unused) != 1 || !strings.Contains(unused[0], "第6行") || !strings.Contains(unused[0], "已退学校/附件1.xlsx") {
		t.Errorf("unused %q", unused)
	}

	t.Run("a bare name shared by two files is refused", func(t *testing.T) {
		a, err := ReadArrivals(writeFile(t, "收到.csv", []byte("文件名,收到日期\n附件1.xlsx,2017-02-14\n")))
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := a.Match([]string{root}, files); err == nil || !strings.Contains(err.Error(), "对应 2 个文件") {
			t.Errorf("error %v", err)
		}
	})
	bad := []struct{ name, csv, want string }{
		{"no headings", "路径,时间\na.xlsx,2017-02-14\n", "没有找到“文件”和“收到时间”列标题"},
		{"a time that is no time", "文件,收到时间\na.xlsx,昨天\nb.xlsx,2017-02-30\n", "2017-02-16；第3行：收到时间“2017-02-30”无法识别"},
		{"a time without a file", "文件,收到时间\n,2017-02-14\n", "第2行：文件未填写"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ReadArrivals(writeFile(t, "收到.csv", []byte(tt.csv))); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
	t.Run("not a csv", func(t *testing.T) {
		if _, err := ReadArrivals(writeFile(t, "收到.xlsx", []byte("x"))); err == nil || !strings.Contains(err.Error(), "mtime") {
			t.Errorf("error %v", err)
		}
	})
}

func TestLateFindingsJudgeArrivalWhenKnown(t *testing.T) {
	deadline := time.Date(2017, 2, 14, 0, 0, 0, 0, time.UTC)
	at := func(d, h int) time.Time { return time.Date(2017, 2, d, h, 30, 0, 0, time.Local) }
	tests := []struct {
		name     string
		date     string
		received time.Time
		want     string // message of the one finding, "" for none
	}{
		{"dated late, no arrival time: the date decides", "2017-02-20", time.Time{}, "填报日期 2017-02-20 晚于报送截止日期 2017-02-14。"},
		{"dated on time, arrived late: the arrival decides", "2017-02-10", at(16, 9), "收到时间 2017-02-16 09:30 晚于报送截止日期 2017-02-14。"},
		{"dated late, arrived on the deadline evening: on time", "2017-02-20", at(14, 23), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := listFile("a/甲校/附件1.xlsx", KindCollective, "甲校", "", tt.date, collectiveItems)
			f.Received = tt.received
			got := LateFindings(f, deadline)
			switch {
			case tt.want == "" && len(got) != 0:
				t.Errorf("findings %+v, want none", got)
			case tt.want != "" && (len(got) != 1 || got[0].Message != tt.want || got[0].Code != CodeLate):
				t.Errorf("findings %+v, want %q", got, tt.want)
			}
		})
	}
}
