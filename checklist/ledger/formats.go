package ledger

// The formats a clerk's ledger may come back in: Excel (.xlsx), Excel
// 97–2003 and WPS (.xls, .et), and LibreOffice (.ods).
import (
	_ "qingdan/internal/grid/ods"
	_ "qingdan/internal/grid/xls"
	_ "qingdan/internal/grid/xlsx"
)
