package checklist

// Severity of a finding.
type Severity string

// The three severities of SPEC §5.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Info    Severity = "info"
)

// SeverityName is the Chinese name of a severity, for reports.
func SeverityName(s Severity) string {
	switch s {
	case Error:
		return "错误"
	case Warning:
		return "警告"
	default:
		return "提示"
	}
}

// Finding is one problem found in a file, a list or a unit. File, sheet and
// cell say where to fix it, like csv.ParseError's line and column.
type Finding struct {
	Code     string   `json:"code"`
	Severity Severity `json:"severity"`
	File     string   `json:"-"`
	Sheet    string   `json:"sheet"`
	Cell     string   `json:"cell"`
	Item     string   `json:"item"` // catalog id: "1"…"21", "S1"…"S6"; "" when none
	Message  string   `json:"message"`
	// List is the 1-based index in FileReport.Lists of the list the finding
	// is about (several lists may share a sheet); 0 for the file or a unit.
	List int `json:"-"`
}
