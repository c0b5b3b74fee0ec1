//go:build !linux

package workertest

import "os/exec"

// tieToParent has no portable equivalent of Linux's parent-death signal: Stop
// ends workerd.
func tieToParent(*exec.Cmd) {}
