package grid

import (
	"fmt"
	"sync/atomic"
	"time"
)

// Limits bound the work one file may cause (SPEC §9). A responsibility list
// is a few dozen rows and well under a megabyte; a 评分表 about a hundred
// rows. Every reader honours the same limits; exceeding one is an *Error
// naming it, never a silent cut (except a cell's text, cut at MaxCellBytes
// and listed in Sheet.Truncated).
type Limits struct {
	MaxFileSize    int64 // bytes of the file as stored
	MaxUnzipped    int64 // bytes of all parts of a package, uncompressed
	MaxPartSize    int64 // bytes of one part (sheet XML, document.xml, a BIFF stream)
	MaxSheets      int   // sheets (or Word tables) per file
	MaxRows        int   // non-empty rows per sheet
	MaxRowNumber   int   // highest row number a sheet may use
	MaxColumns     int   // cells right of this column are not kept
	MaxCellBytes   int   // a cell's text is cut here
	MaxCells       int   // cells kept per file, counted as cells, not as extents
	MaxMerges      int   // merged ranges per sheet
	MaxMergedCells int   // cells covered by the merges of one sheet, clipped to its rows
	MaxParts       int   // members of a zip package
	MaxElements    int   // cell and row elements (or records) visited per file, kept or not
	MaxMatchBytes  int   // text a pattern is matched against: a longer cell is no heading
	MaxTextBytes   int   // text of all cells of a file, a shared string counted per cell
	// FileTime is how long one file's read and check may take; a caller
	// sets Deadline from it (or from a context) and Stop for a cancelled run.
	FileTime time.Duration
	Deadline time.Time   // a read still going then stops; zero: no deadline
	Stop     func() bool // polled with Deadline; true stops the read
}

// DefaultLimits are the limits every command uses.
func DefaultLimits() Limits {
	return Limits{
		MaxFileSize:    32 << 20,
		MaxUnzipped:    64 << 20,
		MaxPartSize:    32 << 20,
		MaxSheets:      256,
		MaxRows:        5000,
		MaxRowNumber:   1 << 20,
		MaxColumns:     256,
		MaxCellBytes:   32 << 10,
		MaxCells:       500000,
		MaxMerges:      20000,
		MaxMergedCells: 200000,
		MaxParts:       10000,
		MaxElements:    1000000,
		MaxMatchBytes:  2 << 10,
		MaxTextBytes:   4 << 20,
		FileTime:       5 * time.Second,
	}
}

// ErrTimeout is the cause of a read stopped at its deadline or by Stop.
var ErrTimeout = fmt.Errorf("%w: past the file's deadline", ErrTooLarge)

// Timeout is the refusal of a file whose read passed its deadline.
func (l Limits) Timeout() *Error {
	return Refuse(Unreadable, ErrTimeout, "文件读取和检查超过时限（每个文件 %s），内容过于繁杂，不像是责任清单，未检查完。请删除多余内容后重新报送", l.FileTime)
}

// Clock polls a read's deadline every clockStep steps, cheap enough to tick per token.
type Clock struct {
	lim Limits
	n   int
}

const clockStep = 1024

// Clock returns a clock for one read under l.
func (l Limits) Clock() *Clock { return &Clock{lim: l} }

// Tick counts one step; every clockStep steps it checks the deadline and
// Stop, and returns the Timeout refusal once either says stop.
func (c *Clock) Tick() error {
	if c == nil {
		return nil
	}
	if c.n++; c.n%clockStep != 0 {
		return nil
	}
	return c.Check()
}

// Check checks the deadline and Stop now.
func (c *Clock) Check() error {
	if c == nil {
		return nil
	}
	if c.lim.Stop != nil && c.lim.Stop() || !c.lim.Deadline.IsZero() && time.Now().After(c.lim.Deadline) {
		return c.lim.Timeout()
	}
	return nil
}

// Work counts what the readers did, summed over every read of the process:
// tests bound the work a hostile file causes by these counts, not by time.
type Work struct {
	Parts    atomic.Int64 // zip members or streams opened
	Elements atomic.Int64 // cell and row elements, records or tokens visited
}

// Counted is the work of every read so far.
var Counted Work
