// Command pack writes the release archives of make dist: a .zip for
// Windows (names flagged UTF-8, text files with CRLF so that Notepad shows
// them) and a .tar.gz elsewhere, each holding one folder.
//
//	go run ./internal/pack -o dist/qingdan-windows-amd64.zip -root qingdan SRC=NAME…
package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

type entry struct {
	name string
	data []byte
	mode fs.FileMode
}

func main() {
	out := flag.String("o", "", "archive to write (.zip or .tar.gz)")
	root := flag.String("root", "qingdan", "folder the archive holds")
	flag.Parse()
	if *out == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: pack -o ARCHIVE [-root DIR] SRC=NAME…")
		os.Exit(2)
	}
	windows := strings.HasSuffix(*out, ".zip")
	var entries []entry
	for _, arg := range flag.Args() {
		src, name, ok := strings.Cut(arg, "=")
		if !ok {
			name = filepath.Base(src)
		}
		more, err := collect(src, path.Join(*root, name), windows)
		if err != nil {
			fail(err)
		}
		entries = append(entries, more...)
	}
	var b bytes.Buffer
	var err error
	if windows {
		err = writeZip(&b, entries)
	} else {
		err = writeTarGz(&b, entries)
	}
	if err == nil {
		err = os.WriteFile(*out, b.Bytes(), 0o644)
	}
	if err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "pack:", err)
	os.Exit(1)
}

// collect reads a file, or a folder's files under name.
func collect(src, name string, windows bool) ([]entry, error) {
	var out []entry
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if windows && (strings.HasSuffix(p, ".txt") || strings.HasSuffix(p, ".csv")) {
			data = bytes.ReplaceAll(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r\n"))
		}
		if windows && strings.HasSuffix(p, ".csv") && !bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
			// Excel opens a UTF-8 CSV as UTF-8 only with the BOM.
			data = append([]byte("\xef\xbb\xbf"), data...)
		}
		out = append(out, entry{path.Join(name, filepath.ToSlash(rel)), data, info.Mode().Perm()})
		return nil
	})
	return out, err
}

func writeZip(w io.Writer, entries []entry) error {
	zw := zip.NewWriter(w)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Flags: 0x800, Modified: time.Now()}
		h.SetMode(e.mode)
		f, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := f.Write(e.data); err != nil {
			return err
		}
	}
	return zw.Close()
}

func writeTarGz(w io.Writer, entries []entry) error {
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	for _, e := range entries {
		h := &tar.Header{Name: e.name, Mode: int64(e.mode), Size: int64(len(e.data)), ModTime: time.Now(), Format: tar.FormatPAX}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if _, err := tw.Write(e.data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}
