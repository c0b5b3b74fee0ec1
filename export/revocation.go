package export

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/pki"
)

// What the story's CAs publish about revocation, as files and over HTTP:
// crl.pem (every CRL, as curl's --crlfile, Python and Node read them),
// ca-crl.pem (ca.pem and the CRLs, as s_client reads them), revocation/ (each
// CRL and OCSP response in DER, as a CA serves them), and
// revocation-server.py, which run-server.sh starts beside the bank to serve
// them on localhost.
const (
	CRLFile               = explain.CRLFile
	CACRLFile             = explain.CACRLFile
	RevocationDir         = "revocation"
	RevocationServer      = "revocation-server.py"
	DefaultRevocationPort = "8080"
)

// crlFile is the i-th CRL's file, ocspFile the i-th OCSP response's: numbered,
// since nothing a scenario names may become a file name.
func crlFile(i int) string  { return fmt.Sprintf("%s/crl-%d.der", RevocationDir, i+1) }
func ocspFile(i int) string { return fmt.Sprintf("%s/ocsp-%d.der", RevocationDir, i+1) }

// revocationFiles are crl.pem and revocation/ for a material whose issuers
// publish anything (none otherwise); ca is the kit's ca.pem.
func revocationFiles(m *handshake.Material, ca []byte) []File {
	rv := m.Revocation
	if rv.Empty() {
		return nil
	}
	var files []File
	if len(rv.CRLs) > 0 {
		crls := pki.CRLPEM(rv.CRLs...)
		files = append(files, File{Name: CRLFile, Data: crls, Mode: 0o644},
			File{Name: CACRLFile, Data: append(slices.Clip(ca), crls...), Mode: 0o644})
	}
	for i, c := range rv.CRLs {
		files = append(files, File{Name: crlFile(i), Data: c.List.Raw, Mode: 0o644})
	}
	for i, o := range rv.OCSP {
		files = append(files, File{Name: ocspFile(i), Data: o.DER, Mode: 0o644})
	}
	return files
}

// revocationDescribe says what a file of revocationFiles is, for README.txt's
// table ("" for another file).
func revocationDescribe(m *handshake.Material, name string) string {
	switch name {
	case CRLFile:
		return "the CAs' CRLs (curl --crlfile, Python, Node)"
	case CACRLFile:
		return "ca.pem and the CRLs (s_client reads CRLs from its -CAfile)"
	case RevocationServer:
		return "the CRLs and an OCSP responder over HTTP, which run-server.sh starts"
	}
	for i, c := range m.Revocation.CRLs {
		if name == crlFile(i) {
			return c.List.Issuer.CommonName + "'s CRL, as it serves it at " + urlPath(c.URL) + " (DER)"
		}
	}
	for i, o := range m.Revocation.OCSP {
		if name != ocspFile(i) {
			continue
		}
		what := "the OCSP response about " + o.Cert
		if is := m.Set.Get(o.Cert); is != nil && is.Cert != nil {
			what = "the OCSP response about " + is.Cert.Subject.CommonName
		}
		if name == stapleFile(m) {
			what += ", which the bank staples"
		}
		return what + " (DER)"
	}
	return ""
}

// stapleFile is the OCSP response the bank staples, as s_server's -status_file
// reads it ("" when it staples none).
func stapleFile(m *handshake.Material) string {
	if m.Staple == nil {
		return ""
	}
	for i, o := range m.Revocation.OCSP {
		if string(o.DER) == string(m.Staple) {
			return ocspFile(i)
		}
	}
	return ""
}

// urlPath is the path of a CA's URL, which the revocation server answers at
// ("/" for none).
func urlPath(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Path == "" {
		return "/"
	}
	return p.Path
}

// revocationServer is revocation-server.py: the CRLs at their URLs' paths, and
// the OCSP responder, which answers a request with the response about the
// certificate whose serial number it holds. Every value from the scenario is a
// Python string literal (explain.PyQuote); the serial numbers are hex.
func revocationServer(worlds []world) string {
	var b strings.Builder
	b.WriteString(`#!/usr/bin/env python3
"""What this story's CAs publish about revocation, served over HTTP on this
machine as a CA serves it; run-server.sh starts it beside the bank.

    python3 revocation-server.py          the story's (from the kit's folder)
    python3 revocation-server.py fixed    the fixed story's (from fixed/)

It listens on TLSPLAY_REVOCATION_ADDR:TLSPLAY_REVOCATION_PORT (127.0.0.1:8080).
GET <path> answers with the CRL the certificates name at that path (DER);
POST an OCSP request (openssl ocsp -url http://127.0.0.1:8080/ ...) and it
answers with the CA's signed response about the certificate the request names.
"""
import http.server
import os
import sys
import threading
import time

ADDR = os.environ.get("TLSPLAY_REVOCATION_ADDR", "127.0.0.1")
PORT = os.environ.get("TLSPLAY_REVOCATION_PORT", "` + DefaultRevocationPort + `")
if not PORT.isdigit():
    sys.exit(f"revocation: TLSPLAY_REVOCATION_PORT is {PORT!r}, not a port number")
PORT = int(PORT)
HERE = os.path.dirname(os.path.abspath(__file__))
`)
	world := func(w world) {
		rv := w.m.Revocation
		b.WriteString("    CRLS = {\n")
		for i, c := range rv.CRLs {
			fmt.Fprintf(&b, "        %s: %s,\n", explain.PyQuote(urlPath(c.URL)), explain.PyQuote(crlFile(i)))
		}
		b.WriteString("    }\n    OCSP = {\n")
		for i, o := range rv.OCSP {
			fmt.Fprintf(&b, "        bytes.fromhex(%s): %s,\n", explain.PyQuote(serialHex(w.m, o.Cert)), explain.PyQuote(ocspFile(i)))
		}
		b.WriteString("    }\n")
	}
	b.WriteString("if sys.argv[1:] == [\"fixed\"]:\n")
	if len(worlds) > 1 && !worlds[1].m.Revocation.Empty() {
		fmt.Fprintf(&b, "    os.chdir(os.path.join(HERE, %s))\n", explain.PyQuote(FixedDir))
		world(worlds[1])
	} else {
		b.WriteString("    sys.exit(\"the fixed story publishes nothing about revocation\")\n")
	}
	b.WriteString("else:\n    os.chdir(HERE)\n")
	world(worlds[0])
	b.WriteString(`

def read(name):
    with open(name, "rb") as f:
        return f.read()


class Handler(http.server.BaseHTTPRequestHandler):
    def answer(self, body, kind):
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path in CRLS:
            return self.answer(read(CRLS[self.path]), "application/pkix-crl")
        self.send_error(404, "no CRL at this path")

    def do_POST(self):
        # An OCSP request names the certificate by its issuer's hashes and its
        # serial number; the serial alone tells this CA's certificates apart.
        request = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        for serial, name in OCSP.items():
            if serial in request:
                return self.answer(read(name), "application/ocsp-response")
        # RFC 6960's "unauthorized": not a certificate this responder knows.
        self.answer(bytes.fromhex("30030a0106"), "application/ocsp-response")


BANK = os.environ.get("TLSPLAY_BANK_PID", "")


def watch(parent=int(BANK) if BANK.isdigit() else os.getppid()):
    # Started by run-server.sh, whose process runs the bank and gives its id
    # (it may be gone before this asks for its parent): stop with it.
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


threading.Thread(target=watch, daemon=True).start()
try:
    server = http.server.HTTPServer((ADDR, PORT), Handler)
except OSError as e:
    # 8080 is many a program's: say which, and how to move, in a line.
    sys.exit(f"revocation: cannot listen on {ADDR}:{PORT}: {e.strerror or e}; set TLSPLAY_REVOCATION_PORT to a free port")
print(f"revocation: http://{ADDR}:{PORT}/ serves " + ", ".join(sorted(CRLS)) + " and OCSP", flush=True)
server.serve_forever()
`)
	return b.String()
}

// serialHex is the named certificate's serial number as the DER INTEGER's
// content bytes, in hex: what an OCSP request holds.
func serialHex(m *handshake.Material, name string) string {
	is := m.Set.Get(name)
	if is == nil {
		return ""
	}
	b := is.Cert.SerialNumber.Bytes()
	if len(b) == 0 || b[0]&0x80 != 0 {
		b = append([]byte{0}, b...)
	}
	return fmt.Sprintf("%x", b)
}
