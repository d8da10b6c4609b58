package cmd

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/jedib0t/go-pretty/v6/table"
	"github.com/spf13/cobra"

	"qingdan/checklist"
)

func init() { subcommands = append(subcommands, newRulesCmd) }

type rulesOptions struct {
	*globalOptions
	Detail bool
}

func newRulesCmd(g *globalOptions) *cobra.Command {
	opts := &rulesOptions{globalOptions: g}
	c := &cobra.Command{
		Use:   "rules",
		Short: "查看规则目录：考核项目、具体要求、保障措施和各清单必含事项",
		Long: `以表格列出正在使用的规则目录（内置规则，或 --rules 指定的文件）：
评分表的21项考核项目（含标准分和具体要求条数）、6项保障措施、四种清单各自必须包含的事项。

规则目录来自通知附件5。其他地区可用 "qingdan rules export" 导出，修改后用 --rules 载入。`,
		Example: `  qingdan rules
  qingdan rules --detail
  qingdan --rules 我区规则.yaml rules`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error { return runRules(opts) },
	}
	c.Flags().BoolVarP(&opts.Detail, "detail", "d", false, "同时列出每项的具体要求原文和分值")
	c.AddCommand(newRulesExportCmd(g))
	return c
}

func runRules(opts *rulesOptions) error {
	cat, err := opts.Catalog()
	if err != nil {
		return err
	}
	kindsOf := map[string][]string{}
	for _, k := range cat.Kinds {
		for _, id := range k.Items {
			kindsOf[id] = append(kindsOf[id], "附件"+strconv.Itoa(k.Attachment))
		}
	}

	width := termWidth(opts.Out)
	header := table.Row{"序号", "考核类别", "考核项目", "标准分", "具体要求", "所在清单", "可识别的别名"}
	var rows []table.Row
	for _, e := range cat.Entries() {
		if e.Safeguard() {
			continue
		}
		req := strconv.Itoa(len(e.Item.Requirements)) + " 条"
		if opts.Detail {
			req = e.RequirementsText()
		}
		rows = append(rows, table.Row{e.ID, e.Category.Name, e.Name, e.Points(), req, strings.Join(kindsOf[e.ID], "、"), strings.Join(e.Aliases, "、")})
	}
	printRows(opts.Out, fmt.Sprintf("考核项目（评分表，共 %d 项、%d 条具体要求、100 分）", cat.ItemCount(), cat.RequirementCount()),
		header, rows, fitColumns(width, header, rows, 1, 5, 2, 6, 4))

	header = table.Row{"编号", "名称", "依据", "所在清单", "可识别的别名"}
	rows = nil
	for _, e := range cat.Entries() {
		if e.Safeguard() {
			rows = append(rows, table.Row{e.ID, e.Name, e.Basis, strings.Join(kindsOf[e.ID], "、"), strings.Join(e.Aliases, "、")})
		}
	}
	printRows(opts.Out, "保障措施（默认值，可用 --rules 替换为19号文原文）", header, rows, fitColumns(width, header, rows, 4, 3, 1, 2))

	header = table.Row{"附件", "清单", "代号", "必含事项"}
	rows = nil
	for _, k := range cat.Kinds {
		rows = append(rows, table.Row{k.Attachment, k.Title, k.ID, strings.Join(k.Items, " ")})
	}
	printRows(opts.Out, "清单种类及必含事项", header, rows, fitColumns(width, header, rows, 3, 1))
	fmt.Fprintf(opts.Out, "规则版本：%s\n", cat.Version)
	return nil
}

// printRows renders a titled table of rows with the column configs.
func printRows(w io.Writer, title string, header table.Row, rows []table.Row, configs []table.ColumnConfig) {
	t := newTable()
	t.SetTitle(quotesWide.Replace(title))
	t.AppendHeader(header)
	t.AppendRows(rows)
	t.SetColumnConfigs(configs)
	printTable(w, t)
}

type rulesExportOptions struct {
	*globalOptions
	Output string
	Force  bool
}

func newRulesExportCmd(g *globalOptions) *cobra.Command {
	opts := &rulesExportOptions{globalOptions: g}
	c := &cobra.Command{
		Use:   "export",
		Short: "导出规则目录（YAML），供修改后用 --rules 载入",
		Long: `把正在使用的规则目录写成 YAML 文件（不指定 -o 时输出到屏幕）。
修改事项名称、别名、具体要求、分值或保障措施后，用 "qingdan --rules 文件 …" 载入；
载入时会检查文件，有误时指出字段和原因。`,
		Example: `  qingdan rules export -o 规则.yaml
  qingdan --rules 规则.yaml validate 上报材料/`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error { return runRulesExport(opts) },
	}
	c.Flags().StringVarP(&opts.Output, "output", "o", "", "写入的文件 `FILE`（默认输出到屏幕）")
	c.Flags().BoolVar(&opts.Force, "force", false, "覆盖已存在的文件")
	return c
}

func runRulesExport(opts *rulesExportOptions) error {
	cat, err := opts.Catalog()
	if err != nil {
		return err
	}
	data := cat.YAML()
	if opts.Output == "" {
		_, err := opts.Out.Write(data)
		return err
	}
	if err := checklist.WriteFileAtomic(opts.Output, opts.Force, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}); err != nil {
		return usageError{withFlagHints(err)}
	}
	fmt.Fprintf(opts.Out, "已导出规则目录：%s\n", opts.Output)
	return nil
}
