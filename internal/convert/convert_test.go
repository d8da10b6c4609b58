//go:build unix

package convert

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// libreOffice returns the real converter; CI installs LibreOffice, so
// there a missing one fails instead of skipping.
func libreOffice(t *testing.T) *Converter {
	t.Helper()
	c, ok := Find()
	if !ok {
		if os.Getenv("CI") != "" {
			t.Fatal("LibreOffice (soffice) is not installed; CI must install libreoffice-writer-nogui")
		}
		t.Skip("LibreOffice not installed")
	}
	return c
}

// rtf is a one-paragraph document every LibreOffice reads.
const rtf = `{\rtf1\ansi\deff0 {\fonttbl {\f0 Arial;}}\f0 \u21333?\u20301? qingdan\par}`

func TestConvertWithLibreOffice(t *testing.T) {
	c := libreOffice(t)
	res, err := c.Convert(context.Background(), []Input{
		{Name: "a.rtf", Data: []byte(rtf)},
		{Name: "../../b.rtf", Data: []byte(rtf)},
	}, "docx")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		zr, err := zip.NewReader(bytes.NewReader(res[i].Data), int64(len(res[i].Data)))
		if err != nil {
			t.Fatalf("result %d is no docx: %v (%v)", i, err, res[i].Err)
		}
		found := false
		for _, f := range zr.File {
			found = found || f.Name == "word/document.xml"
		}
		if !found {
			t.Errorf("result %d has no word/document.xml", i)
		}
	}
}

// fakeOffice writes a program that starts a child which would outlive it,
// records the child's pid, and hangs.
func fakeOffice(t *testing.T) (bin, pidFile string) {
	dir := t.TempDir()
	pidFile = filepath.Join(dir, "child.pid")
	bin = filepath.Join(dir, "soffice")
	script := "#!/bin/sh\nsleep 300 &\necho $! > " + pidFile + "\nwait\n"
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return bin, pidFile
}

func TestConvertTimeoutKillsTheGroup(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	bin, pidFile := fakeOffice(t)
	c := &Converter{Bin: bin, Timeout: 2 * time.Second}
	_, err := c.Convert(context.Background(), []Input{{Name: "a.doc", Data: []byte("x")}}, "docx")
	if err == nil || !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "超时") {
		t.Fatalf("err = %v, want a timeout", err)
	}
	data, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(data)))
	alive := true
	for range 50 { // the kill is sent; wait until the child is gone or a zombie
		if alive = running(pid); !alive {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if alive {
		t.Errorf("child %d of the converter still runs after the timeout", pid)
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
}

func TestConvertNoOutput(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "soffice")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	res, err := (&Converter{Bin: bin}).Convert(context.Background(), []Input{{Name: "a.doc", Data: []byte("x")}}, "docx")
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(res[0].Err, ErrNoOutput) {
		t.Errorf("exit 0 without output gave %v, want ErrNoOutput", res[0].Err)
	}
}

func TestTarget(t *testing.T) {
	for ext, want := range map[string]string{".DOC": "docx", ".wps": "docx", ".xlsb": "xlsx", ".xlsx": "", ".pdf": ""} {
		if got := Target(ext); got != want {
			t.Errorf("Target(%q) = %q, want %q", ext, got, want)
		}
	}
}

// running says whether pid is a live process: not gone, not a zombie
// waiting for its new parent to reap it.
func running(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return true
	}
	fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
	return len(fields) == 0 || fields[0] != "Z"
}
