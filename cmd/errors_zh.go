package cmd

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"qingdan/internal/grid"
)

// Cobra and pflag write their errors in English; these patterns turn each
// one a user can meet into Chinese. The patterns follow the messages of
// cobra v1.10 (args.go, command.go) and pflag v1.0 (flag.go).
var zhErrors = []struct {
	re   *regexp.Regexp
	text func(m []string) string
}{
	{regexp.MustCompile(`^invalid argument "(.*)" for "(.*)" flag: (.*)$`), func(m []string) string {
		names := strings.Split(m[2], ", ")
		return fmt.Sprintf("选项 %s 的值「%s」无效（%s）", names[len(names)-1], m[1], valueReason(m[3]))
	}},
	{regexp.MustCompile(`^unknown command "(.*)" for "(.*)"(?s:(.*))$`), func(m []string) string {
		s := fmt.Sprintf("没有「%s」这个命令", m[1])
		if sug := suggestions(m[3]); sug != "" {
			s += "，是否指" + sug + "？"
		} else {
			s += "。"
		}
		return s + fmt.Sprintf("运行 %s --help 查看全部命令", m[2])
	}},
	{regexp.MustCompile(`^invalid argument "(.*)" for "(.*)"(?s:(.*))$`), func(m []string) string {
		s := fmt.Sprintf("「%s」不是 %s 可以接受的参数", m[1], m[2])
		if sug := suggestions(m[3]); sug != "" {
			s += "，是否指" + sug + "？"
		}
		return s
	}},
	{regexp.MustCompile(`^requires at least (\d+) arg\(s\), only received (\d+)$`), func(m []string) string {
		return fmt.Sprintf("至少需要 %s 个参数（文件或文件夹），现在给了 %s 个", m[1], m[2])
	}},
	{regexp.MustCompile(`^accepts at most (\d+) arg\(s\), received (\d+)$`), func(m []string) string {
		return fmt.Sprintf("最多接受 %s 个参数，现在给了 %s 个", m[1], m[2])
	}},
	{regexp.MustCompile(`^accepts (\d+) arg\(s\), received (\d+)$`), func(m []string) string {
		return fmt.Sprintf("需要正好 %s 个参数，现在给了 %s 个", m[1], m[2])
	}},
	{regexp.MustCompile(`^accepts between (\d+) and (\d+) arg\(s\), received (\d+)$`), func(m []string) string {
		return fmt.Sprintf("需要 %s 至 %s 个参数，现在给了 %s 个", m[1], m[2], m[3])
	}},
	{regexp.MustCompile(`^unknown flag: (\S+)$`), func(m []string) string { return fmt.Sprintf("没有 %s 这个选项", m[1]) }},
	{regexp.MustCompile(`^unknown shorthand flag: '(.)' in (\S+)$`), func(m []string) string {
		if m[2] == "-"+m[1] {
			return fmt.Sprintf("没有 -%s 这个短选项", m[1])
		}
		return fmt.Sprintf("没有 -%s 这个短选项（在 %s 中）", m[1], m[2])
	}},
	{regexp.MustCompile(`^flag needs an argument: '?(.*?)'?(?: in (\S+))?$`), func(m []string) string {
		name := m[1]
		if !strings.HasPrefix(name, "-") {
			name = "-" + name
		}
		return fmt.Sprintf("选项 %s 后面需要写一个值", name)
	}},
	{regexp.MustCompile(`^bad flag syntax: (.*)$`), func(m []string) string { return fmt.Sprintf("选项写法有误：%s", m[1]) }},
}

// suggestions reads cobra's "Did you mean this?" block as 「a」、「b」.
func suggestions(block string) string {
	_, list, ok := strings.Cut(block, "Did you mean this?")
	if !ok {
		return ""
	}
	var out []string
	for _, s := range strings.Fields(list) {
		out = append(out, "「"+s+"」")
	}
	return strings.Join(out, "、")
}

// valueReason says in Chinese why pflag refused a value.
func valueReason(cause string) string {
	switch {
	case strings.Contains(cause, "invalid syntax"):
		return "应为数字"
	case strings.Contains(cause, "value out of range"):
		return "数字超出范围"
	case strings.Contains(cause, "ParseBool"):
		return "应为 true 或 false"
	}
	return cause
}

// zhMessage is the Chinese text of an error a command ended with: cobra's
// and pflag's own errors translated, and an operating-system path error
// inside any message said in Chinese, with the path.
func zhMessage(err error) string {
	msg := err.Error()
	for _, z := range zhErrors {
		if m := z.re.FindStringSubmatch(msg); m != nil {
			return z.text(m)
		}
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = strings.Replace(msg, pe.Error(), fmt.Sprintf("「%s」%s", pe.Path, grid.OSReason(pe.Err)), 1)
	}
	return msg
}

// flagError is the root's flag error function: the flag error in Chinese,
// a guess at the flag meant, and where to read the usage.
func flagError(c *cobra.Command, err error) error {
	msg := zhMessage(err)
	if name, ok := strings.CutPrefix(err.Error(), "unknown flag: --"); ok {
		if near := nearestFlag(c, name); near != "" {
			msg += "，是否指 --" + near + "？"
		}
	}
	return usageError{fmt.Errorf("参数错误：%s（运行 %s --help 查看用法）", msg, c.CommandPath())}
}

// nearestFlag returns the flag of c whose name is closest to name, when it
// is close enough to be a typo.
func nearestFlag(c *cobra.Command, name string) string {
	best, bestD := "", 3
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if d := editDistance(name, f.Name); d < bestD {
			best, bestD = f.Name, d
		}
	})
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}
