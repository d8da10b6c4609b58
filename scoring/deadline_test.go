package scoring

import (
	"strings"
	"testing"
	"time"

	gridpkg "qingdan/internal/grid"
	"qingdan/scoring/scoringtest"
)

// TestScoreFileDeadline: a 评分表 whose read outlasts the per-file time is
// refused as unreadable with the limit named, as a list would be. The
// limit is set in the past, so no clock is raced.
func TestScoreFileDeadline(t *testing.T) {
	defer func(f func() gridpkg.Limits) { fileLimits = f }(fileLimits)
	fileLimits = func() gridpkg.Limits {
		lim := gridpkg.DefaultLimits()
		lim.FileTime = -time.Second
		return lim
	}
	card := scoreOne(t, scoringtest.Card{Layout: scoringtest.Ours, Unit: "甲校"}, BlankError)
	if card.Scored || len(card.Findings) != 1 || card.Findings[0].Code != CodeUnreadable || !strings.Contains(card.Findings[0].Message, "超过时限") {
		t.Fatalf("want one unreadable finding naming the time limit, got scored %v %+v", card.Scored, card.Findings)
	}
}
