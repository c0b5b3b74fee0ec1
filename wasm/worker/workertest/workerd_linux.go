package workertest

import (
	"os/exec"
	"syscall"
)

// tieToParent makes workerd die with the process that started it, so that a
// killed test run never leaves it behind.
func tieToParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
