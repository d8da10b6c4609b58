package cmd

import (
	"fmt"
	"io"

	"github.com/jedib0t/go-pretty/v6/table"
	"github.com/jedib0t/go-pretty/v6/text"
)

// CJK characters are two columns wide on a terminal; without this the
// tables of Chinese text do not line up.
func init() { text.OverrideRuneWidthEastAsianWidth(true) }

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
