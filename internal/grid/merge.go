package grid

import "sort"

// mergeIndex answers "which merge covers this cell" without walking every
// merge: per row, the merges over it sorted by left column. Identical
// ranges are kept once, and a merge's rows are clipped to the sheet's last
// row, so the index is bounded by the covered cells a reader let through.
type mergeIndex struct {
	byRow map[int][]Range
}

// MergeAt returns the merge that covers row, col, if any.
func (s *Sheet) MergeAt(row, col int) (Range, bool) {
	if len(s.Merges) == 0 {
		return Range{}, false
	}
	if s.merged == nil {
		s.merged = buildMergeIndex(s.Merges, s.LastRow())
	}
	rs := s.merged.byRow[row]
	i := sort.Search(len(rs), func(i int) bool { return rs[i].Left > col }) - 1
	if i >= 0 && rs[i].Contains(row, col) {
		return rs[i], true
	}
	return Range{}, false
}

func buildMergeIndex(merges []Range, lastRow int) *mergeIndex {
	seen := make(map[Range]bool, len(merges))
	m := &mergeIndex{byRow: map[int][]Range{}}
	for _, r := range merges {
		if seen[r] || r.Top < 1 || r.Left < 1 || r.Bottom < r.Top || r.Right < r.Left {
			continue
		}
		seen[r] = true
		for row := r.Top; row <= min(r.Bottom, max(lastRow, r.Top)); row++ {
			m.byRow[row] = append(m.byRow[row], r)
		}
	}
	for _, rs := range m.byRow {
		sort.Slice(rs, func(i, j int) bool { return rs[i].Left < rs[j].Left })
	}
	return m
}

// Reindex drops the row and merge indexes; call it after changing Rows or
// Merges of a sheet that was already queried.
func (s *Sheet) Reindex() {
	s.index, s.merged = nil, nil
}
