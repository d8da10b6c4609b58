package web

import (
	"net/http"
	"strconv"

	"qingdan/checklist"
	"qingdan/checklist/forms"
)

// rulesView is the catalog as the 规则 tab shows it, the tables of
// `qingdan rules --detail`.
type rulesView struct {
	Version    string          `json:"version"`
	Items      []ruleItem      `json:"items"`
	Safeguards []ruleSafeguard `json:"safeguards"`
	Kinds      []ruleKind      `json:"kinds"`
	ItemCount  int             `json:"item_count"`
	ReqCount   int             `json:"requirement_count"`
	Orgs       []string        `json:"orgs"` // the --org choices of the forms
}

type ruleItem struct {
	ID           string            `json:"id"`
	Category     string            `json:"category"`
	Name         string            `json:"name"`
	Points       int               `json:"points"`
	Requirements []ruleRequirement `json:"requirements"`
	Lists        []string          `json:"lists"`
	Aliases      []string          `json:"aliases"`
}

type ruleRequirement struct {
	Points int    `json:"points"`
	Text   string `json:"text"`
}

type ruleSafeguard struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Basis   string   `json:"basis"`
	Lists   []string `json:"lists"`
	Aliases []string `json:"aliases"`
}

type ruleKind struct {
	Attachment int      `json:"attachment"`
	Title      string   `json:"title"`
	ID         string   `json:"id"`
	Items      []string `json:"items"`
}

// handleRules is GET /api/rules.
func (s *Server) handleRules(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, newRulesView(s.cfg.Catalog))
}

func newRulesView(c *checklist.Catalog) rulesView {
	lists := map[string][]string{}
	v := rulesView{Version: c.Version, ItemCount: c.ItemCount(), ReqCount: c.RequirementCount(),
		Items: []ruleItem{}, Safeguards: []ruleSafeguard{}, Kinds: []ruleKind{}, Orgs: forms.Orgs}
	for _, k := range c.Kinds {
		for _, id := range k.Items {
			lists[id] = append(lists[id], "附件"+strconv.Itoa(k.Attachment))
		}
		v.Kinds = append(v.Kinds, ruleKind{Attachment: k.Attachment, Title: k.Title, ID: string(k.ID), Items: k.Items})
	}
	for _, e := range c.Entries() {
		if e.Safeguard() {
			v.Safeguards = append(v.Safeguards, ruleSafeguard{ID: e.ID, Name: e.Name, Basis: e.Basis, Lists: lists[e.ID], Aliases: e.Aliases})
			continue
		}
		item := ruleItem{ID: e.ID, Category: e.Category.Name, Name: e.Name, Points: e.Points(), Lists: lists[e.ID], Aliases: e.Aliases}
		for _, r := range e.Item.Requirements {
			item.Requirements = append(item.Requirements, ruleRequirement{r.Points, r.Text})
		}
		v.Items = append(v.Items, item)
	}
	return v
}
