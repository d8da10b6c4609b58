//go:build e2e

package e2e

// go test ./... -update hands -update to these tests too.
import _ "qingdan/internal/golden"
