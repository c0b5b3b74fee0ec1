//go:build unix

package clients

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/export"
	"github.com/tlsplay/tlsplay/scenario"
)

// PipPython is the interpreter whose pip the proof runs: pip 23.2.1, which
// vendors requests 2.31 and urllib3 1.26.16.
const PipPython = "python3"

// pipMain runs pip as its own entry point does, the story's name mapped to
// the bank's address inside the process, as /etc/hosts would map it (the
// kit's client.py does the same), so that pip sends it (SNI) and checks
// the certificate against it.
const pipMain = `import os, socket, sys
_getaddrinfo = socket.getaddrinfo
def getaddrinfo(host, *args, **kwargs):
    if host == os.environ["TLSPLAY_NAME"]:
        host = os.environ["TLSPLAY_ADDR"]
    return _getaddrinfo(host, *args, **kwargs)
socket.getaddrinfo = getaddrinfo
from pip._internal.cli.main import main
sys.exit(main())
`

// errPipCannot is a story whose courier does what pip has no option for
// (explain.PipCannot): the proof does not run pip on it.
var errPipCannot = errors.New("pip cannot make this call")

// pipFetch is the line pip prints when it cannot read the index's page.
const pipFetch = "Could not fetch URL "

// runPip runs the real pip against the bank as an index: pip download of
// explain.PipPackage, with no retries (each would print a WARNING: Retrying
// line first) and none of the machine's pip configuration
// (PIP_CONFIG_FILE=/dev/null, no PIP_ variable). Its verdict is its
// "Could not fetch URL" line, or, when it read the page (the bank's vault,
// which is no index: pip then says no version satisfies), a connection.
// The story's bundle is given as --cert (verify=True's too: ca.pem stands
// in for certifi, as in the kit's client.py), its badge as --client-cert
// (the certificate and its key in one file, which pip wants).
func runPip(ctx context.Context, r Run) (Observed, error) {
	s := r.S
	if explain.PipCannot(s) != "" {
		return Observed{}, errPipCannot
	}
	name := s.Client.Dial
	args := []string{"-c", pipMain, "download", "--no-deps", "--no-cache-dir", "--disable-pip-version-check",
		"--retries", "0", "--timeout", "5", "--index-url", "https://" + urlName(name) + ":" + r.Port + "/simple/", "-d", "pip-download"}
	switch {
	case s.Client.Verify == scenario.VerifyFalse:
		args = append(args, "--trusted-host", urlName(name)+":"+r.Port)
	default:
		args = append(args, "--cert", export.CAFile)
	}
	if cert, key := explain.CertFiles(s, ""); cert != "" {
		if key != "" {
			c, err := os.ReadFile(filepath.Join(r.Dir, cert))
			if err != nil {
				return Observed{}, err
			}
			k, err := os.ReadFile(filepath.Join(r.Dir, key))
			if err != nil {
				return Observed{}, err
			}
			cert = "pip-client.pem"
			if err := os.WriteFile(filepath.Join(r.Dir, cert), append(c, k...), 0o600); err != nil {
				return Observed{}, err
			}
		}
		args = append(args, "--client-cert", cert)
	}
	args = append(args, explain.PipPackage)
	r.env = []string{"PIP_CONFIG_FILE=" + os.DevNull, "TLSPLAY_NAME=" + strings.Trim(name, "[]")}
	for _, e := range s.Client.Env {
		r.env = append(r.env, e.Name+"="+export.EnvDir+"/"+e.Path)
	}
	out, err := command(ctx, r, PipPython, args...)
	if err != nil {
		return Observed{}, err
	}
	printed := out.stdout + out.stderr
	o := Observed{OK: true, Printed: printed}
	for _, line := range strings.Split(printed, "\n") {
		if strings.HasPrefix(line, pipFetch) {
			// The line names no exception's class: requests' is in it.
			o = Observed{Message: line, Printed: printed}
			break
		}
		// Python's warning line: "…/connection.py:463: SubjectAltNameWarning: …".
		if _, w, ok := strings.Cut(line, ": SubjectAltNameWarning: "); ok {
			o.Class, o.Message = "SubjectAltNameWarning", "SubjectAltNameWarning: "+w
		}
		if strings.HasPrefix(line, explain.PipLooking) && o.Message == "" {
			o.Message = line
		}
	}
	if o.OK && !strings.Contains(printed, "No matching distribution found for "+explain.PipPackage) {
		return Observed{}, errors.New("pip neither fetched the page nor said why: " + printed)
	}
	return o, nil
}

// urlName is the host as a URL writes it: an IPv6 address in brackets.
func urlName(dial string) string {
	if strings.Contains(dial, ":") {
		return "[" + dial + "]"
	}
	return dial
}
