package cmd

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"qingdan/checklist"
)

func init() { subcommands = append(subcommands, newValidateCmd) }

// validateClock is the clock that times a run; tests fix it so that the
// reported seconds are stable.
var validateClock = time.Now

// validateOptions is everything `qingdan validate` needs.
type validateOptions struct {
	g      *globalOptions
	Paths  []string
	Format string
	Strict bool
	Quiet  bool
	Jobs   int
}

func newValidateCmd(g *globalOptions) *cobra.Command {
	opts := &validateOptions{g: g}
	cmd := &cobra.Command{
		Use:   "validate 路径… [选项]",
		Short: "检查上报的清单文件（单个文件或整个文件夹）",
		Long: `检查各学校、单位上报的“两个责任”清单（附件1—4）是否符合通知要求。

路径可以是文件，也可以是文件夹（递归查找，跳过 ~$ 开头的临时锁定文件）。
逐份清单检查：单位、姓名、职务、填报日期是否填写；是否包含该种清单必须的全部
事项（8项主体责任、6项个人责任、7项监督责任、6项保障措施）；每个事项是否分解为
项目任务、是否逐季度填写工作措施；附件1、4是否责任到人；措施是否可量化；以及
通知第三部分的要求（每月按不低于8%的比例谈心谈话、每年至少上1次党课、每季度
专题听取“一岗双责”情况汇报）。

每个问题给出级别（错误、警告、提示）、文件、工作表、单元格和修改建议。
退出码：0 没有错误（可以有警告；加 --strict 时警告也算错误），1 发现错误，
2 命令本身无法运行（参数错误、路径不存在、规则文件无效）。
检查时只读取文件，从不修改上报的文件。`,
		Example: `  # 检查一个文件
  qingdan validate "附件1 党委(党组)领导班子主体责任清单.xlsx"

  # 检查收到的整个文件夹，只显示有问题的文件
  qingdan validate 上报材料 --quiet

  # 输出 JSON 供脚本处理，警告也算不通过
  qingdan validate 上报材料 --format json --strict > 检查结果.json`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{fmt.Errorf("请指定要检查的文件或文件夹（运行 %s --help 查看用法）", c.CommandPath())}
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			opts.Paths = args
			return runValidate(opts)
		},
		DisableFlagsInUseLine: true,
	}
	f := cmd.Flags()
	// An empty default keeps pflag's English "(default …)" out of the help.
	f.StringVar(&opts.Format, "format", "", "输出格式 `text|json`：text 为中文报告（默认），json 供脚本处理")
	f.BoolVar(&opts.Strict, "strict", false, "警告也算错误（退出码为 1）")
	f.BoolVarP(&opts.Quiet, "quiet", "q", false, "只列出有错误或警告的文件和汇总行")
	f.IntVarP(&opts.Jobs, "jobs", "j", 0, "同时检查 `N` 个文件（默认 0：按 CPU 核数）")
	cmd.InitDefaultHelpFlag()
	f.Lookup("help").Usage = "显示帮助"
	return cmd
}

func runValidate(opts *validateOptions) error {
	if opts.Format == "" {
		opts.Format = "text"
	}
	if opts.Format != "text" && opts.Format != "json" {
		return usageError{fmt.Errorf("参数 --format 的值 %q 无效，应为 text 或 json", opts.Format)}
	}
	if opts.Jobs < 0 {
		return usageError{fmt.Errorf("参数 -j/--jobs 的值 %d 无效，应为 0 或正整数", opts.Jobs)}
	}
	c, err := opts.g.Catalog()
	if err != nil {
		return err
	}
	start := validateClock()
	files, err := checklist.CollectFiles(opts.Paths, nil)
	if err != nil {
		return usageError{err}
	}
	report := &checklist.Report{
		Tool:    "qingdan",
		Version: Version,
		Rules:   c.Version,
		Files:   []checklist.FileReport{},
		Units:   []checklist.UnitReport{},
	}
	if opts.g.RulesFile != "" {
		report.Rules = opts.g.RulesFile
	}
	for _, path := range files {
		report.Files = append(report.Files, checklist.CheckWorkbook(c, checklist.ReadFile(c, path)))
	}
	tallyValidate(report)
	report.Stats.Seconds = validateClock().Sub(start).Seconds()
	if err := writeValidateReport(opts, c, report); err != nil {
		return fmt.Errorf("输出检查报告失败：%w", err)
	}
	var all []checklist.Finding
	for _, f := range report.Files {
		all = append(all, f.Findings...)
	}
	for _, u := range report.Units {
		all = append(all, u.Findings...)
	}
	if checklist.HasErrors(all, opts.Strict) {
		return findingsError{}
	}
	return nil
}

// tallyValidate fills the report's counts and its overall validity.
func tallyValidate(r *checklist.Report) {
	r.Stats.Files = len(r.Files)
	r.Stats.Units = len(r.Units)
	r.Valid = true
	count := func(fs []checklist.Finding) {
		for _, f := range fs {
			switch f.Severity {
			case checklist.Error:
				r.Stats.Errors++
				r.Valid = false
			case checklist.Warning:
				r.Stats.Warnings++
			default:
				r.Stats.Infos++
			}
		}
	}
	for _, f := range r.Files {
		r.Stats.Lists += len(f.Lists)
		count(f.Findings)
	}
	for _, u := range r.Units {
		count(u.Findings)
	}
}

func writeValidateReport(opts *validateOptions, c *checklist.Catalog, r *checklist.Report) error {
	if opts.Format == "json" {
		return writeValidateJSON(opts.g.Out, r)
	}
	return writeValidateText(opts.g.Out, c, r, validateTextOptions{Color: validateColor(opts.g.Out), Quiet: opts.Quiet})
}

// writeValidateJSON writes the report with the stable keys of SPEC §5.
func writeValidateJSON(w io.Writer, r *checklist.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// validateColor reports whether w is a terminal, where colour is welcome.
func validateColor(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}
