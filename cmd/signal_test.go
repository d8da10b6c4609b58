package cmd

import (
	"bufio"
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"qingdan/bench"
	"qingdan/checklist"
)

// mainEnv makes the test binary run as qingdan itself (with signals
// caught as main.go catches them), so that a test can interrupt a real
// process.
const mainEnv = "QINGDAN_TEST_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(mainEnv) == "1" {
		ctx, stop := NotifyContext(context.Background())
		code := ExecuteContext(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// TestSignalLeavesNothingBehind interrupts validate at a known point (the
// pause hook says on stderr when it is there) and checks the exit code,
// the line saying what was written, and that no temp file is left.
func TestSignalLeavesNothingBehind(t *testing.T) {
	inbox := filepath.Join(t.TempDir(), "收件箱")
	if err := bench.GenerateCorpus(checklist.DefaultCatalog(), inbox, 48); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		pause  string
		sig    syscall.Signal
		code   int
		line   *regexp.Regexp
		copies bool // some copies are written
	}{
		{"SIGINT while checking writes neither output", "check:3", syscall.SIGINT, 130,
			regexp.MustCompile(`^已中止：检查未完成（已检查 48 个文件中的 (\d+) 个），检查报告不完整；汇总表未写入；批注副本未写入$`), false},
		{"SIGTERM while copying keeps the finished copies", "copy:1", syscall.SIGTERM, 143,
			regexp.MustCompile(`^已中止：检查报告已输出；汇总表已写入；已写入 (\d+) 份批注副本中的 (\d+) 份，其余未写$`), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := t.TempDir()
			summary := filepath.Join(out, "汇总.xlsx")
			annotate := filepath.Join(out, "退回")
			c := exec.Command(os.Args[0], "validate", inbox, "--strict", "-j", "2", "-o", summary, "--annotate", annotate)
			c.Env = append(os.Environ(), mainEnv+"=1", pauseEnv+"="+tt.pause)
			stderr, err := c.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stdout strings.Builder
			c.Stdout = &stdout
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
			var lines []string
			sc := bufio.NewScanner(stderr)
			for sc.Scan() {
				lines = append(lines, sc.Text())
				if sc.Text() == pauseEnv+" "+tt.pause {
					if err := c.Process.Signal(tt.sig); err != nil {
						t.Fatal(err)
					}
				}
			}
			err = c.Wait()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != tt.code {
				t.Fatalf("exit %v, want code %d; stderr:\n%s", err, tt.code, strings.Join(lines, "\n"))
			}
			last := lines[len(lines)-1]
			m := tt.line.FindStringSubmatch(last)
			if m == nil {
				t.Fatalf("last stderr line %q, want %s", last, tt.line)
			}
			if _, err := os.Stat(summary); (err == nil) != tt.copies {
				t.Errorf("summary written: %v, want %v", err == nil, tt.copies)
			}
			written := countCopies(t, annotate)
			if tt.copies {
				wanted, done := atoi(t, m[1]), atoi(t, m[2])
				if done < 1 || done > wanted || done != written {
					t.Errorf("line says %d of %d copies, %d on disk", done, wanted, written)
				}
			} else {
				// Files finished while the run waited are counted; never all.
				if n := atoi(t, m[1]); n < 3 || n >= 48 {
					t.Errorf("line says %d files checked", n)
				}
				if written != 0 {
					t.Errorf("%d copies written", written)
				}
				// The sections of the files checked went out as they came.
				sections := regexp.MustCompile(`(?m)^(✓|✗|–) `).FindAllString(stdout.String(), -1)
				if len(sections) != atoi(t, m[1]) || strings.Contains(stdout.String(), "共检查") {
					t.Errorf("%d file sections printed for %s checked, want as many and no summary line:\n%s", len(sections), m[1], stdout.String())
				}
			}
			filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
				if err == nil && tempName.MatchString(d.Name()) {
					t.Errorf("temp file left: %s", p)
				}
				return err
			})
		})
	}
}

// tempName is the name of WriteFileAtomic's temp files (os.CreateTemp).
var tempName = regexp.MustCompile(`^\.qingdan-\d+`)

// countCopies counts the annotated copies under dir: the .xlsx files.
func countCopies(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".xlsx" {
			n++
		}
		return nil
	})
	return n
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
