//go:build !unix

package htmlpdf

import "os/exec"

// On Windows exec.CommandContext kills soffice.exe itself; its helper
// process ends with it.
func setProcessGroup(*exec.Cmd) {}

func killProcessGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = cmd.Process.Kill()
	}
}
