package cmd

import (
	"strings"
	"unicode"
)

// A cell's text reaches the terminal only through these two functions:
// control characters from a file could move the cursor, clear lines or
// recolour them, and so forge a "✓ 通过" over a "✗" line (the reader has
// already decoded _x001B_ escapes into real ESC characters).

// termCell strips C0/C1 controls, DEL and bidirectional overrides from
// text shown inside a table cell; line breaks stay, the table draws them
// inside the cell's borders.
func termCell(s string) string { return termText(s, true) }

// termLine is termCell for text printed on a line of its own: line breaks
// become spaces, so a cell cannot start a report line.
func termLine(s string) string { return termText(s, false) }

func termText(s string, keepBreaks bool) string {
	if strings.IndexFunc(s, unsafeRune) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' && keepBreaks:
			b.WriteRune(r)
		case r == '\n', r == '\t', r == '\u2028', r == '\u2029':
			b.WriteByte(' ')
		case unsafeRune(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7F, r >= 0x80 && r <= 0x9F:
		return true
	case r == '\u2028', r == '\u2029', r == '\u200E', r == '\u200F':
		return true
	case r >= '\u202A' && r <= '\u202E', r >= '\u2066' && r <= '\u2069':
		return true
	}
	return unicode.Is(unicode.Cc, r)
}
