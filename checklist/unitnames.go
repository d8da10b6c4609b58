package checklist

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// A written unit name is matched in three steps (SPEC §6, issue 15):
//  1. its key (UnitKey: no spaces, brackets' remarks or party-organ words)
//     equals the key of a roster name or alias, or of another written name;
//  2. without its leading place names (南通市、通州区, or 通州 for 通州区) it
//     equals such a key, or such a key without its place names equals it.
//     Only the whole other key counts, so 海门区城南小学 and 通州区城南小学 stay
//     two units: neither is the other without a place;
//  3. with a roster only, a name the roster does not hold that is a
//     roster name with characters added or left out (城南小学 and 城南实验小学),
//     either or both without place names, is counted as that unit when no
//     other roster unit is as near and the name is not the roster name with
//     words added at the end (第一中学分校), with a unit-alias finding.

// bracketedRemark is a remark in brackets, after Normalize made them ASCII:
// （盖章）, (公章), 【修改稿】. Brackets holding no Chinese (B2,B3) are no remark.
var bracketedRemark = regexp.MustCompile(`\([^()]*\p{Han}[^()]*\)|\[[^\[\]]*\p{Han}[^\[\]]*\]`)

// placeName is one leading place name: 江苏省, 南通市, 通州区, 如东县.
var placeName = regexp.MustCompile(`^(\p{Han}{2,4}?)[省市区县旗]`)

// placeWord is the bare 区/县/市 of 区实验小学 (the district's own school).
var placeWord = regexp.MustCompile(`^[省市区县]`)

// minCoreRunes is the shortest a name may become by dropping place names:
// 一中 is a 简称, not what is left of 通州区一中 for matching.
const minCoreRunes = 3

// aliasMinSimilarity is how near (Similarity) a name added to or cut from a
// roster name must be to count as that unit.
const aliasMinSimilarity = 0.5

// placeVariants are the forms of a unit key without its leading place
// names, or with the last one shortened (通州区城南小学 → 城南小学, 通州城南小学).
// The key itself is not among them.
func placeVariants(key string) []string {
	var out []string
	add := func(s string) {
		if s != key && utf8.RuneCountInString(s) >= minCoreRunes && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	rest := key
	for range 3 {
		m := placeName.FindStringSubmatch(rest)
		if m == nil {
			break
		}
		after := rest[len(m[0]):]
		add(m[1] + after)
		add(after)
		rest = after
	}
	if m := placeWord.FindString(rest); m != "" {
		add(rest[len(m):])
	}
	return out
}

// sameUnitName reports whether two unit keys name one unit by steps 1
// and 2: equal, or one is the other without place names.
func sameUnitName(a, b string) bool {
	return a == b || slices.Contains(placeVariants(a), b) || slices.Contains(placeVariants(b), a)
}

// unitNames resolves written unit names to roster units.
type unitNames struct {
	roster *Roster
	keys   map[string]*RosterUnit   // key of a roster name or alias
	places map[string][]*RosterUnit // place variant of a roster key
}

func newUnitNames(r *Roster) *unitNames {
	n := &unitNames{roster: r, places: map[string][]*RosterUnit{}}
	if r == nil {
		return n
	}
	n.keys = r.index()
	for key, u := range n.keys {
		for _, v := range placeVariants(key) {
			if !slices.Contains(n.places[v], u) {
				n.places[v] = append(n.places[v], u)
			}
		}
	}
	return n
}

// lookup finds the roster unit of a written name: exact reports steps 1
// and 2, which need no finding; a unit found by step 3 has exact false.
func (n *unitNames) lookup(written string) (u *RosterUnit, exact bool) {
	key := UnitKey(written)
	if key == "" || n.roster == nil {
		return nil, false
	}
	if u := n.keys[key]; u != nil {
		return u, true
	}
	var found []*RosterUnit
	addFound := func(u *RosterUnit) {
		if !slices.Contains(found, u) {
			found = append(found, u)
		}
	}
	for _, v := range placeVariants(key) {
		if u := n.keys[v]; u != nil {
			addFound(u)
		}
	}
	for _, u := range n.places[key] {
		addFound(u)
	}
	if len(found) == 1 {
		return found[0], true
	}
	if len(found) > 1 {
		return nil, false // two roster units fit: the clerk decides
	}
	forms := append([]string{key}, placeVariants(key)...)
	for k, u := range n.keys {
		near, extends := false, false
		for _, rk := range append([]string{k}, placeVariants(k)...) {
			near = near || slices.ContainsFunc(forms, func(f string) bool { return nearUnitName(f, rk) })
			extends = extends || slices.ContainsFunc(forms, func(f string) bool { return extendsUnitName(f, rk) })
		}
		if near && !extends {
			addFound(u)
		}
	}
	if len(found) == 1 {
		return found[0], false
	}
	return nil, false
}

// extendsUnitName reports whether a written name is a roster name with
// words added at the end, which make another unit (第一中学分校, 城南小学附属
// 幼儿园), but for a 校 (实验中学校).
func extendsUnitName(written, rosterName string) bool {
	return len(written) > len(rosterName) && strings.HasPrefix(written, rosterName) && written[len(rosterName):] != "校"
}

// nearUnitName is step 3: one key is the other with characters added or
// left out (never changed), near enough and not too short.
func nearUnitName(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > len(rb) {
		ra, rb = rb, ra
	}
	if len(ra) < minCoreRunes || len(ra) == len(rb) || Similarity(a, b) < aliasMinSimilarity {
		return false
	}
	i := 0
	for _, r := range rb {
		if i < len(ra) && ra[i] == r {
			i++
		}
	}
	return i == len(ra)
}

// groupUnitNames groups written keys that name one unit by steps 1 and 2
// (transitively), returning the group of each key as the first key of it.
func groupUnitNames(keys []string) map[string]string {
	parent := map[string]string{}
	var find func(string) string
	find = func(k string) string {
		if p := parent[k]; p != k {
			parent[k] = find(p)
		}
		return parent[k]
	}
	byKey := map[string]bool{}
	for _, k := range keys {
		parent[k] = k
		byKey[k] = true
	}
	for _, k := range keys {
		for _, v := range placeVariants(k) {
			if byKey[v] {
				a, b := find(k), find(v)
				if a != b {
					// The key seen first stays the group's name.
					if slices.Index(keys, a) > slices.Index(keys, b) {
						a, b = b, a
					}
					parent[b] = a
				}
			}
		}
	}
	out := map[string]string{}
	for _, k := range keys {
		out[k] = find(k)
	}
	return out
}

// stripRemarks drops the bracketed remarks of a normalised name.
func stripRemarks(s string) string {
	if !strings.ContainsAny(s, "([") {
		return s
	}
	return bracketedRemark.ReplaceAllString(s, "")
}
