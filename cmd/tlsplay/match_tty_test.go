//go:build linux

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// TestMatchAtTerminal runs match with a terminal for its input, as a person
// typing tlsplay match does: it says to paste the error and how to end it,
// then answers; with a pipe or /dev/null it says nothing more.
func TestMatchAtTerminal(t *testing.T) {
	master, tty := openPTY(t)
	cmd := exec.Command(tlsplay, "match")
	var stdout, stderr bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	// A line, then Ctrl-D (the terminal's end of file) on a line of its own.
	if _, err := master.Write([]byte("curl: (60) SSL certificate problem: certificate has expired\n\x04")); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "paste the error") || !strings.Contains(stderr.String(), "Ctrl-D") {
		t.Errorf("at a terminal, match said %q, not how to paste", stderr.String())
	}
	if !strings.HasPrefix(stdout.String(), "expired ") {
		t.Errorf("at a terminal, match answered %q", stdout.String())
	}

	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	cmd = exec.Command(tlsplay, "match")
	stderr.Reset()
	cmd.Stdin, cmd.Stderr = null, &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Errorf("from /dev/null: %v, stderr %q", err, stderr.String())
	}
}

// openPTY opens a pseudo-terminal: its master end, and the terminal itself.
func openPTY(t *testing.T) (master, tty *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	var n uint32
	var unlock int32
	for _, c := range []struct {
		req uintptr
		arg unsafe.Pointer
	}{{syscall.TIOCGPTN, unsafe.Pointer(&n)}, {syscall.TIOCSPTLCK, unsafe.Pointer(&unlock)}} {
		if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), c.req, uintptr(c.arg)); errno != 0 {
			t.Fatal(errno)
		}
	}
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	return master, tty
}
