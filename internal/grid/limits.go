package grid

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
	}
}
