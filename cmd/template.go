package cmd

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"qingdan/checklist"
	"qingdan/checklist/forms"
)

func init() { subcommands = append(subcommands, newTemplateCmd) }

// templateOptions holds what `qingdan template` needs.
type templateOptions struct {
	g           *globalOptions
	Attachments []int
	Dir         string
	Year        int
	Unit        string
	Org         string
	Blank       bool
	Example     bool
	Single      string
	Force       bool
}

func newTemplateCmd(g *globalOptions) *cobra.Command {
	opts := &templateOptions{g: g}
	cmd := &cobra.Command{
		Use: "template [1|2|3|4|5|all]... [选项]",
		// The use line already names the options, in Chinese.
		DisableFlagsInUseLine: true,
		Short:                 "生成附件1—5的标准表格（可打印、预填事项、含填写示例）",
		Long: `生成通知附件1—5的 Excel 表格（.xlsx），格式与通知附件一致，可直接打印（A4 横向）：
  附件1 党委(党组)领导班子主体责任清单
  附件2 领导班子主要负责人责任清单
  附件3 班子成员责任清单
  附件4 纪委(纪检委员)监督责任清单
  附件5 县（市、区）落实“两个责任”情况督查考核评分表

不指定附件时生成全部五个，每个附件一个文件，保存在当前文件夹（或 -o 指定的文件夹）。
默认在“责任名称”列预填该清单必须包含的各项责任（每项留3行分解任务），并以批注
提示评分表中的具体要求；“责任名称”列提供下拉选择。附件1按季度分列工作措施
（通知要求逐项、按季度制订工作措施和目标要求）。评分表的考核得分只接受 0 至
该条分值之间的数字，项目得分、类别小计和总分自动计算。

--blank 生成与通知相同的空白行，不预填责任名称。
--example 只生成填写示例（虚构单位“示例学校”），文件名以“示例”开头，不生成空白表格。
--org 按单位党组织类型改写“党委(党组)”等称谓，供未设党委（党组）的学校、单位参照执行。
已存在的文件不会被覆盖，除非使用 --force。`,
		Example: `  qingdan template                         # 在当前文件夹生成附件1—5
  qingdan template 1 4 -o 空白表格          # 只生成附件1和附件4
  qingdan template --year 2017 --unit 某某小学 --org 党支部
  qingdan template all --single 清单表格.xlsx  # 五个附件放在同一个工作簿
  qingdan template --example -o 示例        # 生成填写示例`,
		RunE: func(c *cobra.Command, args []string) error {
			atts, err := parseAttachments(args)
			if err != nil {
				return usageError{err}
			}
			opts.Attachments = atts
			if c.Flags().Changed("year") && (opts.Year < 1949 || opts.Year > 9999) {
				return usageError{fmt.Errorf("参数错误：--year 的取值 %d 无效（应为四位年份，如 2017）", opts.Year)}
			}
			return runTemplate(opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Dir, "output", "o", "", "保存表格的文件夹 `DIR`（不存在时自动创建；默认当前文件夹）")
	f.IntVar(&opts.Year, "year", 0, "年度 `YEAR`，填入标题（如 2017年度…）和填报日期")
	f.StringVar(&opts.Unit, "unit", "", "单位名称 `NAME`，填入“单位”栏")
	f.StringVar(&opts.Org, "org", "", "党组织类型 `ORG`："+strings.Join(forms.Orgs, "、")+"（默认保留通知原文称谓）")
	f.BoolVar(&opts.Blank, "blank", false, "生成通知原样的空白行，不预填责任名称")
	f.BoolVar(&opts.Example, "example", false, "只生成填写示例（示例学校）")
	f.StringVar(&opts.Single, "single", "", "把所选附件作为工作表放进同一个工作簿 `FILE`")
	f.BoolVar(&opts.Force, "force", false, "覆盖已存在的文件")
	return cmd
}

// parseAttachments turns "1 3 all" into attachment numbers, in order, without repeats.
func parseAttachments(args []string) ([]int, error) {
	if len(args) == 0 {
		return slices.Clone(forms.Attachments), nil
	}
	var out []int
	for _, a := range args {
		var add []int
		if strings.EqualFold(a, "all") {
			add = forms.Attachments
		} else if n, err := strconv.Atoi(a); err == nil && slices.Contains(forms.Attachments, n) {
			add = []int{n}
		} else {
			return nil, fmt.Errorf("参数错误：没有附件 %q（可选 1、2、3、4、5 或 all）", a)
		}
		for _, n := range add {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out, nil
}

func runTemplate(opts *templateOptions) error {
	if !forms.ValidOrg(opts.Org) {
		return usageError{fmt.Errorf("参数错误：--org 的取值 %q 无效（可选 %s）", opts.Org, strings.Join(forms.Orgs, "、"))}
	}
	if opts.Blank && opts.Example {
		return usageError{fmt.Errorf("参数错误：--blank 与 --example 不能同时使用")}
	}
	c, err := opts.g.Catalog()
	if err != nil {
		return err
	}
	fo := forms.FormOptions{Year: opts.Year, Unit: opts.Unit, Org: opts.Org, Blank: opts.Blank, Example: opts.Example}
	type job struct {
		path        string
		attachments []int
	}
	var jobs []job
	if opts.Single != "" {
		path := opts.Single
		if opts.Dir != "" && !filepath.IsAbs(path) {
			path = filepath.Join(opts.Dir, path)
		}
		jobs = append(jobs, job{path, opts.Attachments})
	} else {
		for _, a := range opts.Attachments {
			jobs = append(jobs, job{filepath.Join(opts.Dir, forms.FormFileName(c, a, fo)), []int{a}})
		}
	}
	// Refuse before writing anything, so a set is never half replaced.
	if !opts.Force {
		for _, j := range jobs {
			if _, err := os.Stat(j.path); err == nil {
				return usageError{fmt.Errorf("文件已存在：%s（使用 --force 覆盖）", j.path)}
			}
		}
	}
	for _, j := range jobs {
		if err := checklist.WriteFileAtomic(j.path, opts.Force, func(w io.Writer) error {
			return forms.WriteForms(w, c, j.attachments, fo)
		}); err != nil {
			return usageError{withFlagHints(err)}
		}
		fmt.Fprintf(opts.g.Out, "已生成：%s\n", j.path)
	}
	return nil
}
