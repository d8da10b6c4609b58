package cmd

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"qingdan/checklist"
)

func init() { subcommands = append(subcommands, newValidateCmd) }

// validateClock is the clock that times a run; tests fix it so that the
// reported seconds are stable.
var validateClock = time.Now

// validateOptions is everything `qingdan validate` needs.
type validateOptions struct {
	g        *globalOptions
	Paths    []string
	Format   string
	Strict   bool
	Quiet    bool
	Jobs     int
	Roster   string // --roster FILE
	Deadline string // --deadline DATE
	Received string // --received FILE.csv|mtime
	Output   string // -o 汇总.xlsx
	Annotate string // --annotate DIR
	Force    bool
	ctx      context.Context // the command's, for cancelling the run
	// own are the files of the --annotate folder this tool wrote, from its
	// manifest: the only ones a walk of an inbox holding the folder skips.
	own []string

	// RequireScan (--require-scan): a unit with lists but no signed scan gets missing-scan.
	RequireScan bool
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

指定文件夹或 --roster 时按单位汇总：清单按“单位”栏归入单位（未填时用所在文件夹名），
检查每个单位是否报齐四种清单（missing-list）、有无重复报送（duplicate-list）、
合起来是否覆盖8项主体责任、6项个人责任、7项监督责任和6项保障措施。
--roster 给出应报单位名单（.xlsx 或 .csv，列：单位名称、简称、上级党组织、班子成员数），
列出未报送的单位（not-submitted）和名单外的单位（unknown-unit），并按班子成员数核对附件3份数。
--deadline 给出报送截止日期，填报日期晚于它的清单记为 late。
--received 给出每个文件的收到时间：收到时间表（.csv，列：文件、收到时间；文件写相对于
所检查文件夹的路径或文件名），或 mtime（文件的修改时间）；给出时 late 按收到时间判断。
-o 写出监察室的汇总表（总体情况、报送情况、问题清单、覆盖情况、未报缺报）；--annotate 为每个有错误
（加 --strict 时也包括警告，逾期不算）的文件写一份批注副本（问题单元格标红或标黄并加批注，
首页为问题清单），供退回修改；再次运行加 --force 时更新该文件夹，删除不再需要的旧副本。

每个问题给出级别（错误、警告、提示）、文件、工作表、单元格和修改建议。
退出码：0 没有错误（可以有警告；加 --strict 时警告也算错误），1 发现错误，
2 命令本身无法运行（参数错误、路径不存在、规则文件或名单无效、汇总表或批注副本写入失败），
130、143 被 Ctrl+C 或 SIGTERM 中止（标准错误输出说明已写入和未写入的内容）。
检查时只读取文件，从不修改上报的文件。`,
		Example: `  # 检查一个文件
  qingdan validate "附件1 党委(党组)领导班子主体责任清单.xlsx"

  # 检查收到的整个文件夹，只显示有问题的文件
  qingdan validate 上报材料 --quiet

  # 监察室：对照名单和截止日期检查，写出汇总表和退回修改的批注副本
  qingdan validate 上报材料 --roster 名单.xlsx --deadline 2017-02-14 -o 汇总.xlsx --annotate 退回

  # 输出 JSON 供脚本处理，警告也算不通过
  qingdan validate 上报材料 --format json --strict > 检查结果.json`,
		Args: needPaths("要检查的文件或文件夹"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Paths, opts.ctx = args, c.Context()
			return runValidate(opts)
		},
		DisableFlagsInUseLine: true,
	}
	f := cmd.Flags()
	// An empty default keeps pflag's English "(default …)" out of the help.
	f.StringVar(&opts.Format, "format", "", "输出格式 `text|json`：text 为中文报告（默认），json 供脚本处理")
	f.BoolVar(&opts.Strict, "strict", false, "警告也算错误（退出码为 1）")
	f.BoolVarP(&opts.Quiet, "quiet", "q", false, "只列出有错误或警告的文件和单位及汇总行，不显示进度条")
	f.IntVarP(&opts.Jobs, "jobs", "j", 0, "同时检查 `N` 个文件（默认 0：按 CPU 核数）")
	f.StringVar(&opts.Roster, "roster", "", "应报单位名单 `FILE`（.xlsx 或 .csv），核对未报送和名单外的单位")
	f.BoolVar(&opts.RequireScan, "require-scan", false, "要求每个报送了清单的单位同时报送签字盖章件（.pdf/.jpg/.png 扫描件），没有的记为 missing-scan（警告）")
	f.StringVar(&opts.Deadline, "deadline", "", "报送截止日期 `DATE`（如 2017-02-14），填报日期晚于它的清单记为 late")
	f.StringVar(&opts.Received, "received", "", "文件的收到时间 `FILE.csv|mtime`：收到时间表（列：文件、收到时间）或文件修改时间；给出时逾期按收到时间判断")
	f.StringVarP(&opts.Output, "output", "o", "", "写出汇总表 `FILE`（.xlsx）：总体情况、报送情况、问题清单、覆盖情况、未报缺报")
	f.StringVar(&opts.Annotate, "annotate", "", "把有错误的文件加批注后复制到文件夹 `DIR`（保持原有子文件夹结构），供退回修改")
	f.BoolVar(&opts.Force, "force", false, "覆盖已存在的汇总表；更新批注副本文件夹（替换并删除上次写入的副本）")
	cmd.InitDefaultHelpFlag()
	f.Lookup("help").Usage = "显示帮助"
	return cmd
}

// validateRun is what a run needs besides the options: the rules, and the
// roster and deadline once read.
type validateRun struct {
	opts     *validateOptions
	catalog  *checklist.Catalog
	roster   *checklist.Roster
	deadline time.Time
	arrivals *checklist.Arrivals // --received FILE.csv; nil for mtime or none
	// streamed: the text report's file sections went out during the run;
	// streamErr is why writing one failed.
	streamed  bool
	streamErr error
	// checked of total files when the run stopped, for the line of an
	// interrupted run.
	checked, total int
}

// unwritten says which outputs asked for an interrupted run did not write
// at all: "；汇总表未写入；批注副本未写入".
func (run *validateRun) unwritten() string {
	s := ""
	if run.opts.Output != "" {
		s += "；汇总表未写入"
	}
	if run.opts.Annotate != "" {
		s += "；批注副本未写入"
	}
	return s
}

func runValidate(opts *validateOptions) error {
	run, err := prepareValidate(opts)
	if err != nil {
		return err
	}
	report, err := run.validate()
	if err != nil && contextOf(opts.ctx).Err() != nil {
		return abortedError{fmt.Sprintf("检查未完成（已检查 %d 个文件中的 %d 个），检查报告不完整%s", run.total, run.checked, run.unwritten())}
	}
	if err != nil {
		return usageError{err}
	}
	if err := run.writeReport(report); err != nil {
		return fmt.Errorf("输出检查报告失败：%w", err)
	}
	if err := run.writeOutputs(report); err != nil {
		if a, ok := err.(abortedError); ok {
			return a
		}
		return usageError{withFlagHints(err)}
	}
	if report.HasErrors(opts.Strict) {
		return findingsError{}
	}
	return nil
}

// prepareValidate checks the flags and reads the rules and the roster, so
// that a bad flag stops the run before any file is read.
func prepareValidate(opts *validateOptions) (*validateRun, error) {
	if opts.Format == "" {
		opts.Format = "text"
	}
	if opts.Format != "text" && opts.Format != "json" {
		return nil, usageError{fmt.Errorf("参数 --format 的值 %q 无效，应为 text 或 json", opts.Format)}
	}
	if opts.Jobs < 0 {
		return nil, usageError{fmt.Errorf("参数 -j/--jobs 的值 %d 无效，应为 0 或正整数", opts.Jobs)}
	}
	if opts.Output != "" {
		if !strings.EqualFold(filepath.Ext(opts.Output), ".xlsx") {
			return nil, usageError{fmt.Errorf("参数 -o/--output 的值 %q 无效，汇总表的文件名应以 .xlsx 结尾", opts.Output)}
		}
		// Refused now rather than after checking hundreds of files.
		if clash := checklist.OutputClash(opts.Output, opts.Paths, opts.walk()); clash != "" {
			return nil, usageError{fmt.Errorf("%s：请把 -o 指向输入以外的位置（加 --force 也不会覆盖上报的文件）", clash)}
		}
		if _, err := os.Lstat(opts.Output); err == nil && !opts.Force {
			return nil, usageError{fmt.Errorf("文件已存在：%s（使用 --force 覆盖）", opts.Output)}
		}
	}
	if opts.Annotate != "" {
		if info, err := os.Stat(opts.Annotate); err == nil && !info.IsDir() {
			return nil, usageError{fmt.Errorf("参数 --annotate 的值 %q 是一个文件，应为文件夹", opts.Annotate)}
		}
		own, err := checklist.OwnFiles(opts.Annotate)
		if err != nil {
			return nil, usageError{fmt.Errorf("参数 --annotate：%w", err)}
		}
		opts.own = own
	}
	run := &validateRun{opts: opts}
	if opts.Deadline != "" {
		d, err := checklist.ParseDeadline(opts.Deadline)
		if err != nil {
			return nil, usageError{fmt.Errorf("参数 --deadline 的值无效：%w", err)}
		}
		run.deadline = d
	}
	if opts.Received != "" && opts.Received != receivedMtime {
		a, err := checklist.ReadArrivals(opts.Received)
		if err != nil {
			return nil, usageError{fmt.Errorf("参数 --received：%w", err)}
		}
		run.arrivals = a
	}
	c, err := opts.g.Catalog()
	if err != nil {
		return nil, err
	}
	run.catalog = c
	if opts.Roster != "" {
		r, err := checklist.ReadRoster(opts.Roster)
		if err != nil {
			return nil, usageError{fmt.Errorf("参数 --roster：%w", err)}
		}
		run.roster = r
	}
	return run, nil
}

// walk is how collect walks the inputs: of an --annotate folder inside an
// input folder only the copies this tool wrote there are skipped, so that
// a second run does not check its own copies while a file someone else put
// there is still checked. The summary never lies where the walk reads
// (prepareValidate).
func (opts *validateOptions) walk() checklist.CollectOptions {
	return checklist.CollectOptions{Skip: opts.own}
}

// validate makes the one library call, leaving out of the inputs what
// this command writes (the annotated copies and the summary, when they lie
// inside an input folder) so that a second run does not check its own
// outputs.
func (run *validateRun) validate() (*checklist.Report, error) {
	opts := run.opts
	req := checklist.Request{
		Catalog:  run.catalog,
		Roster:   run.roster,
		Deadline: run.deadline,
		Jobs:     opts.Jobs,
		Strict:   opts.Strict,
		Now:      validateClock,
	}
	req.RequireScan = opts.RequireScan
	for _, p := range opts.Paths {
		req.Inputs = append(req.Inputs, checklist.Input{Path: p})
	}
	req.Skip = append(req.Skip, opts.own...)
	if opts.Output != "" {
		req.Skip = append(req.Skip, opts.Output)
	}
	received, err := run.received(req.Skip)
	if err != nil {
		return nil, err
	}
	req.Received = received
	var bar *progressbar.ProgressBar
	req.Progress = func(done, total int) {
		run.checked, run.total = done, total
		pause(contextOf(opts.ctx), opts.g.Err, "check", done)
		if bar == nil && done == 1 {
			bar = run.progress(total)
		}
		if bar != nil {
			bar.Add(1)
		}
	}
	if opts.Format == "text" {
		run.streamed = true
		o := run.textOptions()
		clear := isTerminal(opts.g.Out)
		req.Each = func(f checklist.FileReport) {
			if run.streamErr != nil {
				return
			}
			if bar != nil && clear {
				// The bar redraws itself on the next file.
				bar.Clear()
			}
			run.streamErr = writeFileSection(opts.g.Out, run.catalog, f, o)
		}
	}
	report, err := checklist.Validate(contextOf(opts.ctx), req)
	if bar != nil {
		bar.Finish()
	}
	if err != nil {
		return nil, err
	}
	report.Version = Version
	if opts.g.RulesFile != "" {
		report.Rules = opts.g.RulesFile
	}
	return report, nil
}

// receivedMtime is the --received value that takes each file's
// modification time as its arrival.
const receivedMtime = "mtime"

// received is Request.Received for --received: the table's times matched
// to the files the run will check (a walk of the inputs, which the run
// repeats), or each file's modification time; nil without the flag. A
// table row that names no file is said on stderr.
func (run *validateRun) received(skip []string) (func(string) (time.Time, bool), error) {
	switch {
	case run.opts.Received == receivedMtime:
		return func(path string) (time.Time, bool) {
			info, err := os.Stat(path)
			if err != nil {
				return time.Time{}, false
			}
			return info.ModTime(), true
		}, nil
	case run.arrivals == nil:
		return nil, nil
	}
	// An input that cannot be walked is reported by the run itself.
	files, _ := checklist.CollectFiles(run.opts.Paths, checklist.CollectOptions{Skip: skip, AllowEmpty: true})
	times, unused, err := run.arrivals.Match(run.opts.Paths, files)
	if err != nil {
		return nil, fmt.Errorf("参数 --received：%w", err)
	}
	for _, u := range unused {
		fmt.Fprintln(run.opts.g.Err, termLine(u))
	}
	return func(path string) (time.Time, bool) {
		t, ok := times[path]
		return t, ok
	}, nil
}

// progress returns a progress bar on stderr when it is a terminal, for
// more than one file and without --quiet; nil otherwise.
func (run *validateRun) progress(n int) *progressbar.ProgressBar {
	if run.opts.Quiet || n < 2 || !isTerminal(run.opts.g.Err) {
		return nil
	}
	return progressbar.NewOptions(n,
		progressbar.OptionSetWriter(run.opts.g.Err),
		progressbar.OptionSetDescription("检查中"),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
}

// writeOutputs writes the summary workbook and the annotated copies after
// the report, and says on stderr where they went.
func (run *validateRun) writeOutputs(r *checklist.Report) error {
	opts := run.opts
	ctx := contextOf(opts.ctx)
	summary := ""
	if opts.Output != "" {
		if err := checklist.WriteFileAtomicContext(ctx, opts.Output, opts.Force, func(w io.Writer) error {
			return checklist.WriteSummary(w, run.catalog, r)
		}); err != nil {
			if ctx.Err() != nil {
				return abortedError{"检查报告已输出" + run.unwritten()}
			}
			return fmt.Errorf("汇总表未写入：%w", err)
		}
		summary = "汇总表已写入；"
		fmt.Fprintf(opts.g.Err, "已写入汇总表：%s\n", termLine(opts.Output))
	}
	if opts.Annotate != "" {
		if n := countInside(r, opts.Annotate); n > 0 {
			fmt.Fprintf(opts.g.Err, "批注副本文件夹 %s 中有 %d 个文件不是本工具写入的，已作为报送文件照常检查\n", termLine(opts.Annotate), n)
		}
		res, err := checklist.Annotate(ctx, run.catalog, r, checklist.AnnotateOptions{
			Roots: opts.Paths, OutDir: opts.Annotate, Force: opts.Force, Jobs: opts.Jobs,
			Strict: opts.Strict, Due: run.deadline, Now: validateClock,
			Progress: func(done, _ int) { pause(ctx, opts.g.Err, "copy", done) },
		})
		if ctx.Err() != nil {
			wanted := 0
			for _, f := range r.Files {
				if checklist.NeedsCopy(f.Findings, opts.Strict) {
					wanted++
				}
			}
			return abortedError{fmt.Sprintf("检查报告已输出；%s已写入 %d 份批注副本中的 %d 份，其余未写", summary, wanted, len(res.Written))}
		}
		for _, c := range res.Renamed {
			fmt.Fprintf(opts.g.Err, "同名文件的副本已改名：%s → %s\n", termLine(c.Input), termLine(c.Copy))
		}
		if res.Mapping != "" {
			fmt.Fprintf(opts.g.Err, "副本与原文件的对照表：%s\n", termLine(res.Mapping))
		}
		if n := len(res.Removed); n > 0 {
			fmt.Fprintf(opts.g.Err, "已删除上次写入、现已不需要退回的 %d 份批注副本\n", n)
		}
		for _, s := range res.Skipped {
			fmt.Fprintf(opts.g.Err, "无法为 %s 生成批注副本：%s，请直接把问题清单发给报送单位\n", termLine(s.Path), termLine(s.Reason))
		}
		written, skipped := len(res.Written), len(res.Skipped)
		switch {
		case written > 0 && skipped > 0:
			fmt.Fprintf(opts.g.Err, "已写入 %d 份批注副本：%s；%d 个文件无法生成副本\n", written, termLine(opts.Annotate), skipped)
		case written > 0:
			fmt.Fprintf(opts.g.Err, "已写入 %d 份批注副本：%s\n", written, termLine(opts.Annotate))
		case skipped > 0:
			fmt.Fprintf(opts.g.Err, "未写入批注副本：%d 个有问题的文件都无法生成副本\n", skipped)
		case err == nil && len(r.Files) == 0:
			fmt.Fprintln(opts.g.Err, "没有收到任何文件，未写入批注副本")
		case err == nil && opts.Strict:
			fmt.Fprintln(opts.g.Err, "没有需要退回修改的文件（均无错误和警告），未写入批注副本")
		case err == nil:
			fmt.Fprintln(opts.g.Err, "没有需要退回修改的文件（均无错误），未写入批注副本")
		}
		if err != nil && written == 0 {
			return fmt.Errorf("批注副本未写入：%w", err)
		}
		if err != nil {
			return fmt.Errorf("部分批注副本未写入：%w", err)
		}
	}
	return nil
}

// countInside is how many checked files lie in folder dir.
func countInside(r *checklist.Report, dir string) int {
	n := 0
	for _, f := range r.Files {
		if checklist.IsInside(f.Path, dir) {
			n++
		}
	}
	return n
}

// writeReport writes the report to stdout: JSON whole, text after the
// file sections streamed during the run.
func (run *validateRun) writeReport(r *checklist.Report) error {
	opts := run.opts
	switch {
	case opts.Format == "json":
		return writeValidateJSON(opts.g.Out, r)
	case run.streamErr != nil:
		return run.streamErr
	case run.streamed:
		return writeValidateTail(opts.g.Out, run.catalog, r, run.textOptions())
	}
	return writeValidateText(opts.g.Out, run.catalog, r, run.textOptions())
}

func (run *validateRun) textOptions() validateTextOptions {
	out := run.opts.g.Out
	return validateTextOptions{Color: isTerminal(out), Quiet: run.opts.Quiet, Width: termWidth(out)}
}

// writeValidateJSON writes the report with the stable keys of SPEC §5,
// one file at a time: encoded whole, 20,000 files took two buffers of the
// full text (the encoding and its indented copy) besides the report.
func writeValidateJSON(w io.Writer, r *checklist.Report) error {
	head := *r
	head.Files = []checklist.FileReport{}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&head); err != nil {
		return err
	}
	// The one line of the key at the top level (strings inside are escaped).
	const empty = "\n  \"files\": [],\n"
	before, after, ok := strings.Cut(buf.String(), empty)
	if !ok || len(r.Files) == 0 {
		_, err := io.WriteString(w, buf.String())
		return err
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(before)
	bw.WriteString("\n  \"files\": [\n")
	var fb bytes.Buffer
	fenc := json.NewEncoder(&fb)
	fenc.SetIndent("    ", "  ")
	fenc.SetEscapeHTML(false)
	for i := range r.Files {
		fb.Reset()
		if err := fenc.Encode(&r.Files[i]); err != nil {
			return err
		}
		bw.WriteString("    ")
		bw.Write(bytes.TrimSuffix(fb.Bytes(), []byte("\n")))
		if i < len(r.Files)-1 {
			bw.WriteByte(',')
		}
		bw.WriteByte('\n')
	}
	bw.WriteString("  ],\n")
	bw.WriteString(after)
	return bw.Flush()
}

// isTerminal reports whether w is a terminal, where colour and a progress
// bar are welcome.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}
