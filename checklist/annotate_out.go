package checklist

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// ManifestName is the file in an annotate folder that lists what qingdan
// wrote there: the next run replaces or removes those files, and only those,
// and a walk of an inbox holding the folder skips them.
const ManifestName = ".qingdan-退回.json"

// mappingName is the 对照表 written when two inputs map to one copy name.
const mappingName = "对照表.xlsx"

// Kinds of files a manifest records.
const (
	manifestCopy    = "copy"
	manifestMapping = "mapping"
)

// manifest is the JSON in ManifestName. Paths are relative to the folder,
// with forward slashes.
type manifest struct {
	Note    string          `json:"note"`
	Tool    string          `json:"tool"`
	Format  int             `json:"format"`
	Files   []manifestEntry `json:"files"`
	Folders []string        `json:"folders"` // folders qingdan created, removed when emptied
}

type manifestEntry struct {
	Path   string `json:"path"`
	Kind   string `json:"kind"`
	Source string `json:"source,omitempty"` // the input a copy was made from
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

const manifestNote = "qingdan 写入本文件夹的批注副本清单：下次检查时据此替换或删除过期的副本，只动这里列出且未被改动的文件。请勿修改或删除本文件。"

// readManifest reads the manifest of dir; a folder without one gives an
// empty manifest. Entries that would lead outside dir are an error: the
// file was not written by qingdan.
func readManifest(dir string) (*manifest, error) {
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return &manifest{}, nil
	}
	data, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return &manifest{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("无法读取 %s：%w", filepath.Join(dir, ManifestName), err)
	}
	var m manifest
	bad := func(cause error) (*manifest, error) {
		return nil, fmt.Errorf("%s 已损坏或不是本工具写入的（%v）；请确认后删除它再检查，文件夹中的文件不会被删除", filepath.Join(dir, ManifestName), cause)
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return bad(err)
	}
	for _, p := range append(slices.Clone(m.Folders), pathsOf(m.Files)...) {
		if !filepath.IsLocal(filepath.FromSlash(p)) || strings.Contains(p, `\`) {
			return bad(fmt.Errorf("路径 %q 不在本文件夹内", p))
		}
	}
	return &m, nil
}

func pathsOf(es []manifestEntry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Path
	}
	return out
}

// own returns the entries whose file is still there, unchanged since
// qingdan wrote it. The folder is opened as an os.Root, so a link inside
// it cannot lead a check (or a removal) outside.
func (m *manifest) own(root *os.Root) []manifestEntry {
	var out []manifestEntry
	for _, e := range m.Files {
		if sum, size, err := hashIn(root, e.Path); err == nil && sum == e.SHA256 && size == e.Size {
			out = append(out, e)
		}
	}
	return out
}

func hashIn(root *os.Root, rel string) (string, int64, error) {
	info, err := root.Lstat(filepath.FromSlash(rel))
	if err != nil {
		return "", 0, err
	}
	if !info.Mode().IsRegular() {
		return "", 0, fmt.Errorf("%s 不是普通文件", rel)
	}
	f, err := root.Open(filepath.FromSlash(rel))
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return hex.EncodeToString(h.Sum(nil)), n, err
}

// OwnFiles returns the files of the annotate folder dir that qingdan wrote
// and nobody changed since (the copies and 对照表 its manifest lists), as
// absolute paths: a walk of an inbox holding dir skips these and checks
// everything else there. A folder without a manifest gives none.
func OwnFiles(dir string) ([]string, error) {
	m, err := readManifest(dir)
	if err != nil || len(m.Files) == 0 {
		return nil, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, nil
	}
	defer root.Close()
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range m.own(root) {
		out = append(out, filepath.Join(abs, filepath.FromSlash(e.Path)))
	}
	return out, nil
}

// writeManifest saves m in dir, or removes the manifest when it records
// nothing.
func writeManifest(dir string, m *manifest) error {
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return nil
	}
	p := filepath.Join(dir, ManifestName)
	if len(m.Files) == 0 && len(m.Folders) == 0 {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("无法删除 %s：%w", p, err)
		}
		return nil
	}
	m.Note, m.Tool, m.Format = manifestNote, "qingdan", 1
	slices.SortFunc(m.Files, func(a, b manifestEntry) int { return strings.Compare(a.Path, b.Path) })
	slices.Sort(m.Folders)
	m.Folders = slices.Compact(m.Folders)
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return WriteFileAtomic(p, true, func(w io.Writer) error {
		_, err := w.Write(append(data, '\n'))
		return err
	})
}

// entryFor records a file just written.
func entryFor(dir, target, kind, source string, data []byte) manifestEntry {
	rel, _ := filepath.Rel(dir, target)
	sum := sha256.Sum256(data)
	return manifestEntry{Path: filepath.ToSlash(rel), Kind: kind, Source: source, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data))}
}

// writeCopy writes data to target under dir: the folders on the way are
// created only now, and removed again when the write fails or ctx is
// cancelled, as is the temp file; the created folders are returned
// relative to dir, for the manifest. On failure it returns the created
// folders it could not remove yet (another copy of the run was writing
// into them), for the caller to sweep once every copy is done.
func writeCopy(ctx context.Context, dir, target string, force bool, data []byte) (created []string, err error) {
	created, err = mkdirs(dir, filepath.Dir(target))
	if err == nil {
		err = WriteFileAtomic(target, force, func(w io.Writer) error {
			return copyChecking(ctx, w, data)
		})
	}
	if err != nil {
		return removeEmpty(dir, created), err
	}
	return created, nil
}

// copyChecking writes data in chunks, stopping as soon as ctx is done.
func copyChecking(ctx context.Context, w io.Writer, data []byte) error {
	const chunk = 64 << 10
	for len(data) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := min(chunk, len(data))
		if _, err := w.Write(data[:n]); err != nil {
			return err
		}
		data = data[n:]
	}
	return ctx.Err()
}

// mkdirs creates the folders from dir down to sub that are missing and
// returns them, relative to dir and with forward slashes, outermost first.
func mkdirs(dir, sub string) ([]string, error) {
	rel, err := filepath.Rel(dir, sub)
	if err != nil || !filepath.IsLocal(rel) && rel != "." {
		return nil, fmt.Errorf("副本路径 %s 不在文件夹 %s 内", sub, dir)
	}
	// The folder itself was named by the user: made when missing, never removed.
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("无法创建文件夹 %s：%w", dir, err)
	}
	var created, steps []string
	if rel != "." {
		parts := strings.Split(filepath.ToSlash(rel), "/")
		for i := range parts {
			steps = append(steps, path.Join(parts[:i+1]...))
		}
	}
	for _, s := range steps {
		p := filepath.Join(dir, filepath.FromSlash(s))
		err := os.Mkdir(p, 0o755)
		switch {
		case err == nil:
			created = append(created, s)
		case errors.Is(err, fs.ErrExist):
			if info, serr := os.Stat(p); serr != nil || !info.IsDir() {
				removeEmpty(dir, created)
				return nil, fmt.Errorf("无法创建文件夹 %s：已有同名文件", p)
			}
		default:
			removeEmpty(dir, created)
			return nil, fmt.Errorf("无法创建文件夹 %s：%w", p, err)
		}
	}
	return created, nil
}

// removeEmpty removes those of the folders (relative to dir) that are
// empty, deepest first, and returns the ones left.
func removeEmpty(dir string, folders []string) (left []string) {
	sorted := slices.Clone(folders)
	slices.SortFunc(sorted, func(a, b string) int { return strings.Count(b, "/") - strings.Count(a, "/") })
	for _, f := range sorted {
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(f))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			left = append(left, f)
		}
	}
	return left
}

// cleanZip rewrites a package keeping only entries whose names are plain
// relative paths, each once: excelize re-saves the part names of its input,
// and a copy that goes back to a school must not carry ../ or absolute
// names. Entries are copied without recompressing.
func cleanZip(data []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	seen := map[string]bool{}
	for _, f := range zr.File {
		key := strings.ToLower(f.Name)
		if !CleanEntryName(f.Name) || seen[key] {
			continue
		}
		seen[key] = true
		if err := zw.Copy(f); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// CleanEntryName says whether a zip entry name is a plain relative path:
// no .. or . segment, no leading /, no backslash, no drive letter, no
// empty segment.
func CleanEntryName(name string) bool {
	if name == "" || strings.ContainsAny(name, `\:`) || strings.HasPrefix(name, "/") {
		return false
	}
	for _, seg := range strings.Split(strings.TrimSuffix(name, "/"), "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
	}
	return true
}
