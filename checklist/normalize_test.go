package checklist

import (
	"math/rand"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// normalizeReference is Normalize as first written: the whole text through
// the width transform, then spaces and quotes dropped and brackets made ASCII.
func normalizeReference(s string) string {
	s = width.Narrow.String(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), r == '\u200b', r == '\ufeff':
		case strings.ContainsRune("\"'“”‘’「」『』《》〈〉`", r):
		case r == '【' || r == '〔' || r == '［':
			b.WriteRune('(')
		case r == '】' || r == '〕' || r == '］':
			b.WriteRune(')')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestNormalizeAgreesWithWidthTransform(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := "甲" + string(r) + "a"
		if got, want := Normalize(s), normalizeReference(s); got != want {
			t.Fatalf("Normalize(%q) = %q, want %q", s, got, want)
		}
	}
	pieces := []string{"", " ", "　", "１２", "ＡＢ", "（一）", "【", "】", "“", "》", "，", "、", "。", "\xff", "\xe4\xb8", "谈心谈话", "8%", "８％", "\u200b", "\t", "ｶﾞ", "ガ", "￥"}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for n := rng.Intn(6); n >= 0; n-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		s := b.String()
		if got, want := Normalize(s), normalizeReference(s); got != want {
			t.Fatalf("Normalize(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestNormalizeKeepsFoldedTextWithoutAllocating(t *testing.T) {
	s := "组织领导(8分)每季度至少1次"
	if n := testing.AllocsPerRun(100, func() { _ = Normalize(s) }); n != 0 {
		t.Errorf("Normalize of folded text allocates %v times, want 0", n)
	}
}
