package cmd

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"qingdan/checklist"
	"qingdan/scoring/scoringtest"
)

func TestWithFlagHints(t *testing.T) {
	exists := fmt.Errorf("%w：汇总.xlsx", checklist.ErrExists)
	overwrites := fmt.Errorf("%w：退回/附件1.xlsx，已跳过", checklist.ErrOverwritesInput)
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"an existing output gets --force", exists, "文件已存在：汇总.xlsx（使用 --force 覆盖）"},
		{"a copy over an input gets --annotate", overwrites, "批注副本会覆盖上报的文件：退回/附件1.xlsx，已跳过；请把 --annotate 指向另一个文件夹"},
		{"each joined error gets its own hint", errors.Join(exists, overwrites),
			"文件已存在：汇总.xlsx（使用 --force 覆盖）\n批注副本会覆盖上报的文件：退回/附件1.xlsx，已跳过；请把 --annotate 指向另一个文件夹"},
		{"another error is left alone", errors.New("磁盘已满"), "磁盘已满"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := withFlagHints(tt.err)
			if got.Error() != tt.want {
				t.Errorf("got %q, want %q", got.Error(), tt.want)
			}
			if !errors.Is(got, errors.Unwrap(tt.err)) && errors.Unwrap(tt.err) != nil {
				t.Errorf("%v no longer wraps its cause", got)
			}
		})
	}
}

func TestScoreNamesBlankFlagForEmptyScores(t *testing.T) {
	path := filepath.Join(t.TempDir(), "乙校.xlsx")
	scoringtest.Card{Layout: scoringtest.Plain, Unit: "乙校", Score: notationScores}.Write(t, path)
	tests := []struct {
		name  string
		args  []string
		hints int
	}{
		{"empty 考核得分 as errors", []string{"score", path}, 1},
		{"empty 考核得分 counted zero", []string{"score", "--blank", "zero", path}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, out, _ := run(t, tt.args...)
			if got := strings.Count(out, "--blank zero"); got != tt.hints {
				t.Errorf("--blank named %d times, want %d:\n%s", got, tt.hints, out)
			}
		})
	}
}
