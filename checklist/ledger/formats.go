package ledger

// The formats a clerk's ledger may come back in besides .xlsx: Excel 97–2003
// and WPS (.xls, .et), and LibreOffice (.ods). The xlsx reader joins them
// here once internal/grid/xlsx is on main.
import (
	_ "qingdan/internal/grid/ods"
	_ "qingdan/internal/grid/xls"
)
