package checklist

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Normalize folds cell text for matching: full-width to half-width, no
// spaces or line breaks, no quotes of any kind, brackets made ASCII. Text
// that is already folded is returned as is, without allocating.
func Normalize(s string) string {
	i := 0
	for i < len(s) {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				break // invalid UTF-8 becomes U+FFFD, a change
			}
		}
		if out, keep := foldRune(r); !keep || out != r {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		if out, keep := foldRune(r); keep {
			b.WriteRune(out)
		}
	}
	return b.String()
}

// foldRune is Normalize for one rune: its narrow form with brackets made
// ASCII, or keep false for a space or a quote.
func foldRune(r rune) (rune, bool) {
	if r < utf8.RuneSelf {
		switch r {
		case ' ', '\t', '\n', '\v', '\f', '\r', '"', '\'', '`':
			return 0, false
		}
		return r, true
	}
	if r >= '\u4e00' && r <= '\u9fff' {
		return r, true // CJK ideographs, most of any cell, have no narrow form
	}
	if n := width.LookupRune(r).Narrow(); n != 0 {
		r = n
	}
	switch r {
	case '\u200b', '\ufeff', '“', '”', '‘', '’', '「', '」', '『', '』', '《', '》', '〈', '〉', '"', '\'', '`':
		return 0, false
	case '【', '〔', '［':
		return '(', true
	case '】', '〕', '］':
		return ')', true
	}
	if unicode.IsSpace(r) {
		return 0, false
	}
	return r, true
}

// numberingPrefix matches the numbering people put before a name:
// 一、 1. 1、 (1) （一） ① 第一项 第1条 第一、 (after Normalize, brackets are
// ASCII). A bare 第一 is not numbering: it starts 第一责任人.
var numberingPrefix = regexp.MustCompile(`^(?:第[0-9一二三四五六七八九十百]+(?:[项条部分点][、.,:：]?|[、.,:：])|[0-9]+[、.,:：)]|[一二三四五六七八九十]+[、.,:：)]|\([0-9一二三四五六七八九十]+\)[、.]?|[①-⑳⑴-⒇⒈-⒛❶-❿➀-➉])+`)

// pointsSuffix matches a trailing points note such as (9分).
var pointsSuffix = regexp.MustCompile(`\([0-9.]+分\)$`)

// NormalizeName folds a 责任名称 for matching against the catalog: Normalize,
// then drop numbering prefixes, a trailing points note and trailing 责任.
func NormalizeName(s string) string {
	s = Normalize(s)
	if loc := numberingPrefix.FindStringIndex(s); loc != nil {
		s = s[loc[1]:]
	}
	// The suffix test spares the regexp a scan of every name without a note.
	if strings.HasSuffix(s, "分)") {
		if loc := pointsSuffix.FindStringIndex(s); loc != nil {
			s = s[:loc[0]]
		}
	}
	for strings.HasSuffix(s, "责任") && utf8.RuneCountInString(s) > 2 {
		s = strings.TrimSuffix(s, "责任")
	}
	return strings.Trim(s, ":：、.,，;；")
}
