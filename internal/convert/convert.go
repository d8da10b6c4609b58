// Package convert turns legacy office files (.doc, .wps, .rtf, .xlsb …)
// into .docx or .xlsx with LibreOffice, when it is installed, so the native
// readers can judge them.
package convert

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// Targets maps each legacy extension to the format LibreOffice converts it to.
var Targets = map[string]string{
	".doc": "docx", ".wps": "docx", ".wpt": "docx", ".dot": "docx", ".rtf": "docx",
	".xlsb": "xlsx",
}

// Target returns what a file with extension ext is converted to, "" when
// LibreOffice is not used for it.
func Target(ext string) string { return Targets[strings.ToLower(ext)] }

// DefaultTimeout bounds one LibreOffice run.
const DefaultTimeout = 120 * time.Second

// Converter runs LibreOffice headless.
type Converter struct {
	Bin     string        // the soffice program
	Timeout time.Duration // per run; DefaultTimeout when zero
}

// Find looks for LibreOffice on PATH and in the usual install folders of
// Windows and macOS.
func Find() (*Converter, bool) {
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return &Converter{Bin: p}, true
		}
	}
	var candidates []string
	switch runtime.GOOS {
	case "windows":
		for _, env := range []string{"ProgramFiles", "ProgramFiles(x86)", "ProgramW6432"} {
			if dir := os.Getenv(env); dir != "" {
				candidates = append(candidates, filepath.Join(dir, "LibreOffice", "program", "soffice.exe"))
			}
		}
	case "darwin":
		candidates = append(candidates, "/Applications/LibreOffice.app/Contents/MacOS/soffice")
	}
	for _, c := range candidates {
		if info, err := os.Stat(c); err == nil && info.Mode().IsRegular() {
			return &Converter{Bin: c}, true
		}
	}
	return nil, false
}

// Input is one file to convert: its name (for its extension only; names
// never become paths) and its bytes.
type Input struct {
	Name string
	Data []byte
}

// Result is one converted file, or why it could not be converted (a
// Chinese sentence in Err's text).
type Result struct {
	Data []byte
	Err  error
}

// ErrNoOutput is a run that ended without writing the converted file.
var ErrNoOutput = errors.New("LibreOffice wrote no output")

// Convert converts every input to target ("docx" or "xlsx") in one
// LibreOffice run: inputs are written as 1.doc, 2.doc … in a private
// temporary folder, with a fresh profile folder so that parallel runs and
// an open LibreOffice window do not collide; the whole process group is
// killed at the timeout; everything is removed afterwards. A file for which
// LibreOffice reports success but writes nothing fails with ErrNoOutput.
func (c *Converter) Convert(ctx context.Context, inputs []Input, target string) ([]Result, error) {
	results := make([]Result, len(inputs))
	if len(inputs) == 0 {
		return results, nil
	}
	dir, err := os.MkdirTemp("", "qingdan-convert-")
	if err != nil {
		return nil, fmt.Errorf("无法创建临时文件夹（%w）", err)
	}
	defer os.RemoveAll(dir)
	in, out, profile := filepath.Join(dir, "in"), filepath.Join(dir, "out"), filepath.Join(dir, "profile")
	for _, d := range []string{in, out, profile} {
		if err := os.Mkdir(d, 0o700); err != nil {
			return nil, fmt.Errorf("无法创建临时文件夹（%w）", err)
		}
	}
	args := []string{"-env:UserInstallation=" + FileURL(profile), "--headless", "--norestore", "--nologo", "--nodefault",
		"--convert-to", target, "--outdir", out}
	for i, f := range inputs {
		p := filepath.Join(in, fmt.Sprintf("%d%s", i+1, strings.ToLower(filepath.Ext(f.Name))))
		if err := os.WriteFile(p, f.Data, 0o600); err != nil {
			return nil, fmt.Errorf("无法写入临时文件（%w）", err)
		}
		args = append(args, p)
	}
	output, runErr, err := RunHeadless(ctx, c.Bin, dir, profile, c.Timeout, args)
	if err != nil {
		return nil, fmt.Errorf("LibreOffice 转换%w", err)
	}
	for i := range inputs {
		data, err := os.ReadFile(filepath.Join(out, fmt.Sprintf("%d.%s", i+1, target)))
		switch {
		case err == nil && len(data) > 0:
			results[i].Data = data
		case runErr != nil:
			results[i].Err = fmt.Errorf("LibreOffice 转换失败（%v：%s）", runErr, strings.TrimSpace(output))
		default:
			results[i].Err = fmt.Errorf("%w: %s", ErrNoOutput, strings.TrimSpace(output))
		}
	}
	return results, nil
}

// RunHeadless runs an office program or browser headless in dir, with
// HOME set to home so that its profile stays private, and kills its whole
// process group when timeout (DefaultTimeout when zero) passes or ctx is
// cancelled. It returns what the program printed and its own error; err is
// set only for the timeout or cancellation, saying so in Chinese.
func RunHeadless(ctx context.Context, bin, dir, home string, timeout time.Duration, args []string) (output string, runErr, err error) {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HOME="+home)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	setProcessGroup(cmd)
	runErr = cmd.Run()
	if ctx.Err() != nil {
		killProcessGroup(cmd)
		return out.String(), runErr, fmt.Errorf("超时（超过 %d 秒）或被中止：%w", int(timeout.Seconds()), ctx.Err())
	}
	return out.String(), runErr, nil
}

// FileURL makes the file:// URL of a local path, as LibreOffice wants for
// -env:UserInstallation and browsers for the page to open.
func FileURL(p string) string {
	p = filepath.ToSlash(p)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}
