package checklist

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"qingdan/internal/convert"
	"qingdan/internal/inbox"
)

// OfficeExts are the extensions validate collects from folders: what a
// reader reads, what LibreOffice converts, archives and signed scans.
var OfficeExts = inboxExts()

// inboxExts lists every extension an inbox file of interest may have.
func inboxExts() []string {
	out := slices.Clone(ReadableExts())
	out = append(out, slices.Sorted(maps.Keys(convert.Targets))...)
	out = append(out, inbox.ArchiveExts...)
	out = append(out, inbox.ScanExts...)
	return slices.Compact(out)
}

// CollectOptions says how CollectFiles walks folders.
type CollectOptions struct {
	Skip       []string // folders not walked: outputs inside an input folder
	AllowEmpty bool     // a folder with no file to take is not an error
	Exts       []string // extensions taken from folders, lower case; nil: OfficeExts
	// Outside, when not nil, is told of each symlink in a walked folder
	// that points out of it (never read); nil: such links are left out.
	Outside func(link, target string)
}

// CollectFiles expands the paths given on the command line into the files
// to check, sorted by path. Files named explicitly are always taken;
// folders are walked recursively for the files of opts.Exts, skipping lock
// and hidden files, symlinked folders and the folders in opts.Skip. A
// subfolder that cannot be read is taken as a file, for the reader to
// report; a link that loops or dangles too. A symlink is followed only to
// a file inside the folder walked (linkInside). A path that does not exist is
// an error, and so is a folder with nothing to take unless opts.AllowEmpty.
func CollectFiles(paths []string, opts CollectOptions) ([]string, error) {
	skip := map[string]bool{}
	for _, d := range opts.Skip {
		if abs, err := filepath.Abs(d); err == nil {
			skip[abs] = true
		}
	}
	exts := opts.Exts
	if exts == nil {
		exts = OfficeExts
	}
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("路径不存在：%s", root)
			}
			return nil, fmt.Errorf("无法访问 %s：%w", root, err)
		}
		if !info.IsDir() {
			add(root)
			continue
		}
		before := len(out)
		realRoot, err := filepath.EvalSymlinks(root)
		if err != nil {
			return nil, fmt.Errorf("无法访问 %s：%w", root, err)
		}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == root {
					return fmt.Errorf("无法读取文件夹 %s：%w", p, err)
				}
				// One unreadable subfolder is the reader's finding, not the end of the batch.
				add(p)
				return filepath.SkipDir
			}
			if d.IsDir() {
				if p != root && (hidden(d.Name()) || skipped(skip, p)) {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 && !hidden(d.Name()) {
				if target, inside := linkInside(realRoot, p); !inside {
					// Reported when the walk would have taken it: a folder, or a file of exts.
					if info, err := os.Stat(target); opts.Outside != nil && err == nil && (info.IsDir() || collectable(p, d, exts)) {
						opts.Outside(p, target)
					}
					return nil
				}
			}
			if collectable(p, d, exts) {
				add(p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(out) == before && !opts.AllowEmpty {
			return nil, fmt.Errorf("文件夹 %s 中没有找到报送的文件（.xlsx、.xlsm 等）。请检查路径；如果 %s 本应是一个文件，它其实是文件夹", root, filepath.Base(root))
		}
	}
	slices.Sort(out)
	return out, nil
}

// linkInside says whether the symlink p found in the walk of the folder
// whose real path is realRoot may be followed: its final target lies
// inside that folder, or it dangles or loops (the reader then says so and
// reads nothing). A school's zip unpacked into the inbox can carry links
// to any file on the machine, which must be neither read nor copied back.
func linkInside(realRoot, p string) (target string, inside bool) {
	target, err := filepath.EvalSymlinks(p)
	if err != nil {
		return "", true
	}
	rel, err := filepath.Rel(realRoot, target)
	return target, err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func skipped(skip map[string]bool, p string) bool {
	if len(skip) == 0 {
		return false
	}
	abs, err := filepath.Abs(p)
	return err == nil && skip[abs]
}

// hidden reports names of hidden and temporary files: .x, ~$x (Office
// lock files) and .~lock.x# (LibreOffice lock files).
func hidden(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$")
}

// collectable reports whether a folder entry is an office file to check.
// Symlinks to folders are not followed (WalkDir reports them as files), so
// a link loop cannot trap the walk.
func collectable(p string, d fs.DirEntry, exts []string) bool {
	if hidden(d.Name()) || !slices.Contains(exts, strings.ToLower(filepath.Ext(d.Name()))) {
		return false
	}
	if d.Type()&fs.ModeSymlink != 0 {
		// A broken link is taken: the reader reports it as unreadable.
		info, err := os.Stat(p)
		return err != nil || !info.IsDir()
	}
	return d.Type().IsRegular()
}

// OutputClash says why writing the output file out could replace an input
// of paths walked with opts: out is one of the files named, or lies inside
// a folder named and is a file the walk would take. It returns "" when out
// is safe; commands refuse the others before reading anything.
func OutputClash(out string, paths []string, opts CollectOptions) string {
	absOut, err := filepath.Abs(out)
	if err != nil {
		return ""
	}
	exts := opts.Exts
	if exts == nil {
		exts = OfficeExts
	}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			continue
		}
		absRoot, err := filepath.Abs(root)
		if err != nil {
			continue
		}
		if !info.IsDir() {
			if absRoot == absOut || sameFile(root, out) {
				return fmt.Sprintf("输出文件 %s 就是输入的文件 %s，写出会覆盖上报的文件", out, root)
			}
			continue
		}
		if !IsInside(absOut, absRoot) || !walked(absRoot, absOut, exts, opts.Skip) {
			continue
		}
		return fmt.Sprintf("输出文件 %s 在输入文件夹 %s 中，会覆盖同名的上报文件，下次运行也会把它当作上报的文件读入", out, root)
	}
	return ""
}

// walked reports whether CollectFiles walking root would take the file
// path below it: an extension it collects, no hidden name on the way, and
// no skipped folder around it.
func walked(root, path string, exts, skip []string) bool {
	if !slices.Contains(exts, strings.ToLower(filepath.Ext(path))) {
		return false
	}
	for _, d := range skip {
		if IsInside(path, d) {
			return false
		}
	}
	rel, err := filepath.Rel(root, path)
	if err != nil {
		return false
	}
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		if hidden(part) {
			return false
		}
	}
	return true
}
