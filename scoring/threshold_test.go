package scoring

import (
	"testing"

	"qingdan/checklist"
)

// TestCatalogLinesStayApart guards minSimilarity: no two catalog lines may
// be so alike that a retyped one could be taken for the other.
func TestCatalogLinesStayApart(t *testing.T) {
	lines := catalogLines(checklist.DefaultCatalog())
	worst := 0.0
	for i := range lines {
		for j := i + 1; j < len(lines); j++ {
			if s := checklist.Similarity(lines[i].norm, lines[j].norm); s > worst {
				worst = s
			}
		}
	}
	if worst >= minSimilarity {
		t.Errorf("two catalog lines are %.2f similar, too close to the threshold %.2f", worst, minSimilarity)
	}
	t.Logf("most similar catalog lines: %.2f", worst)
}
