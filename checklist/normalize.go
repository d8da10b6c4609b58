package checklist

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// Normalize folds cell text for matching: full-width to half-width, no
// spaces or line breaks, no quotes of any kind, brackets made ASCII.
func Normalize(s string) string {
	s = width.Narrow.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), r == '\u200b', r == '\ufeff':
			continue
		case strings.ContainsRune(quoteRunes, r):
			continue
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

const quoteRunes = "\"'“”‘’「」『』《》〈〉`"

// numberingPrefix matches the numbering people put before a name:
// 一、 1. 1、 (1) （一） ① 第一项 第1条 (after Normalize, brackets are ASCII).
var numberingPrefix = regexp.MustCompile(`^(?:第[0-9一二三四五六七八九十百]+[项条部分点]?[、.,:：]?|[0-9]+[、.,:：)]|[一二三四五六七八九十]+[、.,:：)]|\([0-9一二三四五六七八九十]+\)[、.]?|[①-⑳⑴-⒇⒈-⒛❶-❿➀-➉])+`)

// pointsSuffix matches a trailing points note such as (9分).
var pointsSuffix = regexp.MustCompile(`\([0-9.]+分\)$`)

// NormalizeName folds a 责任名称 for matching against the catalog: Normalize,
// then drop numbering prefixes, a trailing points note and trailing 责任.
func NormalizeName(s string) string {
	s = Normalize(s)
	s = numberingPrefix.ReplaceAllString(s, "")
	s = pointsSuffix.ReplaceAllString(s, "")
	for strings.HasSuffix(s, "责任") && len([]rune(s)) > 2 {
		s = strings.TrimSuffix(s, "责任")
	}
	return strings.Trim(s, ":：、.,，;；")
}
