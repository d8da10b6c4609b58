package cmd

import (
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"

	"github.com/jedib0t/go-pretty/v6/table"
	"github.com/jedib0t/go-pretty/v6/text"
	"golang.org/x/term"
)

// The width rule of every table: East Asian ambiguous characters (· — …
// ① × and the like) count two columns, as a Chinese Windows console draws
// them; go-pretty and wrapCell both measure with text.RuneWidth under this
// rule. Curly quotes, the ambiguous characters our texts hold most, are
// shown as the corner brackets, wide on every terminal, so no terminal's
// choice for them can push a border out of line: “” as 『』, since our
// messages quote with 「」 and a quote inside one reads as the inner 『』.
func init() { text.OverrideRuneWidthEastAsianWidth(true) }

// quotesWide replaces the ambiguous-width quotes by the wide corner brackets.
var quotesWide = strings.NewReplacer("“", "『", "”", "』", "‘", "「", "’", "」")

// defaultWidth is the width tables fit when stdout is no terminal (a file,
// a pipe, a test): a 100-column window.
const defaultWidth = 100

// termWidth is the width of the terminal w is, else defaultWidth.
func termWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok && isTerminal(f) {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols >= 40 {
			return cols
		}
	}
	return defaultWidth
}

// newTable returns a table in the house style. ASCII lines, because box-drawing
// characters are double width in a Chinese Windows console and break the columns.
func newTable() table.Writer {
	t := table.NewWriter()
	t.SetStyle(table.StyleDefault)
	t.Style().Format.Header = text.FormatDefault
	return t
}

// printTable renders a table in the house style to w.
func printTable(w io.Writer, t table.Writer) { fmt.Fprintln(w, t.Render()) }

// minColumn is the narrowest a wrapped column becomes.
const minColumn = 10

// fitColumns makes a table of these rows at most width columns wide: it
// narrows the columns that may wrap (0-based indexes, the first given
// narrowed first, each down to its heading or minColumn) and returns the
// configs that wrap them with wrapCell.
// It also makes the quotes of the string cells wide, in place.
func fitColumns(width int, header table.Row, rows []table.Row, wrap ...int) []table.ColumnConfig {
	widths := make([]int, len(header))
	measure := func(r table.Row) {
		for i, v := range r {
			if s, ok := v.(string); ok {
				r[i] = quotesWide.Replace(s)
			}
			for _, line := range strings.Split(fmt.Sprint(r[i]), "\n") {
				if i < len(widths) {
					widths[i] = max(widths[i], text.StringWidthWithoutEscSequences(line))
				}
			}
		}
	}
	measure(header)
	for _, r := range rows {
		measure(r)
	}
	total := 1
	for _, w := range widths {
		total += w + 3 // a space either side and the border
	}
	narrowed := map[int]bool{}
	for _, i := range wrap {
		floor := max(minColumn, text.StringWidthWithoutEscSequences(fmt.Sprint(header[i])))
		for total > width && widths[i] > floor {
			widths[i]--
			narrowed[i] = true
			total--
		}
	}
	var configs []table.ColumnConfig
	for _, i := range wrap {
		if narrowed[i] {
			configs = append(configs, table.ColumnConfig{Number: i + 1, WidthMax: widths[i], WidthMaxEnforcer: wrapCell})
		}
	}
	return configs
}

// Chinese line-breaking rules: these never start a line, those never end one.
const (
	noLineStart = "，。、；：！？）」』》〉】”’…%,.;:!?)]}"
	noLineEnd   = "（「『《〈【“‘([{"
)

// wrapCell breaks s into lines at most max columns wide: between CJK
// characters or at spaces, never inside an ASCII word (a word wider than
// max is cut), keeping closing punctuation off a line's start and opening
// punctuation off its end.
func wrapCell(s string, max int) string {
	var out []string
	for _, para := range strings.Split(s, "\n") {
		out = append(out, wrapLine(para, max)...)
	}
	return strings.Join(out, "\n")
}

func wrapLine(s string, max int) []string {
	var lines [][]string
	var cur []string
	width := 0
	flush := func() {
		for len(cur) > 0 && cur[len(cur)-1] == " " {
			cur = cur[:len(cur)-1]
		}
		lines = append(lines, cur)
		cur, width = nil, 0
	}
	for _, u := range wrapUnits(s) {
		uw := text.StringWidth(u)
		if u == " " && len(cur) == 0 && len(lines) > 0 {
			continue
		}
		if width+uw > max && len(cur) > 0 {
			var carry []string
			// Pull a character down with a closing mark, and push an opening mark down.
			if strings.Contains(noLineStart, u) && len(cur) > 1 {
				carry, cur = cur[len(cur)-1:], cur[:len(cur)-1]
			}
			for len(cur) > 1 && strings.Contains(noLineEnd, cur[len(cur)-1]) {
				carry, cur = append([]string{cur[len(cur)-1]}, carry...), cur[:len(cur)-1]
			}
			flush()
			for _, c := range carry {
				cur = append(cur, c)
				width += text.StringWidth(c)
			}
		}
		for uw > max && len(cur) == 0 {
			head, rest := cutWidth(u, max)
			lines = append(lines, []string{head})
			u, uw = rest, text.StringWidth(rest)
		}
		cur = append(cur, u)
		width += uw
	}
	flush()
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.Join(l, "")
	}
	return out
}

// wrapUnits splits a line into what a break may not enter: a run of
// ASCII letters, digits and marks (a word, C9, --force, 8%), one space, or
// one other character.
func wrapUnits(s string) []string {
	var units []string
	word := -1
	for i, r := range s {
		inWord := r < 0x80 && !unicode.IsSpace(r)
		if word >= 0 && !inWord {
			units = append(units, s[word:i])
			word = -1
		}
		switch {
		case inWord && word < 0:
			word = i
		case inWord:
		case unicode.IsSpace(r):
			units = append(units, " ")
		default:
			units = append(units, string(r))
		}
	}
	if word >= 0 {
		units = append(units, s[word:])
	}
	return units
}

// cutWidth cuts a word too wide for any line at max columns.
func cutWidth(s string, max int) (head, rest string) {
	w := 0
	for i, r := range s {
		rw := text.RuneWidth(r)
		if w+rw > max && i > 0 {
			return s[:i], s[i:]
		}
		w += rw
	}
	return s, ""
}
