package cmd

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"qingdan/internal/web"
)

func init() { subcommands = append(subcommands, newServeCmd) }

// serveOptions is everything `qingdan serve` needs.
type serveOptions struct {
	g         *globalOptions
	Paths     []string // files or folders to check at once (dropped on qingdan.exe)
	Port      int
	Listen    string
	NoBrowser bool
	MaxFiles  int
	MaxMB     int
	Jobs      int
	// Open opens the page in the default browser; tests replace it.
	Open func(url string) error
	// Ready is told the page's address once the server listens; tests use it.
	Ready func(url string)
	// Context ends the server; nil means until Ctrl-C or the window closes.
	Context context.Context
}

func newServeCmd(g *globalOptions) *cobra.Command {
	opts := &serveOptions{g: g, Open: openBrowser}
	c := &cobra.Command{
		Use: "serve [路径…] [选项]",
		// Ctrl-C is how a server is stopped: a clean stop is exit 0, not 130.
		Annotations: map[string]string{annotationSignalStops: "true"},
		Short:       "在浏览器中使用：检查清单、评分、下载表格（本机网页）",
		Long: `在本机启动一个网页，用浏览器完成 validate、score、template 和 rules 的全部工作，
不必使用命令行。启动后自动打开默认浏览器；关闭此窗口或按 Ctrl+C 即停止。

网页只在本机（127.0.0.1）上可以打开，网址中带有每次启动时随机生成的访问口令。
上传的文件只在本机检查，结果返回后即删除临时文件。
指定路径时，先检查这些文件或文件夹，网页打开时即显示结果（把文件夹拖到 qingdan.exe 上也是如此）。

--listen 让办公室其他电脑也能打开本页面（例如 --listen 0.0.0.0:8080），请只在可信的内部网络中使用，
网址（含访问口令）只告诉需要的人。`,
		Example: `  qingdan serve
  qingdan serve --port 8080 --no-browser
  qingdan serve 上报材料
  qingdan serve --listen 0.0.0.0:8080`,
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Paths = args
			return runServe(opts)
		},
		DisableFlagsInUseLine: true,
	}
	f := c.Flags()
	f.IntVar(&opts.Port, "port", 0, "使用端口 `N`（默认 0：自动选一个空闲端口）")
	f.StringVar(&opts.Listen, "listen", "", "在地址 `ADDR` 上监听（如 0.0.0.0:8080），让其他电脑也能访问；默认只允许本机")
	f.BoolVar(&opts.NoBrowser, "no-browser", false, "不自动打开浏览器")
	f.IntVar(&opts.MaxFiles, "max-files", 0, fmt.Sprintf("一次最多上传 `N` 个文件（默认 0：%d 个）", web.DefaultMaxFiles))
	f.IntVar(&opts.MaxMB, "max-mb", 0, fmt.Sprintf("一次上传的文件合计最多 `MB` 兆字节（默认 0：%d MB）", web.DefaultMaxBytes>>20))
	f.IntVarP(&opts.Jobs, "jobs", "j", 0, "同时检查 `N` 个文件（默认 0：按 CPU 核数）")
	return c
}

func runServe(opts *serveOptions) error {
	if opts.Port < 0 || opts.Port > 65535 {
		return usageError{fmt.Errorf("参数 --port 的值 %d 无效，应为 1—65535（0 表示自动选择）", opts.Port)}
	}
	if opts.Listen != "" && opts.Port != 0 {
		return usageError{errors.New("参数 --port 与 --listen 不能同时使用；端口请写在 --listen 里，如 0.0.0.0:8080")}
	}
	if opts.MaxFiles < 0 || opts.MaxMB < 0 {
		return usageError{errors.New("参数 --max-files 和 --max-mb 应为 0（默认上限）或正整数")}
	}
	if opts.Jobs < 0 {
		return usageError{fmt.Errorf("参数 -j/--jobs 的值 %d 无效，应为 0 或正整数", opts.Jobs)}
	}
	cat, err := opts.g.Catalog()
	if err != nil {
		return err
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(opts.Port))
	if opts.Listen != "" {
		addr = opts.Listen
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return usageError{fmt.Errorf("无法在 %s 上启动网页（%v）；端口可能已被占用，请换一个端口或去掉 --port", addr, err)}
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	srv := web.New(web.Config{
		Catalog: cat, RulesFile: opts.g.RulesFile, Version: Version, Token: web.NewToken(),
		Port: port, Shared: opts.Listen != "", MaxFiles: opts.MaxFiles, MaxBytes: int64(opts.MaxMB) << 20, Jobs: opts.Jobs,
	})
	page := srv.URL("http://" + net.JoinHostPort(pageHost(ln.Addr()), port))
	if len(opts.Paths) > 0 {
		fmt.Fprintf(opts.g.Err, "正在检查 %s……\n", strings.Join(opts.Paths, "、"))
		id, err := srv.CheckPaths(opts.Paths)
		if err != nil {
			ln.Close()
			return usageError{err}
		}
		page += "#run=" + id
	}
	return serve(opts, ln, srv, page)
}

// serve answers until the context ends, then lets running requests finish.
func serve(opts *serveOptions, ln net.Listener, srv *web.Server, page string) error {
	ctx := opts.Context
	if ctx == nil {
		var stop context.CancelFunc
		// Closing the console window on Windows arrives as SIGTERM.
		ctx, stop = signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()

	w := opts.g.Out
	if opts.Listen != "" {
		fmt.Fprintf(opts.g.Err, "警告：--listen %s 使其他电脑也能打开本页面并上传文件。请只在可信的内部网络中使用，网址（含访问口令）只告诉需要的人。\n", opts.Listen)
	}
	fmt.Fprintf(w, "qingdan 网页已启动，请在浏览器中打开：\n  %s\n", page)
	if !opts.NoBrowser {
		if err := opts.Open(page); err != nil {
			fmt.Fprintf(w, "（未能自动打开浏览器：%v。请复制上面的网址到浏览器地址栏。）\n", err)
		} else {
			fmt.Fprintln(w, "（已自动打开浏览器。）")
		}
	}
	fmt.Fprintln(w, "使用期间请不要关闭此窗口；关闭此窗口或按 Ctrl+C 即停止。")
	if opts.Ready != nil {
		opts.Ready(page)
	}
	select {
	case err := <-done:
		return fmt.Errorf("网页服务意外停止：%w", err)
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := hs.Shutdown(shut)
	// Uploads whose downloads are still being made are removed before exit.
	srv.Wait()
	fmt.Fprintln(w, "qingdan 网页已停止。")
	if err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}

// pageHost is the host of the printed address: loopback unless --listen
// named another address; for all addresses (0.0.0.0) this machine's first
// LAN address, which the other computers can reach.
func pageHost(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || tcp.IP.IsLoopback() {
		return "127.0.0.1"
	}
	if !tcp.IP.IsUnspecified() {
		return tcp.IP.String()
	}
	ifaces, _ := net.InterfaceAddrs()
	for _, a := range ifaces {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
			return n.IP.String()
		}
	}
	return "127.0.0.1"
}

// openBrowser opens url in the default browser of the desktop.
func openBrowser(url string) error {
	var c *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		// The empty title keeps start from taking the quoted URL as one.
		c = exec.Command("cmd", "/c", "start", "", url)
	case "darwin":
		c = exec.Command("open", url)
	default:
		c = exec.Command("xdg-open", url)
	}
	if err := c.Start(); err != nil {
		return err
	}
	go c.Wait()
	return nil
}
