package web

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// Multipart field names of POST /api/validate and /api/score.
const (
	fieldPath     = "path"     // one per file, in the order of the files: its relative path
	fieldFile     = "file"     // the files
	fieldRoster   = "roster"   // the roster file (validate)
	fieldDeadline = "deadline" // YYYY-MM-DD (validate)
	fieldStrict   = "strict"   // "1" or "true" (validate)
	fieldBlank    = "blank"    // error|zero|full (score)
	fieldRun      = "run"      // the page's id for progress and downloads
)

// upload is one request's files, written under a private temp folder that
// Close removes.
type upload struct {
	dir    string            // the private folder
	inputs string            // dir/in: the files, under their relative paths
	Files  []string          // relative paths as written, slash-separated
	Fields map[string]string // the plain fields
	Roster string            // the roster's path under dir, "" when none
	Bytes  int64
}

// errTooLarge is a refusal with status 413.
type errTooLarge struct{ msg string }

func (e errTooLarge) Error() string { return e.msg }

// readUpload streams the multipart body into a private temp folder. Names
// from the browser are cleaned into relative paths below it and never
// reach the file system as given.
func (s *Server) readUpload(w http.ResponseWriter, r *http.Request, progress *runProgress) (*upload, error) {
	dir, err := os.MkdirTemp(s.cfg.TempDir, "qingdan-serve-")
	if err != nil {
		return nil, fmt.Errorf("无法建立临时文件夹：%w", err)
	}
	up := &upload{dir: dir, inputs: filepath.Join(dir, "in"), Fields: map[string]string{}}
	if err := os.Mkdir(up.inputs, 0o700); err != nil {
		up.Close()
		return nil, fmt.Errorf("无法建立临时文件夹：%w", err)
	}
	if err := s.readParts(w, r, up, progress); err != nil {
		up.Close()
		return nil, err
	}
	return up, nil
}

func (s *Server) readParts(w http.ResponseWriter, r *http.Request, up *upload, progress *runProgress) error {
	// The body cap allows the form fields around the files.
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBytes+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		return fmt.Errorf("上传的内容无法识别（%v），请刷新页面后重新选择文件", err)
	}
	var paths []string
	taken := map[string]bool{}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return s.uploadError(err)
		}
		name := part.FormName()
		switch {
		case name == fieldPath:
			v, err := readField(part)
			if err != nil {
				return s.uploadError(err)
			}
			paths = append(paths, v)
		case name == fieldFile:
			if len(up.Files) >= s.cfg.MaxFiles {
				return errTooLarge{fmt.Sprintf("一次最多上传 %d 个文件，请分批检查（每批不超过 %d 个）", s.cfg.MaxFiles, s.cfg.MaxFiles)}
			}
			given := part.FileName()
			if i := len(up.Files); i < len(paths) {
				given = paths[i]
			}
			rel := uniqueName(cleanRel(given), taken)
			taken[strings.ToLower(rel)] = true
			if err := s.savePart(part, filepath.Join(up.inputs, filepath.FromSlash(rel)), up); err != nil {
				return err
			}
			up.Files = append(up.Files, rel)
			progress.set(phaseUpload, len(up.Files), 0)
		case name == fieldRoster && part.FileName() != "":
			base := cleanRel(part.FileName())
			dst := filepath.Join(up.dir, "roster", filepath.Base(filepath.FromSlash(base)))
			if err := s.savePart(part, dst, up); err != nil {
				return err
			}
			up.Roster = dst
		default:
			v, err := readField(part)
			if err != nil {
				return s.uploadError(err)
			}
			up.Fields[name] = v
		}
	}
}

// savePart writes one file, counting its bytes against the cap.
func (s *Server) savePart(part *multipart.Part, dst string, up *upload) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return fmt.Errorf("无法写入临时文件：%w", err)
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("无法写入临时文件：%w", err)
	}
	n, err := io.Copy(f, io.LimitReader(part, s.cfg.MaxBytes-up.Bytes+1))
	up.Bytes += n
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return s.uploadError(err)
	}
	if up.Bytes > s.cfg.MaxBytes {
		return s.tooLarge()
	}
	return nil
}

func (s *Server) tooLarge() error {
	return errTooLarge{fmt.Sprintf("上传的文件合计超过 %d MB 的上限，请分批检查，或去掉与清单无关的大文件", s.cfg.MaxBytes>>20)}
}

// uploadError turns a failed read of the body into Chinese.
func (s *Server) uploadError(err error) error {
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return s.tooLarge()
	}
	return fmt.Errorf("上传中断（%v），请重新上传", err)
}

// readField reads a plain form value of at most 64 KB.
func readField(p *multipart.Part) (string, error) {
	b, err := io.ReadAll(io.LimitReader(p, 64<<10))
	return string(b), err
}

// cleanRel makes a browser's relative path safe: slash-separated, without
// empty, "." and ".." parts, drive letters or characters Windows refuses,
// so that it always names a place inside the upload folder.
func cleanRel(p string) string {
	p = strings.ReplaceAll(p, `\`, "/")
	var parts []string
	for seg := range strings.SplitSeq(p, "/") {
		seg = strings.Map(func(r rune) rune {
			if r < 0x20 || strings.ContainsRune(`<>:"|?*`, r) {
				return '_'
			}
			return r
		}, seg)
		seg = strings.TrimRight(seg, ". ")
		if seg == "" {
			continue
		}
		parts = append(parts, seg)
	}
	if len(parts) == 0 {
		return "未命名"
	}
	return strings.Join(parts, "/")
}

// uniqueName numbers a name already taken (case-insensitively, as Windows
// and macOS compare): 附件1.xlsx, 附件1 (2).xlsx…
func uniqueName(rel string, taken map[string]bool) string {
	if !taken[strings.ToLower(rel)] {
		return rel
	}
	ext := filepath.Ext(rel)
	stem := strings.TrimSuffix(rel, ext)
	for i := 2; ; i++ {
		c := fmt.Sprintf("%s (%d)%s", stem, i, ext)
		if !taken[strings.ToLower(c)] {
			return c
		}
	}
}

// Roots are the upload's top-level entries as paths, as a user would name
// them on the command line from the folder holding them: a folder for a
// chosen folder, the files for files chosen one by one.
func (up *upload) Roots() []string {
	var roots []string
	seen := map[string]bool{}
	for _, rel := range up.Files {
		top, _, _ := strings.Cut(rel, "/")
		if !seen[top] {
			seen[top] = true
			roots = append(roots, filepath.Join(up.inputs, top))
		}
	}
	return roots
}

// Close removes the temp folder and everything in it.
func (up *upload) Close() error { return os.RemoveAll(up.dir) }
