package cmd

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"qingdan/checklist"
	"qingdan/checklist/ledger"
	"qingdan/internal/calendar"
)

func init() { subcommands = append(subcommands, newLedgerCmd) }

// ledgerOptions is everything `qingdan ledger` needs.
type ledgerOptions struct {
	g     *globalOptions
	ctx   context.Context // the command's, for cancelling the run
	Paths []string
	Dir   string // -o DIR
	Year  int
	Force bool
	Jobs  int
	Now   func() time.Time
}

func newLedgerCmd(g *globalOptions) *cobra.Command {
	opts := &ledgerOptions{g: g, Now: time.Now}
	cmd := &cobra.Command{
		Use:   "ledger 路径… [选项]",
		Short: "根据通过检查的清单生成各单位的落实台账，并检查填好的台账",
		Long: `通知要求“按时序进度落实工作任务”，评分表要求“建立工作台账，实行对账销号”。

qingdan ledger 读取各单位的清单（文件或文件夹，与 validate 相同），为每个单位生成一份
“单位 落实台账.xlsx”，可直接打印，含四张工作表：
  任务台账  每份清单的每项任务逐季度一行：计划完成日期为季度末，完成情况（下拉选择
            未开始、推进中、已完成、未完成）、完成日期、佐证材料、销号（√）由单位填写；
  季度会议  每季度一行：党委（支部）会议专题听取“一岗双责”情况汇报的日期、汇报人、
            点评人，会议记录和照片报送监察室的日期（会后5个工作日内）；
  谈心谈话  每月每位谈话人一行（主要负责人来自附件2，班子成员来自附件3）：对象总人数、
            应谈人数（8%，向上取整，公式自动计算）、实谈人数、记录；
  党课      主要负责人和每位班子成员各一行：党课日期、题目、记录。
有错误的清单不生成台账，并列出 validate 的检查结果；该单位改正清单后再生成。
年度默认取清单的填报日期，可用 --year 指定。

填好的台账用 qingdan ledger check 检查（见 qingdan ledger check --help）。`,
		Example: `  # 为收到的全部清单生成台账，写入“台账”文件夹
  qingdan ledger 上报材料 -o 台账

  # 指定年度，覆盖已生成的台账
  qingdan ledger 上报材料 -o 台账 --year 2018 --force

  # 每月检查各单位交回的台账，写出通报用的汇总表
  qingdan ledger check 交回台账 -o 台账汇总.xlsx`,
		Args: needPaths("清单文件或文件夹"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Paths, opts.ctx = args, c.Context()
			if c.Flags().Changed("year") && (opts.Year < 2000 || opts.Year > 9999) {
				return usageError{fmt.Errorf("参数错误：--year 的取值 %d 无效（应为四位年份，如 2017）", opts.Year)}
			}
			return runLedger(opts)
		},
		DisableFlagsInUseLine: true,
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Dir, "output", "o", "", "保存台账的文件夹 `DIR`（不存在时自动创建；默认当前文件夹）")
	f.IntVar(&opts.Year, "year", 0, "台账年度 `N`（默认取清单的填报日期所在年度）")
	f.BoolVar(&opts.Force, "force", false, "覆盖已存在的台账")
	f.IntVarP(&opts.Jobs, "jobs", "j", 0, "同时读取 `N` 个文件（默认 0：按 CPU 核数）")
	cmd.AddCommand(newLedgerCheckCmd(g))
	return cmd
}

// collectLists lists the list files under paths, leaving out the ledgers
// and skip (an output folder inside an input folder).
func collectLists(paths []string, skip string) ([]string, error) {
	var s []string
	if skip != "" {
		s = append(s, skip)
	}
	files, err := checklist.CollectFiles(paths, checklist.CollectOptions{Skip: s})
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(files, ledger.IsLedgerFile), nil
}

func runLedger(opts *ledgerOptions) error {
	c, err := opts.g.Catalog()
	if err != nil {
		return err
	}
	files, err := collectLists(opts.Paths, opts.Dir)
	if err != nil {
		return usageError{err}
	}
	plan, err := ledger.PlanFiles(contextOf(opts.ctx), c, files, opts.Jobs)
	if err != nil {
		return err
	}
	if len(plan.Refused) > 0 {
		if err := writeRefused(opts.g.Err, c, plan.Refused); err != nil {
			return err
		}
	}
	if len(plan.Units) == 0 && len(plan.Refused) == 0 {
		return usageError{fmt.Errorf("在 %s 中没有找到清单", strings.Join(opts.Paths, "、"))}
	}
	type job struct {
		unit ledger.Unit
		year int
		path string
	}
	var jobs []job
	for _, u := range plan.Units {
		year := opts.Year
		if year == 0 {
			year = u.Year
		}
		if year == 0 {
			year = opts.Now().Year()
		}
		jobs = append(jobs, job{u, year, filepath.Join(opts.Dir, ledger.FileName(u.Name))})
	}
	// Refuse before writing anything, so a set is never half replaced.
	if !opts.Force {
		for _, j := range jobs {
			if _, err := os.Lstat(j.path); err == nil {
				return usageError{fmt.Errorf("文件已存在：%s（使用 --force 覆盖）", j.path)}
			}
		}
	}
	if opts.Dir != "" && len(jobs) > 0 {
		if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
			return usageError{fmt.Errorf("无法创建文件夹 %s：%w", opts.Dir, err)}
		}
	}
	for _, j := range jobs {
		l := ledger.Build(c, j.unit.Name, j.year, j.unit.Lists)
		if err := checklist.WriteFileAtomic(j.path, opts.Force, l.Write); err != nil {
			return usageError{fmt.Errorf("台账未写入：%w", withFlagHints(err))}
		}
		fmt.Fprintf(opts.g.Out, "已生成：%s（%d 年度，%d 条季度任务，%d 位谈话人）\n", j.path, j.year, len(l.Tasks), len(l.Talkers))
	}
	if len(plan.RefusedUnits) > 0 {
		fmt.Fprintf(opts.g.Err, "以下单位的清单有错误，未生成台账：%s。请改正清单后重新生成\n", termLine(strings.Join(plan.RefusedUnits, "、")))
	}
	if len(plan.Refused) > 0 {
		return findingsError{}
	}
	return nil
}

// writeRefused prints the validate report of the refused files.
func writeRefused(w io.Writer, c *checklist.Catalog, refused []checklist.FileReport) error {
	fmt.Fprintf(w, "%d 个文件的清单有错误，不能据此生成台账：\n", len(refused))
	r := &checklist.Report{Tool: "qingdan", Version: Version, Rules: c.Version, Files: refused, Units: []checklist.UnitReport{}}
	r.Tally()
	return writeValidateText(w, c, r, validateTextOptions{Color: isTerminal(w), Quiet: true})
}

// ledgerCheckOptions is everything `qingdan ledger check` needs.
type ledgerCheckOptions struct {
	g        *globalOptions
	ctx      context.Context
	Paths    []string
	AsOf     string // --as-of DATE
	Format   string
	Output   string // -o 台账汇总.xlsx
	Lists    string // --lists DIR
	Calendar string // --calendar FILE
	Force    bool
	Jobs     int
	Now      func() time.Time
}

func newLedgerCheckCmd(g *globalOptions) *cobra.Command {
	opts := &ledgerCheckOptions{g: g, Now: time.Now}
	cmd := &cobra.Command{
		Use:   "check 路径… [选项]",
		Short: "检查各单位填好的落实台账（任务逾期、季度会议、佐证报送、谈心谈话、党课）",
		Long: `检查各单位填好的落实台账（文件或文件夹），截至 --as-of 指定的日期（默认今天）：
  task-overdue           季度已过、任务未“已完成”（下季度首月过后为错误，此前为警告）
  done-without-evidence  已完成但未写佐证材料；done-without-date 已完成但未写完成日期
  done-in-future         完成日期晚于检查日期；bad-date、bad-number 日期或人数写得不对
  meeting-missing        已过的季度没有季度内的会议日期
  evidence-late          会议记录、照片晚于会后第5个工作日报送
  evidence-overdue       会后第5个工作日已过，仍未报送
  talk-below-ratio       实谈人数少于应谈人数（对象总人数的8%，向上取整）
  talk-missing           已过的月份没有谈话记录；talk-base-missing 未填对象总人数
  lecture-missing        年度结束仍未讲党课（四季度内为提示）
  ledger-mismatch        用 --lists 给出清单时对账：清单中的任务不在台账中或已改动
工作日按国务院办公厅每年的节假日安排通知计算（周末、法定节假日休息，调休上班日上班），
内置 2017—2026 年；其他年度用 --calendar 指定同样格式的文件（日期、off/work、节日、通知）。

-o 写出监察室每月抽查和通报用的汇总表：每个单位一行（任务应完成/已完成/逾期、季度会议、
佐证按时报送、谈话未达比例、党课）及红、黄、绿状态，问题清单列出全部问题，会议佐证列出每次
会议按工作日算出的报送期限和是否按时报送。
退出码：0 没有错误，1 发现错误，2 命令本身无法运行。`,
		Example: `  # 截至今天检查交回的全部台账
  qingdan ledger check 交回台账

  # 按 10 月 20 日的进度检查，并与清单对账，写出汇总表
  qingdan ledger check 交回台账 --as-of 2017-10-20 --lists 上报材料 -o 台账汇总.xlsx

  # 2027 年的节假日安排公布后，用本地文件补充
  qingdan ledger check 交回台账 --calendar 2027节假日.tsv`,
		Args: needPaths("要检查的台账文件或文件夹"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Paths, opts.ctx = args, c.Context()
			return runLedgerCheck(opts)
		},
		DisableFlagsInUseLine: true,
	}
	f := cmd.Flags()
	f.StringVar(&opts.AsOf, "as-of", "", "检查日期 `DATE`（如 2017-10-20；默认今天）")
	f.StringVar(&opts.Format, "format", "", "输出格式 `text|json`：text 为中文报告（默认），json 供脚本处理")
	f.StringVarP(&opts.Output, "output", "o", "", "写出汇总表 `FILE`（.xlsx）：汇总（红黄绿）、问题清单")
	f.StringVar(&opts.Lists, "lists", "", "各单位的清单 `DIR`，与台账对账（ledger-mismatch）")
	f.StringVar(&opts.Calendar, "calendar", "", "节假日安排文件 `FILE`（制表符分隔：日期、off/work、节日、通知），补充或更正内置数据")
	f.BoolVar(&opts.Force, "force", false, "覆盖已存在的汇总表")
	f.IntVarP(&opts.Jobs, "jobs", "j", 0, "同时检查 `N` 个文件（默认 0：按 CPU 核数）")
	return cmd
}

func runLedgerCheck(opts *ledgerCheckOptions) error {
	lo, err := prepareLedgerCheck(opts)
	if err != nil {
		return err
	}
	files, err := checklist.CollectFiles(opts.Paths, checklist.CollectOptions{Exts: ledger.Exts})
	if err != nil {
		return usageError{err}
	}
	if opts.Output != "" {
		out, _ := filepath.Abs(opts.Output)
		files = slices.DeleteFunc(files, func(p string) bool { abs, _ := filepath.Abs(p); return abs == out })
	}
	results, err := checklist.RunOrdered(contextOf(opts.ctx), len(files), opts.Jobs, func(i int) ledger.Result {
		return ledger.CheckFile(files[i], lo)
	}, func(i int, p *checklist.Panic) ledger.Result {
		fr := checklist.PanicReport(files[i], p)
		return ledger.Result{Path: files[i], Findings: fr.Findings, Status: ledger.StatusRed, Counts: ledger.Counts{Errors: 1}}
	}, nil)
	if err != nil {
		return err
	}
	if opts.Format == "json" {
		err = writeLedgerJSON(opts.g.Out, lo.AsOf, results)
	} else {
		err = writeLedgerText(opts.g.Out, lo.AsOf, results)
	}
	if err != nil {
		return fmt.Errorf("输出检查报告失败：%w", err)
	}
	if opts.Output != "" {
		if err := checklist.WriteFileAtomic(opts.Output, opts.Force, func(w io.Writer) error {
			return ledger.WriteSummary(w, results, lo.AsOf)
		}); err != nil {
			return usageError{fmt.Errorf("汇总表未写入：%w", withFlagHints(err))}
		}
		fmt.Fprintf(opts.g.Err, "已写入汇总表：%s\n", termLine(opts.Output))
	}
	for _, r := range results {
		if r.Counts.Errors > 0 {
			return findingsError{}
		}
	}
	return nil
}

// prepareLedgerCheck checks the flags and reads the calendar and the
// lists, so that a bad flag stops the run before any ledger is read.
func prepareLedgerCheck(opts *ledgerCheckOptions) (ledger.Options, error) {
	var lo ledger.Options
	switch opts.Format {
	case "":
		opts.Format = "text"
	case "text", "json":
	default:
		return lo, usageError{fmt.Errorf("参数 --format 的值 %q 无效，应为 text 或 json", opts.Format)}
	}
	if opts.Output != "" {
		if !strings.EqualFold(filepath.Ext(opts.Output), ".xlsx") {
			return lo, usageError{fmt.Errorf("参数 -o/--output 的值 %q 无效，汇总表的文件名应以 .xlsx 结尾", opts.Output)}
		}
		if _, err := os.Lstat(opts.Output); err == nil && !opts.Force {
			return lo, usageError{fmt.Errorf("文件已存在：%s（使用 --force 覆盖）", opts.Output)}
		}
	}
	now := opts.Now()
	lo.AsOf = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	if opts.AsOf != "" {
		d, ok := checklist.ParseDate(opts.AsOf)
		if !ok {
			return lo, usageError{fmt.Errorf("参数 --as-of 的值 %q 不是日期，应写成 2017-10-20", opts.AsOf)}
		}
		lo.AsOf = d
	}
	lo.Calendar = calendar.Default()
	if opts.Calendar != "" {
		c, err := calendar.Load(opts.Calendar)
		if err != nil {
			return lo, usageError{fmt.Errorf("参数 --calendar：%w", err)}
		}
		lo.Calendar = c
	}
	if opts.Lists != "" {
		c, err := opts.g.Catalog()
		if err != nil {
			return lo, err
		}
		files, err := collectLists([]string{opts.Lists}, "")
		if err != nil {
			return lo, usageError{fmt.Errorf("参数 --lists：%w", err)}
		}
		plan, err := ledger.PlanFiles(contextOf(opts.ctx), c, files, opts.Jobs)
		if err != nil {
			return lo, err
		}
		if len(plan.Refused) > 0 {
			fmt.Fprintf(opts.g.Err, "--lists 中有 %d 个文件的清单有错误，这些单位不对账：%s\n", len(plan.Refused), termLine(strings.Join(plan.RefusedUnits, "、")))
		}
		lo.Lists = map[string][]ledger.Task{}
		for _, u := range plan.Units {
			var tasks []ledger.Task
			for _, l := range u.Lists {
				tasks = append(tasks, ledger.ListTasks(c, l)...)
			}
			lo.Lists[checklist.UnitKey(u.Name)] = tasks
		}
	}
	return lo, nil
}

// ledgerJSON is the JSON report of a ledger check.
type ledgerJSON struct {
	Tool    string          `json:"tool"`
	Version string          `json:"version"`
	AsOf    string          `json:"as_of"`
	Files   []ledger.Result `json:"files"`
}

func writeLedgerJSON(w io.Writer, asOf time.Time, results []ledger.Result) error {
	if results == nil {
		results = []ledger.Result{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(ledgerJSON{Tool: "qingdan", Version: Version, AsOf: asOf.Format("2006-01-02"), Files: results})
}

func writeLedgerText(w io.Writer, asOf time.Time, results []ledger.Result) error {
	var b strings.Builder
	tally := map[string]int{}
	var errs, warns, infos int
	for _, r := range results {
		tally[r.Status]++
		errs, warns, infos = errs+r.Counts.Errors, warns+r.Counts.Warnings, infos+r.Counts.Infos
		year := ""
		if r.Year > 0 {
			year = fmt.Sprintf(" %d年度", r.Year)
		}
		c := r.Counts
		fmt.Fprintf(&b, "%s（%s%s）：%s\n", r.Path, r.Unit, year, r.Status)
		fmt.Fprintf(&b, "  任务 应完成 %d、已完成 %d、逾期 %d；季度会议 应开 %d、已开 %d，佐证按时 %d；谈话未达8%% %d 人次·月；党课 %d/%d\n",
			c.TasksDue, c.TasksDone, c.TasksOverdue, c.MeetingsDue, c.MeetingsHeld, c.EvidenceOnTime, c.TalkMonthsBelow, c.LecturesGiven, c.Lecturers)
		for _, f := range r.Findings {
			where := f.Sheet
			if f.Cell != "" {
				where += "!" + f.Cell
			}
			fmt.Fprintf(&b, "  %s  %s  %s  %s\n", checklist.SeverityName(f.Severity), where, f.Code, f.Message)
		}
	}
	fmt.Fprintf(&b, "截至 %s 共检查 %d 份台账：红 %d、黄 %d、绿 %d；错误 %d 个，警告 %d 个，提示 %d 个\n",
		asOf.Format("2006-01-02"), len(results), tally[ledger.StatusRed], tally[ledger.StatusYellow], tally[ledger.StatusGreen], errs, warns, infos)
	_, err := io.WriteString(w, b.String())
	return err
}
