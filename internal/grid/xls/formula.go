package xls

import (
	"encoding/binary"
	"math"
	"strconv"
	"strings"

	"qingdan/internal/grid"
)

// decompile turns a formula's parsed tokens (MS-XLS 2.5.198.104 Rgce) back
// into text for the tokens lists use: references, ranges, constants,
// operators and common functions. Anything else (names, 3-D and shared
// references, arrays) gives formulaMarker: readers use the cached result.
func decompile(body []byte) string {
	if len(body) < 2 {
		return formulaMarker
	}
	n := int(binary.LittleEndian.Uint16(body))
	if n == 0 || n > len(body)-2 {
		return formulaMarker
	}
	rgce := body[2 : 2+n]
	var stack []string
	pop := func(k int) ([]string, bool) {
		if k > len(stack) {
			return nil, false
		}
		args := append([]string(nil), stack[len(stack)-k:]...)
		stack = stack[:len(stack)-k]
		return args, true
	}
	for i := 0; i < len(rgce); {
		ptg := rgce[i]
		i++
		need := func(k int) bool { return i+k <= len(rgce) }
		switch {
		case ptg >= 0x03 && ptg <= 0x11:
			a, ok := pop(2)
			if !ok {
				return formulaMarker
			}
			stack = append(stack, a[0]+binaryOps[ptg-0x03]+a[1])
		case ptg == 0x12 || ptg == 0x13:
			a, ok := pop(1)
			if !ok {
				return formulaMarker
			}
			stack = append(stack, map[byte]string{0x12: "+", 0x13: "-"}[ptg]+a[0])
		case ptg == 0x14:
			a, ok := pop(1)
			if !ok {
				return formulaMarker
			}
			stack = append(stack, a[0]+"%")
		case ptg == 0x15:
			a, ok := pop(1)
			if !ok {
				return formulaMarker
			}
			stack = append(stack, "("+a[0]+")")
		case ptg == 0x16:
			stack = append(stack, "")
		case ptg == 0x17:
			if !need(2) {
				return formulaMarker
			}
			s := one(rgce[i:], false)
			text, err := s.str(false)
			if err != nil {
				return formulaMarker
			}
			i += s.off
			stack = append(stack, `"`+strings.ReplaceAll(text, `"`, `""`)+`"`)
		case ptg == 0x19:
			if !need(3) {
				return formulaMarker
			}
			grbit, w := rgce[i], int(binary.LittleEndian.Uint16(rgce[i+1:]))
			i += 3
			switch {
			case grbit&0x04 != 0: // CHOOSE jump table
				i += 2 * (w + 1)
			case grbit&0x10 != 0: // SUM of one argument
				a, ok := pop(1)
				if !ok {
					return formulaMarker
				}
				stack = append(stack, "SUM("+a[0]+")")
			}
		case ptg == 0x1C:
			if !need(1) {
				return formulaMarker
			}
			stack = append(stack, errorText(rgce[i]))
			i++
		case ptg == 0x1D:
			if !need(1) {
				return formulaMarker
			}
			stack = append(stack, map[bool]string{true: "TRUE", false: "FALSE"}[rgce[i] != 0])
			i++
		case ptg == 0x1E:
			if !need(2) {
				return formulaMarker
			}
			stack = append(stack, strconv.Itoa(int(binary.LittleEndian.Uint16(rgce[i:]))))
			i += 2
		case ptg == 0x1F:
			if !need(8) {
				return formulaMarker
			}
			stack = append(stack, formatNumber(math.Float64frombits(binary.LittleEndian.Uint64(rgce[i:]))))
			i += 8
		case ptg >= 0x20 && ptg < 0x80:
			switch ptg & 0x1F {
			case 0x01: // Func: a function with a fixed argument count
				if !need(2) {
					return formulaMarker
				}
				f, ok := fixedFuncs[binary.LittleEndian.Uint16(rgce[i:])]
				if !ok {
					return formulaMarker
				}
				i += 2
				a, ok := pop(f.args)
				if !ok {
					return formulaMarker
				}
				stack = append(stack, f.name+"("+strings.Join(a, ",")+")")
			case 0x02: // FuncVar: the argument count is in the token
				if !need(3) {
					return formulaMarker
				}
				name, ok := varFuncs[binary.LittleEndian.Uint16(rgce[i+1:])&0x7FFF]
				if !ok {
					return formulaMarker
				}
				a, ok := pop(int(rgce[i] & 0x7F))
				if !ok {
					return formulaMarker
				}
				i += 3
				stack = append(stack, name+"("+strings.Join(a, ",")+")")
			case 0x04: // Ref
				if !need(4) {
					return formulaMarker
				}
				stack = append(stack, ref(binary.LittleEndian.Uint16(rgce[i:]), binary.LittleEndian.Uint16(rgce[i+2:])))
				i += 4
			case 0x05: // Area
				if !need(8) {
					return formulaMarker
				}
				stack = append(stack, ref(binary.LittleEndian.Uint16(rgce[i:]), binary.LittleEndian.Uint16(rgce[i+4:]))+":"+
					ref(binary.LittleEndian.Uint16(rgce[i+2:]), binary.LittleEndian.Uint16(rgce[i+6:])))
				i += 8
			default:
				return formulaMarker
			}
		default:
			return formulaMarker
		}
	}
	if len(stack) != 1 {
		return formulaMarker
	}
	return "=" + stack[0]
}

var binaryOps = [...]string{"+", "-", "*", "/", "^", "&", "<", "<=", "=", ">=", ">", "<>", " ", ",", ":"}

// ref prints a cell reference: bits 14 and 15 of the column field say the
// column and row are relative; absolute parts get a $.
func ref(row, colField uint16) string {
	col := grid.ColumnName(int(colField&0x3FFF) + 1)
	if colField&0x4000 == 0 {
		col = "$" + col
	}
	r := strconv.Itoa(int(row) + 1)
	if colField&0x8000 == 0 {
		r = "$" + r
	}
	return col + r
}

type fixedFunc struct {
	name string
	args int
}

// Function numbers (MS-XLS 2.5.198.17 Ftab) of the functions lists use.
var fixedFuncs = map[uint16]fixedFunc{
	15: {"SIN", 1}, 24: {"ABS", 1}, 25: {"INT", 1}, 27: {"ROUND", 2}, 31: {"MID", 3},
	32: {"LEN", 1}, 34: {"TRUE", 0}, 35: {"FALSE", 0}, 38: {"NOT", 1}, 39: {"MOD", 2},
	65: {"DATE", 3}, 67: {"DAY", 1}, 68: {"MONTH", 1}, 69: {"YEAR", 1}, 74: {"NOW", 0},
	111: {"CHAR", 1}, 118: {"TRIM", 1}, 221: {"TODAY", 0},
}

var varFuncs = map[uint16]string{
	0: "COUNT", 1: "IF", 4: "SUM", 5: "AVERAGE", 6: "MIN", 7: "MAX", 36: "AND", 37: "OR",
	100: "CHOOSE", 115: "LEFT", 116: "RIGHT", 169: "COUNTA", 336: "CONCATENATE", 345: "SUMIF", 346: "COUNTIF",
}
