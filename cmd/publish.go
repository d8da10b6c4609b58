package cmd

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"qingdan/checklist"
	"qingdan/checklist/publish"
	"qingdan/internal/htmlpdf"
)

func init() { subcommands = append(subcommands, newPublishCmd) }

// publishOptions is everything `qingdan publish` needs.
type publishOptions struct {
	g       *globalOptions
	Paths   []string
	OutDir  string // -o DIR
	From    string // --from DATE
	To      string // --to DATE
	Contact string // --contact TEXT
	Force   bool
	NoPDF   bool
	Jobs    int
	ctx     context.Context  // the command's, for cancelling the run
	Now     func() time.Time // the year of a 公示版 whose lists carry no 填报日期
	// FindPrinter finds the PDF printer; tests replace it.
	FindPrinter func() (pdfPrinter, bool)
}

// pdfPrinter prints an HTML file to PDF bytes.
type pdfPrinter interface {
	Name() string
	Print(ctx context.Context, htmlPath string) ([]byte, error)
}

func newPublishCmd(g *globalOptions) *cobra.Command {
	opts := &publishOptions{g: g, Now: time.Now, FindPrinter: func() (pdfPrinter, bool) {
		p, ok := htmlpdf.Find()
		return p, ok
	}}
	cmd := &cobra.Command{
		Use:   "publish 路径… [选项]",
		Short: "为每个单位生成清单公示版（HTML，可打印；装有 Chromium 或 LibreOffice 时另生成 PDF）",
		Long: `通知要求清单“在一定范围公示，接受各方面监督”。publish 为每个单位生成一份公示版：
一个独立的 HTML 文件（不引用任何外部文件，A4 横向打印），标题为“单位 + 年度 + 党风廉政建设
“两个责任”清单（公示）”，写明公示期和监督联系方式，四种清单按通知的表格格式排列。
装有 Chromium（或 Chrome、Edge）或 LibreOffice 时，同名 PDF 放在 HTML 旁边；都没有时只生成 HTML，
可用浏览器打开后打印。

清单按“单位”栏归入单位（未填时用所在文件夹名），与 validate 相同。一个单位的清单有错误
（validate 报告的“错误”级问题）或四种清单不齐时，不生成该单位的公示版，并列出原因；
修改后重新运行即可。文件名只取单位名称中的文字和数字。不加 --force 不覆盖已有文件。
退出码：0 全部生成，1 有单位因错误未生成，2 命令本身无法运行。`,
		Example: `  # 为上报材料中的每个单位生成公示版，放到“公示”文件夹
  qingdan publish 上报材料 -o 公示 --from 2017-02-15 --to 2017-02-21 --contact "监督电话：0000-1234567"

  # 学校自己：检查通过后生成本校的公示版
  qingdan publish 本校清单`,
		Args: needPaths("清单文件或文件夹"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Paths, opts.ctx = args, c.Context()
			return runPublish(opts)
		},
		DisableFlagsInUseLine: true,
	}
	f := cmd.Flags()
	f.StringVarP(&opts.OutDir, "output", "o", "", "公示版写入的文件夹 `DIR`（默认当前文件夹）")
	f.StringVar(&opts.From, "from", "", "公示期开始日期 `DATE`（如 2017-02-15；与 --to 一起给出，不给时留空待手填）")
	f.StringVar(&opts.To, "to", "", "公示期结束日期 `DATE`")
	f.StringVar(&opts.Contact, "contact", "", "监督联系方式 `TEXT`（电话、信箱、地址；不给时留空待手填）")
	f.BoolVar(&opts.NoPDF, "no-pdf", false, "只生成 HTML，不生成 PDF")
	f.IntVarP(&opts.Jobs, "jobs", "j", 0, "同时读取 `N` 个文件（默认 0：按 CPU 核数）")
	f.BoolVar(&opts.Force, "force", false, "覆盖已存在的公示版")
	cmd.InitDefaultHelpFlag()
	f.Lookup("help").Usage = "显示帮助"
	return cmd
}

func runPublish(opts *publishOptions) error {
	po, err := publishFlags(opts)
	if err != nil {
		return usageError{err}
	}
	c, err := opts.g.Catalog()
	if err != nil {
		return err
	}
	out := opts.OutDir
	if out == "" {
		out = "."
	}
	walk := checklist.CollectOptions{Skip: []string{out}}
	if clash := checklist.OutputClash(filepath.Join(out, "x.html"), opts.Paths, walk); clash != "" && out != "." {
		return usageError{fmt.Errorf("%s：请把 -o 指向输入以外的文件夹", clash)}
	}
	files, err := checklist.CollectFiles(opts.Paths, walk)
	if err != nil {
		return usageError{err}
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return usageError{fmt.Errorf("无法创建文件夹 %s：%w", out, err)}
	}
	var printer pdfPrinter
	if !opts.NoPDF {
		if p, ok := opts.FindPrinter(); ok {
			printer = p
		} else {
			fmt.Fprintln(opts.g.Err, "未找到 Chromium、Chrome、Edge 或 LibreOffice，只生成 HTML（可用浏览器打开后打印为 PDF）")
		}
	}
	units, err := publish.PublicUnits(contextOf(opts.ctx), c, files, opts.Jobs)
	if err != nil {
		return usageError{err}
	}
	refused := 0
	for _, u := range units {
		if len(u.Refused) > 0 {
			refused++
			writeRefusal(opts.g.Out, u)
			continue
		}
		if err := publishUnit(opts, c, u, po, out, printer); err != nil {
			return usageError{err}
		}
	}
	if refused > 0 {
		return findingsError{}
	}
	return nil
}

// publishFlags checks --from and --to: both or neither, in order.
func publishFlags(opts *publishOptions) (publish.PublishOptions, error) {
	po := publish.PublishOptions{Contact: opts.Contact, Year: opts.Now().Year()}
	if (opts.From == "") != (opts.To == "") {
		return po, fmt.Errorf("参数 --from 和 --to 要一起给出（公示期的开始和结束日期），或都不给")
	}
	if opts.From == "" {
		return po, nil
	}
	from, err := checklist.ParseDeadline(opts.From)
	if err != nil {
		return po, fmt.Errorf("参数 --from 的值无效：%w", err)
	}
	to, err := checklist.ParseDeadline(opts.To)
	if err != nil {
		return po, fmt.Errorf("参数 --to 的值无效：%w", err)
	}
	if to.Before(from) {
		return po, fmt.Errorf("参数 --to（%s）早于 --from（%s）", opts.To, opts.From)
	}
	po.From, po.To = from, to
	return po, nil
}

func writeRefusal(w io.Writer, u publish.PublicUnit) {
	fmt.Fprintf(w, "✗ %s：未生成公示版，请先改正以下错误：\n", termLine(u.Name))
	for _, f := range u.Refused {
		where := termLine(f.File)
		if f.Sheet != "" {
			where += " 工作表 " + termLine(f.Sheet)
		}
		if f.Cell != "" {
			where += " " + f.Cell
		}
		if where != "" {
			where += "："
		}
		fmt.Fprintf(w, "    %s %s%s\n", f.Code, where, termLine(f.Message))
	}
}

// publishUnit writes the unit's HTML and, with a printer, the PDF beside it.
func publishUnit(opts *publishOptions, c *checklist.Catalog, u publish.PublicUnit, po publish.PublishOptions, out string, printer pdfPrinter) error {
	page, err := publish.RenderPublic(c, u, po)
	if err != nil {
		return err
	}
	base := filepath.Join(out, publish.PublicFileName(u.Name))
	htmlPath := base + ".html"
	if err := checklist.WriteFileAtomic(htmlPath, opts.Force, func(w io.Writer) error {
		_, err := w.Write(page)
		return err
	}); err != nil {
		return fmt.Errorf("公示版未写入：%w", err)
	}
	fmt.Fprintf(opts.g.Out, "✓ %s：%s\n", termLine(u.Name), termLine(htmlPath))
	if printer == nil {
		return nil
	}
	pdf, err := printer.Print(context.Background(), htmlPath)
	if err != nil {
		fmt.Fprintf(opts.g.Err, "%s 的 PDF 未生成：%s；可用浏览器打开 HTML 后打印\n", termLine(u.Name), termLine(err.Error()))
		return nil
	}
	pdfPath := base + ".pdf"
	if err := checklist.WriteFileAtomic(pdfPath, opts.Force, func(w io.Writer) error {
		_, err := w.Write(pdf)
		return err
	}); err != nil {
		return fmt.Errorf("公示版 PDF 未写入：%w", err)
	}
	fmt.Fprintf(opts.g.Out, "✓ %s：%s（%s 打印）\n", termLine(u.Name), termLine(pdfPath), printer.Name())
	return nil
}
