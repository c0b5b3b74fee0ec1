// Package testtool runs the real external programs tests compare against
// (openssl, tshark, ...). Under CI=true a missing program fails the test;
// elsewhere it skips it, saying why.
package testtool

import (
	"bytes"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// Path finds the named program. Under WebAssembly there are no subprocesses at
// all, so the test skips there: the native run of the same test is the one that
// counts, and CI runs it.
func Path(t testing.TB, name string) string {
	t.Helper()
	if runtime.GOOS == "js" {
		t.Skipf("%s: no subprocesses under GOOS=js; the native run covers this", name)
	}
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required under CI=true: %v", name, err)
		}
		t.Skipf("%s not installed: %v", name, err)
	}
	return path
}

// Run runs the named program in dir ("" for the current one) and returns its
// standard output; a non-zero exit is an *ExitError carrying its standard error.
// A program that cannot be started fails the test.
func Run(t testing.TB, dir, name string, args ...string) ([]byte, error) {
	t.Helper()
	cmd := exec.Command(Path(t, name), args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); ok {
		return out, &ExitError{Command: name + " " + strings.Join(args, " "), Code: ee.ExitCode(), Stderr: stderr.String()}
	}
	if err != nil {
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return out, nil
}

// ExitError is a program that ran and exited non-zero.
type ExitError struct {
	Command string
	Code    int
	Stderr  string
}

func (e *ExitError) Error() string {
	return e.Command + ": exit status " + strconv.Itoa(e.Code) + "\n" + e.Stderr
}

// Serve accepts connections on ln until the test ends, handing each to handle on
// its own goroutine, and returns ln's address.
func Serve(t testing.TB, ln net.Listener, handle func(net.Conn)) string {
	t.Helper()
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go handle(c)
		}
	}()
	return ln.Addr().String()
}

// Listen is a loopback TCP listener on a free port.
func Listen(t testing.TB) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}
