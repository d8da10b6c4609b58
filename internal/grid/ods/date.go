package ods

import (
	"strconv"
	"strings"
)

// dateSerial turns an office:date-value ("2017-02-10", "2017-02-10T12:00:00")
// into the Excel serial number of the 1900 system: days since 1899-12-30,
// one less before 1900-03-01 (Excel counts a 29 February 1900), the time of
// day as the fraction.
func dateSerial(v string) (string, bool) {
	day, clock, _ := strings.Cut(v, "T")
	parts := strings.Split(day, "-")
	if len(parts) != 3 {
		return "", false
	}
	y, err1 := strconv.Atoi(parts[0])
	m, err2 := strconv.Atoi(parts[1])
	d, err3 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || err3 != nil || y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31 {
		return "", false
	}
	serial := civilDays(y, m, d) - civilDays(1899, 12, 30)
	if serial > 0 && serial <= 60 {
		serial--
	}
	frac := 0.0
	if clock != "" {
		clock = strings.TrimSuffix(clock, "Z")
		hms := strings.Split(clock, ":")
		if len(hms) != 3 {
			return "", false
		}
		h, err1 := strconv.Atoi(hms[0])
		mi, err2 := strconv.Atoi(hms[1])
		s, err3 := strconv.ParseFloat(hms[2], 64)
		if err1 != nil || err2 != nil || err3 != nil || h < 0 || h > 24 || mi < 0 || mi > 59 || s < 0 || s >= 61 {
			return "", false
		}
		frac = (float64(h)*3600 + float64(mi)*60 + s) / 86400
	}
	if frac == 0 {
		return strconv.Itoa(serial), true
	}
	return strconv.FormatFloat(float64(serial)+frac, 'f', -1, 64), true
}

// civilDays counts days from 0000-03-01 to y-m-d in the proleptic Gregorian
// calendar (Howard Hinnant's days_from_civil).
func civilDays(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe
}

// durationDays turns an office:time-value, an ISO 8601 duration
// ("PT18H00M00S", "P1DT2H"), into days as a number ("0.75").
func durationDays(v string) (string, bool) {
	neg := strings.HasPrefix(v, "-")
	v = strings.TrimPrefix(v, "-")
	if !strings.HasPrefix(v, "P") {
		return "", false
	}
	v = v[1:]
	days, seconds := 0.0, 0.0
	inTime := false
	for v != "" {
		if v[0] == 'T' {
			inTime, v = true, v[1:]
			continue
		}
		i := strings.IndexAny(v, "YMWDHS")
		if i <= 0 {
			return "", false
		}
		n, err := strconv.ParseFloat(v[:i], 64)
		if err != nil || n < 0 || n > 1e9 {
			return "", false
		}
		switch unit := v[i]; {
		case unit == 'D' && !inTime:
			days += n
		case unit == 'W' && !inTime:
			days += 7 * n
		case unit == 'H' && inTime:
			seconds += 3600 * n
		case unit == 'M' && inTime:
			seconds += 60 * n
		case unit == 'S' && inTime:
			seconds += n
		default:
			return "", false
		}
		v = v[i+1:]
	}
	total := days + seconds/86400
	if neg {
		total = -total
	}
	return strconv.FormatFloat(total, 'f', -1, 64), true
}
