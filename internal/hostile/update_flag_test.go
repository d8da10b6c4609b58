package hostile

// go test ./... -update hands -update to these tests too.
import _ "qingdan/internal/golden"
