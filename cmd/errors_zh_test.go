package cmd

import (
	"regexp"
	"strings"
	"testing"
)

// latinWords finds English words of three letters or more, which no
// message a user sees should hold outside flag and command names.
var latinWords = regexp.MustCompile(`[A-Za-z]{3,}`)

func TestCobraErrorsInChinese(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"missing arguments", []string{"score"}, []string{"至少需要 1 个参数", "qingdan score --help"}},
		{"unknown command with a suggestion", []string{"valdate", "x.xlsx"}, []string{"没有「valdate」这个命令", "是否指「validate」"}},
		{"unknown flag with the flag meant", []string{"validate", "--stict", "x.xlsx"}, []string{"没有 --stict 这个选项", "是否指 --strict"}},
		{"flag without its value", []string{"validate", "x.xlsx", "--roster"}, []string{"选项 --roster 后面需要写一个值"}},
		{"number flag given text", []string{"score", "-j", "abc", "x.xlsx"}, []string{"选项 --jobs 的值「abc」无效（应为数字）"}},
		{"unknown shorthand", []string{"template", "-x"}, []string{"没有 -x 这个短选项"}},
		{"argument to a command that takes none", []string{"rules", "x"}, []string{"没有「x」这个命令"}},
	}
	allowed := map[string]bool{"qingdan": true, "score": true, "validate": true, "valdate": true, "stict": true, "strict": true,
		"roster": true, "abc": true, "jobs": true, "help": true, "template": true, "rules": true, "xlsx": true}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := run(t, c.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			for _, w := range c.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr %q lacks %q", stderr, w)
				}
			}
			for _, word := range latinWords.FindAllString(stderr, -1) {
				if !allowed[word] {
					t.Errorf("stderr %q holds the English word %q", stderr, word)
				}
			}
		})
	}
}
