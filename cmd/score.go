package cmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"

	"github.com/jedib0t/go-pretty/v6/table"
	"github.com/jedib0t/go-pretty/v6/text"
	"github.com/spf13/cobra"

	"qingdan/checklist"
	"qingdan/scoring"
)

func init() { subcommands = append(subcommands, newScoreCmd) }

// scoreOptions holds everything `qingdan score` needs.
type scoreOptions struct {
	g      *globalOptions
	Paths  []string
	Format string
	Output string
	Blank  string
	Jobs   int
	Force  bool
	ctx    context.Context // the command's, for cancelling the run
}

func newScoreCmd(g *globalOptions) *cobra.Command {
	opts := &scoreOptions{g: g}
	c := &cobra.Command{
		Use:   "score 路径…",
		Short: "根据填好的评分表计算得分、扣分和排名",
		Long: `读取填好的《县（市、区）落实“两个责任”情况督查考核评分表》（附件5），
逐条对照规则中的70条具体要求计算得分。

路径可以是文件或文件夹（递归查找 .xlsx/.xlsm，跳过 ~$ 临时文件；
文件夹中不含评分表的工作簿视为清单，直接跳过）。评分表按内容识别：
表头含“具体要求”和“考核得分”的工作表，位置、列序不限，文字略有出入也能对上。

考核得分可以写：数字（可带小数）、√ ✓ 是 符合 不扣分（满分）、× ✗ 否 不符合 全扣（0分）、
“扣N分”或“-N”（该条分值减N），后面可加括号注明原因，如“×（未建台账）”；
只在某考核项目第一行写一个数，视为整项得分。
空格默认报错，可用 --blank zero 按0分、--blank full 按满分计算。

输出每张评分表的总分（满分100）、三类得分（40/20/40）、扣分明细和问题；
多张评分表时给出排名（同分同名次）和各条具体要求的平均扣分（薄弱环节）；
有错误的评分表仍列入排名，但标为“待核”并注明原因，不计入薄弱环节。
-o 另存排名工作簿（排名、各单位得分、薄弱环节三张表）。

退出码：0 没有错误；1 发现错误；2 命令无法执行（参数错误、路径不存在、规则文件无效）。`,
		Example: `  qingdan score 评分表/
  qingdan score 甲校评分表.xlsx --blank zero
  qingdan score 评分表/ -o 排名.xlsx --force
  qingdan score 评分表/ --format json > 评分.json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cc *cobra.Command, args []string) error {
			opts.Paths, opts.ctx = args, cc.Context()
			return runScore(opts)
		},
	}
	f := c.Flags()
	f.StringVar(&opts.Format, "format", "text", "输出格式 `FORMAT`：text（表格）或 json")
	f.StringVarP(&opts.Output, "output", "o", "", "把排名写入 Excel 工作簿 `FILE`（.xlsx）")
	f.StringVar(&opts.Blank, "blank", string(scoring.BlankError), "考核得分为空时的处理方式 `MODE`：error 报错、zero 按0分、full 按满分")
	f.IntVarP(&opts.Jobs, "jobs", "j", runtime.NumCPU(), "同时读取 `N` 个文件（默认按 CPU 核数）")
	f.BoolVar(&opts.Force, "force", false, "覆盖已存在的输出文件")
	return c
}

func runScore(opts *scoreOptions) error {
	if opts.Format != "text" && opts.Format != "json" {
		return usageError{fmt.Errorf("参数 --format 的取值 %q 无效，应为 text 或 json", opts.Format)}
	}
	blank, err := scoring.ParseBlank(opts.Blank)
	if err != nil {
		return usageError{fmt.Errorf("参数 --blank 的%w", err)}
	}
	if opts.Jobs < 1 {
		return usageError{fmt.Errorf("参数 -j/--jobs 的取值 %d 无效，应为正整数", opts.Jobs)}
	}
	if opts.Output != "" {
		if clash := checklist.OutputClash(opts.Output, opts.Paths, checklist.CollectOptions{Exts: scoring.SpreadsheetExts}); clash != "" {
			return usageError{fmt.Errorf("%s：请把 -o 指向输入以外的位置（加 --force 也不会覆盖上报的文件）", clash)}
		}
	}
	if opts.Output != "" && !opts.Force {
		if _, err := os.Lstat(opts.Output); err == nil {
			return usageError{fmt.Errorf("输出文件 %s 已存在，如需覆盖请加 --force", opts.Output)}
		}
	}
	cat, err := opts.g.Catalog()
	if err != nil {
		return err
	}
	rep, err := scoring.Score(contextOf(opts.ctx), scoring.Request{
		Paths: opts.Paths, Catalog: cat, Options: scoring.Options{Blank: blank}, Jobs: opts.Jobs,
	})
	if err != nil {
		return usageError{err}
	}
	rep.Version = Version

	switch opts.Format {
	case "json":
		enc := json.NewEncoder(opts.g.Out)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	default:
		renderScore(opts.g.Out, rep, cat)
	}
	if len(rep.Cards) == 0 {
		fmt.Fprintf(opts.g.Err, "在 %s 中没有找到评分表。\n", termLine(strings.Join(opts.Paths, "、")))
	}
	if opts.Output != "" {
		if err := checklist.WriteFileAtomic(opts.Output, opts.Force, func(w io.Writer) error {
			return scoring.WriteRanking(w, rep.Cards, cat)
		}); err != nil {
			if errors.Is(err, checklist.ErrExists) {
				return usageError{withFlagHints(err)}
			}
			return err
		}
		fmt.Fprintf(opts.g.Err, "排名已写入 %s\n", termLine(opts.Output))
	}
	if !rep.Valid {
		return findingsError{}
	}
	return nil
}

// renderScore prints the report in Chinese: each card, then the ranking
// and the weakest requirements when there are several cards.
func renderScore(w io.Writer, rep *scoring.Report, cat *checklist.Catalog) {
	names := map[string]string{}
	for _, c := range cat.Categories {
		for _, it := range c.Items {
			names[it.ID] = it.Name
		}
	}
	errs, warns := 0, 0
	for i, card := range rep.Cards {
		if i > 0 {
			fmt.Fprintln(w)
		}
		if card.Sheet != "" {
			fmt.Fprintf(w, "评分表：%s（工作表“%s”）\n", termLine(card.Path), termLine(card.Sheet))
		} else {
			fmt.Fprintf(w, "文件：%s\n", termLine(card.Path))
		}
		if card.Scored {
			fmt.Fprintf(w, "被检查考核单位：%s　检查考核时间：%s\n", termLine(orDash(card.Unit)), termLine(orDash(card.Date)))
			fmt.Fprintf(w, "总分 %s/%s\n", scoring.FormatPoints(card.Total), scoring.FormatPoints(card.Max))
			for _, c := range card.Categories {
				fmt.Fprintf(w, "  %s %s/%s\n", c.Name, scoring.FormatPoints(c.Score), scoring.FormatPoints(c.Max))
			}
			if len(card.Deductions) == 0 {
				fmt.Fprintln(w, "扣分：无")
			} else {
				fmt.Fprintln(w, "扣分：")
				t := newTable()
				t.AppendHeader(table.Row{"事项", "具体要求", "扣分", "扣分说明"})
				for _, d := range card.Deductions {
					req := "（整项评分）"
					if d.Line > 0 {
						req = fmt.Sprintf("%d. %s", d.Line, termCell(d.Requirement))
					}
					t.AppendRow(table.Row{d.Item + " " + names[d.Item], req, scoring.FormatPoints(d.Lost), termCell(d.Note)})
				}
				t.SetColumnConfigs([]table.ColumnConfig{
					wrapped(1, 16), wrapped(2, 48), {Number: 3, Align: text.AlignRight}, wrapped(4, 30),
				})
				printTable(w, t)
			}
		}
		if len(card.Findings) > 0 {
			fmt.Fprintln(w, "问题：")
			unscored := false
			for _, f := range card.Findings {
				fmt.Fprintf(w, "  [%s] %s：%s\n", checklist.SeverityName(f.Severity), f.Code, termLine(f.Message))
				unscored = unscored || f.Code == scoring.CodeUnscored
			}
			if unscored {
				fmt.Fprintln(w, blankHint)
			}
			e, wn, _ := checklist.CountSeverities(card.Findings)
			errs, warns = errs+e, warns+wn
		}
	}
	if len(rep.Ranking) > 0 {
		fmt.Fprintln(w, "\n排名：")
		t := newTable()
		head := table.Row{"名次", "被检查考核单位", "总分"}
		for _, c := range cat.Categories {
			head = append(head, fmt.Sprintf("%s（%d）", c.Name, c.Points))
		}
		pending := slices.ContainsFunc(rep.Ranking, func(r scoring.Rank) bool { return r.Status != "" })
		cols := len(head)
		if pending {
			head = append(head, "状态")
		}
		t.AppendHeader(head)
		for _, r := range rep.Ranking {
			row := table.Row{r.Rank, termCell(r.Unit), scoring.FormatPoints(r.Total)}
			for _, c := range r.Card.Categories {
				row = append(row, scoring.FormatPoints(c.Score))
			}
			if pending {
				row = append(row, r.Status)
			}
			t.AppendRow(row)
		}
		var right []table.ColumnConfig
		for i := 3; i <= cols; i++ {
			right = append(right, table.ColumnConfig{Number: i, Align: text.AlignRight})
		}
		t.SetColumnConfigs(right)
		printTable(w, t)
		for _, r := range rep.Ranking {
			if r.Status != "" {
				fmt.Fprintf(w, "%s：%s %s\n", r.Status, termLine(r.Unit), termLine(r.Reason))
			}
		}
	}
	if len(rep.Ranking) > 0 {
		fmt.Fprintln(w, "\n薄弱环节（按平均扣分）：")
		if len(rep.Weakest) == 0 {
			fmt.Fprintln(w, "  无扣分")
		} else {
			t := newTable()
			t.AppendHeader(table.Row{"事项", "具体要求", "平均扣分", "扣分单位数"})
			for _, k := range rep.Weakest {
				t.AppendRow(table.Row{k.Item + " " + names[k.Item], fmt.Sprintf("%d. %s", k.Requirement, k.Text),
					scoring.FormatPoints(k.AverageLost), k.Units})
			}
			t.SetColumnConfigs([]table.ColumnConfig{wrapped(1, 16), wrapped(2, 48), {Number: 3, Align: text.AlignRight}, {Number: 4, Align: text.AlignRight}})
			printTable(w, t)
		}
	}
	fmt.Fprintf(w, "\n共 %d 张评分表，错误 %d 个，警告 %d 个。\n", countScored(rep.Cards), errs, warns)
}

// wrapped limits a column to max display columns, wrapping by East Asian
// width: a CJK character takes two columns, and no line grows past max.
func wrapped(number, max int) table.ColumnConfig {
	return table.ColumnConfig{Number: number, WidthMax: max, WidthMaxEnforcer: wrapWidth}
}

func wrapWidth(s string, max int) string {
	var b strings.Builder
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		width := 0
		for _, r := range line {
			rw := text.RuneWidth(r)
			if width+rw > max && width > 0 {
				b.WriteByte('\n')
				width = 0
			}
			b.WriteRune(r)
			width += rw
		}
	}
	return b.String()
}

func countScored(cards []*scoring.Card) int {
	n := 0
	for _, c := range cards {
		if c.Scored {
			n++
		}
	}
	return n
}

func orDash(s string) string {
	if s == "" {
		return "（未填）"
	}
	return s
}
