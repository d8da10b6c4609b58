// Package cmd holds the Cobra commands: flags, wiring and output only.
package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"qingdan/checklist"
)

// Version is stamped at build time with -ldflags "-X qingdan/cmd.Version=…".
var Version = "dev"

// Exit codes shared by every command.
const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
)

// globalOptions carries what every command needs: the streams and the catalog.
type globalOptions struct {
	In        io.Reader
	Out       io.Writer
	Err       io.Writer
	RulesFile string
	catalog   *checklist.Catalog
}

// Catalog returns the rules in force: the --rules file or the embedded one.
func (g *globalOptions) Catalog() (*checklist.Catalog, error) {
	if g.catalog != nil {
		return g.catalog, nil
	}
	if g.RulesFile == "" {
		g.catalog = checklist.DefaultCatalog()
		return g.catalog, nil
	}
	c, err := checklist.LoadCatalog(g.RulesFile)
	if err != nil {
		return nil, usageError{err}
	}
	g.catalog = c
	return c, nil
}

// needPaths refuses a command line without paths, saying what to give
// (要检查的文件或文件夹) and where to read the usage.
func needPaths(what string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) == 0 {
			return usageError{fmt.Errorf("请指定%s（运行 %s --help 查看用法）", what, c.CommandPath())}
		}
		return nil
	}
}

// usageError marks a failure of the command itself (exit code 2).
type usageError struct{ error }

func (e usageError) Unwrap() error { return e.error }

// findingsError means the command ran and found errors (exit code 1).
type findingsError struct{}

func (findingsError) Error() string { return "发现错误" }

func newRootCmd(g *globalOptions) *cobra.Command {
	root := &cobra.Command{
		Use:   "qingdan",
		Short: "党风廉政建设“两个责任”清单工具：生成表格、检查清单、计算评分",
		Long: `qingdan（清单）是区教育局监察室和各学校、单位使用的“两个责任”清单工具。

依据《关于迅速编制和落实党风廉政建设“两个责任”清单的紧急通知》及其五个附件：
  qingdan template   生成附件1—5的标准表格（可打印、预填事项、含填写示例）
  qingdan validate   检查上报的清单文件（单个文件或整个文件夹）
  qingdan score      根据填好的评分表计算得分、扣分和排名
  qingdan ledger     为各单位生成落实台账，每月检查填好的台账（ledger check）
  qingdan rules      查看或导出规则目录（21项考核项目、70条具体要求、6项保障措施）`,
		Version:       Version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetVersionTemplate("qingdan 版本 {{.Version}}\n")
	root.PersistentFlags().StringVar(&g.RulesFile, "rules", "", "使用指定的规则文件 `FILE`（YAML）代替内置规则")
	root.SetIn(g.In)
	root.SetOut(g.Out)
	root.SetErr(g.Err)
	localizeCobra(root)
	for _, sub := range subcommands {
		root.AddCommand(sub(g))
	}
	localizeCompletion(root)
	localizeHelpFlags(root)
	return root
}

// subcommands lists the constructors of the commands under qingdan; each
// command file appends its own in init.
var subcommands []func(*globalOptions) *cobra.Command

// annotationSignalStops marks a command that a signal ends normally (serve).
const annotationSignalStops = "qingdan.signal-stops"

// Execute runs the command line and returns the exit code. Started from
// Explorer, it runs serve (see explorerArgs) and keeps the window open
// after an error.
func Execute(args []string, in io.Reader, out, errOut io.Writer) int {
	return ExecuteContext(context.Background(), args, in, out, errOut)
}

// ExecuteContext is Execute under ctx, which every command's c.Context()
// is: once a signal cancels it (NotifyContext) the command stops, says on
// stderr what was and was not written, and the code is 130 or 143.
// Started from Explorer, it runs serve (see explorerArgs) and keeps the
// window open after an error.
func ExecuteContext(ctx context.Context, args []string, in io.Reader, out, errOut io.Writer) int {
	fromExplorer := startedByExplorer()
	code := execute(ctx, explorerArgs(args, fromExplorer), in, out, errOut)
	if fromExplorer && code == exitUsage {
		holdWindow(in, errOut)
	}
	return code
}

func execute(ctx context.Context, args []string, in io.Reader, out, errOut io.Writer) int {
	g := &globalOptions{In: in, Out: out, Err: errOut}
	root := newRootCmd(g)
	root.SetArgs(args)
	c, err := root.ExecuteContextC(ctx)
	if sig, ok := interruption(ctx); ok && !(err == nil && c != nil && c.Annotations[annotationSignalStops] != "") {
		var a abortedError
		switch {
		case errors.As(err, &a):
			fmt.Fprintln(errOut, termLine(a.Error()))
		case err == nil || errors.As(err, new(findingsError)):
			fmt.Fprintln(errOut, "已中止：收到中断信号时已完成，输出均已写入")
		default:
			fmt.Fprintf(errOut, "已中止：%s；正在写入的文件未保存，此前已写入的文件保留\n", termLine(zhMessage(err)))
		}
		return sig.exitCode()
	}
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, new(findingsError)):
		return exitFindings
	}
	msg := zhMessage(err)
	if !errors.As(err, new(usageError)) && !strings.Contains(msg, "--help") {
		// cobra's own errors (arguments, unknown commands) carry no hint.
		msg += fmt.Sprintf("（运行 %s --help 查看用法）", c.CommandPath())
	}
	fmt.Fprintf(errOut, "错误：%s\n", termLine(msg))
	return exitUsage
}

// localizeCobra translates Cobra's built-in help, completion and flag texts.
func localizeCobra(root *cobra.Command) {
	root.SetFlagErrorFunc(flagError)
	root.InitDefaultVersionFlag()
	root.Flags().Lookup("version").Usage = "显示版本号"
	root.SetHelpCommand(&cobra.Command{
		Use:   "help [命令]",
		Short: "显示命令的帮助",
		Run: func(c *cobra.Command, args []string) {
			target, _, err := c.Root().Find(args)
			if target == nil || err != nil {
				c.Root().Help()
				return
			}
			target.Help()
		},
	})
	cobra.AddTemplateFunc("zhUseLine", func(s string) string { return strings.Replace(s, "[flags]", "[选项]", 1) })
	root.SetUsageTemplate(usageTemplateZH)
}

// localizeHelpFlags gives every command's --help flag a Chinese description.
func localizeHelpFlags(c *cobra.Command) {
	c.InitDefaultHelpFlag()
	c.Flags().Lookup("help").Usage = "显示帮助"
	c.Flags().VisitAll(func(f *pflag.Flag) {
		// pflag prints defaults as (default "x") in English; say it in Chinese once instead.
		if f.Name == "jobs" {
			f.DefValue = "0"
		} else if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && !strings.Contains(f.Usage, "默认") {
			f.Usage += "（默认 " + f.DefValue + "）"
			f.DefValue = ""
		}
	})
	for _, sub := range c.Commands() {
		localizeHelpFlags(sub)
	}
}

const usageTemplateZH = `用法：{{if .Runnable}}
  {{zhUseLine .UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [命令]{{end}}{{if gt (len .Aliases) 0}}

别名：
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

示例：
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

命令：{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

选项：
{{.LocalFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

全局选项：
{{.InheritedFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableSubCommands}}

运行 "{{.CommandPath}} [命令] --help" 查看命令的详细说明。{{end}}
`

// localizeCompletion gives Cobra's completion command and its shells Chinese help.
func localizeCompletion(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() != "completion" {
			continue
		}
		c.Short = "生成命令行自动补全脚本（bash、zsh、fish、powershell）"
		c.Long = "生成指定 shell 的自动补全脚本。Windows PowerShell 用户可运行：\n  qingdan completion powershell | Out-String | Invoke-Expression"
		for _, sh := range c.Commands() {
			sh.Short = "生成 " + sh.Name() + " 的自动补全脚本"
			sh.Long = sh.Short + "。"
			if f := sh.Flags().Lookup("no-descriptions"); f != nil {
				f.Usage = "不输出补全说明"
			}
		}
	}
}

// contextOf is the command's context, or the background one for a run
// started without cobra.
func contextOf(ctx context.Context) context.Context {
	if ctx == nil {
		return context.Background()
	}
	return ctx
}
