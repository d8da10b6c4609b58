package xlsx

import (
	"encoding/xml"
	"fmt"
	"io"

	"qingdan/internal/grid"
)

// tokens reads a part with RawToken (no namespace work) and checks what
// RawToken leaves out and Excel does not: that every end tag closes the
// element open, and that none is left open at the end. It also ticks the
// read's clock.
type tokens struct {
	d     *xml.Decoder
	part  string
	open  []xml.Name
	clock *grid.Clock
}

func newTokens(r io.Reader, part string, clock *grid.Clock) *tokens {
	return &tokens{d: xml.NewDecoder(r), part: part, clock: clock}
}

// next returns the next token, io.EOF at a well-formed end.
func (t *tokens) next() (xml.Token, error) {
	if err := t.clock.Tick(); err != nil {
		return nil, &bookError{err.(*grid.Error)}
	}
	tok, err := t.d.RawToken()
	if err == io.EOF {
		if n := len(t.open); n > 0 {
			return nil, t.broken(fmt.Sprintf("<%s> 没有结束", qname(t.open[n-1])), io.ErrUnexpectedEOF)
		}
		return nil, io.EOF
	}
	if err != nil {
		return nil, err
	}
	switch el := tok.(type) {
	case xml.StartElement:
		t.open = append(t.open, el.Name)
	case xml.EndElement:
		n := len(t.open)
		if n == 0 || t.open[n-1] != el.Name {
			want := "任何元素"
			if n > 0 {
				want = "<" + qname(t.open[n-1]) + ">"
			}
			return nil, t.broken(fmt.Sprintf("</%s> 与 %s 不配对", qname(el.Name), want), fmt.Errorf("%s: unmatched end element %s", t.part, qname(el.Name)))
		}
		t.open = t.open[:n-1]
	}
	return tok, nil
}

func (t *tokens) broken(what string, cause error) *grid.Error {
	return grid.Corrupt(cause, fmt.Sprintf("%s 的 XML 结构不完整：%s，Excel 会读出不同的内容", t.part, what))
}

func qname(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}
