package checklist

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Match is the result of looking a written 责任名称 up in the catalog.
type Match struct {
	Entry   *Entry // the matched item or safeguard; nil when unknown
	Closest *Entry // for an unknown name, the nearest catalog entry ("是否指…")
	Exact   bool   // matched a name or alias after normalisation
}

// Matcher looks 责任名称 up by normalised name and alias.
type Matcher struct {
	exact   map[string]*Entry
	phrases []phrase // every normalised name and alias, longest first
}

type phrase struct {
	text  string
	runes int
	entry *Entry
}

// Matcher returns the catalog's name matcher, built once.
func (c *Catalog) Matcher() *Matcher {
	c.matcherOnce.Do(func() { c.matcher = newMatcher(c.entries) })
	return c.matcher
}

func newMatcher(entries []*Entry) *Matcher {
	m := &Matcher{exact: map[string]*Entry{}}
	add := func(s string, e *Entry) {
		n := NormalizeName(s)
		if n == "" {
			return
		}
		if _, taken := m.exact[n]; !taken {
			m.exact[n] = e
			m.phrases = append(m.phrases, phrase{text: n, runes: utf8.RuneCountInString(n), entry: e})
		}
	}
	for _, e := range entries {
		add(e.Name, e)
	}
	for _, e := range entries {
		for _, a := range e.Aliases {
			add(a, e)
		}
	}
	sort.SliceStable(m.phrases, func(i, j int) bool { return m.phrases[i].runes > m.phrases[j].runes })
	return m
}

// minContained is the shortest name that counts when it stands inside a longer text.
const minContained = 4

// Lookup matches a written name: exactly after normalisation, else by the
// longest catalog name contained in it, else reports the closest entry.
func (m *Matcher) Lookup(written string) Match {
	n := NormalizeName(written)
	if n == "" {
		return Match{}
	}
	if e, ok := m.exact[n]; ok {
		return Match{Entry: e, Exact: true}
	}
	nr := utf8.RuneCountInString(n)
	for _, p := range m.phrases {
		if p.runes >= minContained && p.runes < nr && strings.Contains(n, p.text) {
			return Match{Entry: p.entry}
		}
	}
	var best *Entry
	bestScore := -1.0
	for _, p := range m.phrases {
		s := similarity(n, p.text)
		if s > bestScore {
			best, bestScore = p.entry, s
		}
	}
	if bestScore < 0.34 {
		best = nil
	}
	return Match{Closest: best}
}

// Similarity compares two texts by rune edit distance, 1 for equal and 0
// for nothing in common. Used for "是否指…" suggestions and fuzzy matching.
func Similarity(a, b string) float64 { return similarity(a, b) }

func similarity(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	longest := len(ra)
	if len(rb) > longest {
		longest = len(rb)
	}
	if longest == 0 {
		return 1
	}
	return 1 - float64(editDistance(ra, rb))/float64(longest)
}

func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
