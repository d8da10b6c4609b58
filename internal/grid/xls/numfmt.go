package xls

// builtinDate lists the built-in formats that show dates: 14–22 and 45–47
// everywhere, 27–36 and 50–58 in East Asian locales (年/月/日 formats),
// which Chinese Excel and WPS write without a FORMAT record.
func builtinDate(id uint16) bool {
	switch {
	case id >= 14 && id <= 22, id >= 45 && id <= 47, id >= 27 && id <= 36, id >= 50 && id <= 58:
		return true
	}
	return false
}

func isDateFormat(id uint16, formats map[uint16]string) bool {
	code, ok := formats[id]
	if !ok {
		return builtinDate(id)
	}
	return dateCode(code)
}

// dateCode says whether a format string shows a date or time.
func dateCode(code string) bool {
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			for i++; i < len(code) && code[i] != '"'; i++ {
			}
		case '[':
			for i++; i < len(code) && code[i] != ']'; i++ {
			}
		case '\\', '_', '*':
			i++
		case ';':
			// Only the first section decides: later ones format negatives and text.
			return false
		case 'y', 'Y', 'm', 'M', 'd', 'D', 'h', 'H', 's', 'S':
			return true
		}
	}
	return false
}
