package export

import (
	"cmp"
	"context"
	"crypto/rand"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/internal/wordlist"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// The reproduce kit: the story's bank as openssl s_server, its courier as Python
// requests, Node's https, curl and openssl s_client, and the same five for the
// fixed story in fixed/. The scripts honour TLSPLAY_ADDR and TLSPLAY_PORT (where the bank
// listens, 127.0.0.1:8443) and TLSPLAY_NAME (the name the courier dials, the
// story's own by default); the name is mapped to the address by each client's
// own means, never /etc/hosts, so SNI and the host-name check still use it.
const (
	RunServerFile     = "run-server.sh"
	ClientPyFile      = "client.py"
	ClientJSFile      = "client.js"
	CurlFile          = "curl.sh"
	SClientFile       = "s_client.sh"
	IntermediatesFile = "server-intermediates.pem"
	// ByNameIntermediatesFile is s_server's -CAfile when the bank chooses a
	// certificate by name: it builds that certificate's chain from it.
	ByNameIntermediatesFile = "server-by-name-intermediates.pem"
	FixedDir                = "fixed"
	DefaultAddr             = "127.0.0.1"
	DefaultPort             = "8443"
)

// world is one side of the kit: the story as it is, or as fixed.
type world struct {
	s    *scenario.Scenario
	m    *handshake.Material
	name string // the name the courier dials
}

// kitFiles writes the kit for the material's story and, when the outcome has a
// cure, the fixed story's certificates and keys under fixed/.
func kitFiles(m *handshake.Material, tr *handshake.Trace, c *explain.Cure) ([]File, error) {
	worlds := []world{{s: m.Scenario, m: m, name: m.Scenario.Client.Dial}}
	files := intermediates(m)
	if c != nil {
		fixed := c.Scenario
		fm, err := handshake.NewMaterial(fixed)
		if err != nil {
			return nil, fmt.Errorf("export: the fixed story: %v", err)
		}
		worlds = append(worlds, world{s: fixed, m: fm, name: fixed.Client.Dial})
		ff, err := materialFiles(fm)
		if err != nil {
			return nil, err
		}
		sf, err := scenarioFile(fixed)
		if err != nil {
			return nil, err
		}
		ff = append(append(ff, intermediates(fm)...), sf)
		for _, f := range ff {
			f.Name = FixedDir + "/" + f.Name
			files = append(files, f)
		}
	}
	return append(files, kitScripts(worlds)...), nil
}

// CureOf is the trace's cure (explain.Cured; nil for none), played on where
// the failure left checks unrun (explain.Unrun: a courier refusing the bank
// before the bank checked its badge): the cured scenario played with real
// crypto/tls on the trace's own clock, its certificates from cache (nil for
// none), its messages' fields left undecoded where deferFields. fixed/ then
// cures what would fail next too, as the fix says. The answer (flow) and the
// kit both find their cure here. The error is a stopped run's (ctx's
// checkpoint, pki.Checkpoint); a cure that cannot be played (nor then the
// kit run) is still the first failure's: play's error is not the answer's.
func CureOf(ctx context.Context, tr *handshake.Trace, cache *pki.Cache, deferFields bool) (*explain.Cure, error) {
	c, ok, _ := explain.Cured(tr, func(s *scenario.Scenario) (*handshake.Trace, error) {
		m, err := handshake.NewMaterialContext(ctx, s, cache)
		if err != nil {
			return nil, err
		}
		m.DeferFields = deferFields
		return m.Run(ctx)
	})
	if err := pki.Checkpoint(ctx); err != nil {
		return nil, err
	}
	if !ok {
		return nil, nil
	}
	return c, nil
}

// kitScripts are the kit's five programs for the story and, after it, the fixed
// story.
func kitScripts(worlds []world) []File {
	runServer := script(worlds, answerer(worlds[0].s)+" of this story, as openssl s_server (-www answers every GET).", serverArgs, nil, false)
	var revocation []File
	if !worlds[0].m.Revocation.Empty() {
		runServer = withRevocationServer(runServer)
		revocation = []File{{Name: RevocationServer, Data: []byte(revocationServer(worlds)), Mode: 0o755}}
	}
	return append([]File{
		{Name: RunServerFile, Data: []byte(runServer), Mode: 0o755},
		{Name: ClientPyFile, Data: []byte(clientPy(worlds)), Mode: 0o755},
		{Name: ClientJSFile, Data: []byte(clientJS(worlds)), Mode: 0o755},
		{Name: CurlFile, Data: []byte(script(worlds, "The courier of this story, as curl; --connect-to sends the name to $TLSPLAY_ADDR:$TLSPLAY_PORT.", curlArgs, curlStandIn, false)), Mode: 0o755},
		{Name: SClientFile, Data: []byte(script(worlds, "The courier of this story, as openssl s_client, sending one HTTP request.", sClientArgs, sClientStandIn, true)), Mode: 0o755},
	}, revocation...)
}

// withRevocationServer makes run-server.sh start revocation-server.py (the
// story's or the fixed story's, as the bank) beside the bank, once the port
// is known to be a number; it stops when the bank does (the script's
// process, which runs the bank, named by its id: a script that ends at once
// may be gone before Python asks for its parent).
func withRevocationServer(sh string) string {
	sh = strings.Replace(sh, "cd \"$(dirname \"$0\")\" || exit 2\n",
		"cd \"$(dirname \"$0\")\" || exit 2\n# TLSPLAY_REVOCATION_PORT: where revocation-server.py serves the CRLs and OCSP ("+DefaultRevocationPort+").\nKIT=$(pwd) STORY=$1\n", 1)
	return strings.Replace(sh, watched, "TLSPLAY_BANK_PID=$$ python3 \"$KIT/"+RevocationServer+"\" \"$STORY\" &\n"+watched, 1)
}

// answerer is who answers the courier in the story: the bank, or the imposter
// in its place.
func answerer(s *scenario.Scenario) string {
	if s.Imposter != nil {
		return "The imposter answering for the bank"
	}
	return "The bank"
}

// intermediates is what the bank sends after its own certificate, as s_server's
// -cert_chain wants it (a file with the leaf too would send the leaf twice);
// and the same for its certificate chosen by name, from which s_server builds
// that chain (it has no -cert_chain for -cert2).
func intermediates(m *handshake.Material) []File {
	var files []File
	if len(m.Default.Certs) > 1 {
		files = append(files, File{Name: IntermediatesFile, Data: pki.CertPEM(m.Default.Certs[1:]...), Mode: 0o644})
	}
	if m.ByName != nil && len(m.ByName.Certs) > 1 {
		files = append(files, File{Name: ByNameIntermediatesFile, Data: pki.CertPEM(m.ByName.Certs[1:]...), Mode: 0o644})
	}
	return files
}

// topLevel leaves out the fixed story's files, which the README sums up as one.
func topLevel(files []File) []File {
	var out []File
	for _, f := range files {
		if !strings.HasPrefix(f.Name, FixedDir+"/") {
			out = append(out, f)
		}
	}
	return out
}

// The scripts' own variables: ADDR and PORT, where the bank listens; NAME, the
// name the courier dials; HOST, NAME as a URL writes it (an IPv6 address in
// brackets). explain renders each command with a marker in each variable's
// place (the target local), and scriptJoin writes a marker as "${VAR}" and
// every other character in single quotes: a script expands its own variables
// and nothing a scenario brings. The markers are random, so no scenario can
// hold one; they are drawn when a kit is first written, not at the start of
// every program (a sync.Once: see varIndex in explain).
func scriptVars() (explain.Target, map[string]string) {
	scriptVarsOnce.Do(func() {
		scriptMarkers = map[string]string{}
		scriptVar := func(name string) string {
			marker := "\x00" + rand.Text() + name + "\x00"
			scriptMarkers[marker] = name
			return marker
		}
		scriptTarget = explain.Target{Addr: scriptVar("ADDR"), Port: scriptVar("PORT"), Name: scriptVar("NAME"), URLName: scriptVar("HOST"), Kit: true}
	})
	return scriptTarget, scriptMarkers
}

var (
	scriptVarsOnce sync.Once
	scriptTarget   explain.Target
	scriptMarkers  map[string]string
)

// local is the target the scripts run against: their own variables.
func local() explain.Target {
	t, _ := scriptVars()
	return t
}

// bracketAddr puts an IPv6 TLSPLAY_ADDR in brackets, as it goes before a port
// (s_server -accept, s_client -connect, curl --connect-to).
const bracketAddr = "case $ADDR in *:*) ADDR=\"[$ADDR]\" ;; esac\n"

// scriptJoin writes a command line for a script: each word as scriptWord does.
func scriptJoin(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = scriptWord(a)
	}
	return strings.Join(out, " ")
}

// scriptWord writes one word of a command: the script's variables in it as
// "${VAR}", the rest as explain.ShellQuote writes it. A word whose other
// characters are all plain is one double-quoted word ("${ADDR}:${PORT}").
func scriptWord(word string) string {
	type part struct{ text, variable string }
	var parts []part
	_, markers := scriptVars()
	plain, vars := true, false
	for rest := word; rest != ""; {
		at, marker := len(rest), ""
		for m := range markers {
			if i := strings.Index(rest, m); i >= 0 && i < at {
				at, marker = i, m
			}
		}
		if lit := rest[:at]; lit != "" {
			parts = append(parts, part{text: lit})
			plain = plain && explain.ShellQuote(lit) == lit
		}
		if marker == "" {
			break
		}
		parts = append(parts, part{variable: markers[marker]})
		vars, rest = true, rest[at+len(marker):]
	}
	if !vars {
		return explain.ShellQuote(word)
	}
	var b strings.Builder
	if plain {
		b.WriteByte('"')
	}
	for _, p := range parts {
		switch {
		case p.variable != "" && plain:
			b.WriteString("${" + p.variable + "}")
		case p.variable != "":
			b.WriteString(`"${` + p.variable + `}"`)
		case plain:
			b.WriteString(p.text)
		default:
			b.WriteString(explain.ShellQuote(p.text))
		}
	}
	if plain {
		b.WriteByte('"')
	}
	return b.String()
}

// hostFromName sets a script's HOST from its NAME: a name or IPv4 address as it
// is, an IPv6 address (it has colons) in brackets, as URLs and curl's
// --connect-to want it.
const hostFromName = `case $NAME in *:*) HOST="[$NAME]" ;; *) HOST=$NAME ;; esac`

// script is a shell script running one command for the story, or with the
// argument "fixed" for the fixed story, from inside fixed/.
// A client's script (standIn not nil) also sets NAME, the name it dials, and
// NOTE, what standIn says of the world's command (printed under it: "" for
// none); request hands s_client the HTTP request it cannot make itself.
func script(worlds []world, what string, command func(w world) string, standIn func(w world) string, request bool) string {
	client := standIn != nil
	var b strings.Builder
	fmt.Fprintf(&b, "#!/bin/sh\n# %s\n# With the argument \"fixed\": the same for the story with its fix (in fixed/).\n", what)
	b.WriteString("# TLSPLAY_ADDR, TLSPLAY_PORT: where the bank listens (" + DefaultAddr + ":" + DefaultPort + ").\n")
	name := func(w world) string { return "" }
	if client {
		b.WriteString("# TLSPLAY_NAME: the name the courier dials (the story's).\n")
		name = func(w world) string {
			return "NAME=$TLSPLAY_NAME\n\t[ -n \"$NAME\" ] || NAME=" + explain.ShellQuote(w.name) + "\n\t" + hostFromName + "\n\tNOTE=" + explain.ShellQuote(standIn(w)) + "\n\t" + envLines(w)
		}
	}
	b.WriteString("cd \"$(dirname \"$0\")\" || exit 2\n")
	b.WriteString("ADDR=${TLSPLAY_ADDR:-" + DefaultAddr + "}\nPORT=${TLSPLAY_PORT:-" + DefaultPort + "}\n")
	b.WriteString(bracketAddr)
	b.WriteString("if [ \"$1\" = fixed ]; then\n")
	if len(worlds) > 1 {
		fmt.Fprintf(&b, "\tcd %s || exit 2\n\t%sset -- %s\n", FixedDir, name(worlds[1]), command(worlds[1]))
	} else {
		b.WriteString("\techo \"this story has no fix to run: see README.txt\" >&2\n\texit 2\n")
	}
	fmt.Fprintf(&b, "else\n\t%sset -- %s\nfi\n", name(worlds[0]), command(worlds[0]))
	// printf, not echo: dash's echo would obey backslash escapes in an argument.
	b.WriteString("printf '$ %s\\n' \"$*\" >&2\n")
	if client {
		b.WriteString("[ -z \"$NOTE\" ] || printf '%s\\n' \"$NOTE\" >&2\n")
	}
	if request {
		// s_client speaks no HTTP: it is handed one request on its input.
		// The path is printf's argument, quoted: never its format.
		b.WriteString("printf 'GET %s HTTP/1.1\\r\\nHost: %s\\r\\nConnection: close\\r\\n\\r\\n' " + explain.ShellQuote(explain.RequestPath(worlds[0].s)) + " \"$HOST\" | \"$@\"\n")
	} else {
		b.WriteString(serve)
	}
	return b.String()
}

// serve is how run-server.sh runs the bank. openssl s_server on a port
// another program holds says "Address already in use" and yet exits 0
// (OpenSSL 3.0), which reads as a bank that served and stopped: its errors
// are watched for it, each shown as it comes, and the script then says which
// address is taken, how to free it and how to choose another, and exits 3
// (as it does for an address s_server cannot listen on); otherwise with
// s_server's own status. The bank runs as the script's child (its stderr
// into a FIFO the script reads: a pipe would hide its status), so the
// script stops it on a signal of its own. A port that is no number is refused first. Nothing
// in it comes from the scenario: the address and port are the person's,
// printed as data.
const serve = portCheck + watched

const portCheck = `case $PORT in
''|*[!0-9]*)
	printf 'run-server.sh: TLSPLAY_PORT is %s, not a port number: give one from 1 to 65535\n' "$PORT" >&2
	exit 2 ;;
esac
`

const watched = `# s_server on a port another program holds, or an address it cannot listen
# on, says so and exits 0 (OpenSSL 3.0): its errors are watched, through a
# FIFO, and a taken port said so, with status 3. A signal to this script
# stops the bank too.
ERRS=$(mktemp -d) && mkfifo "$ERRS/errors" || exit 2
exec 4<&0
"$@" <&4 4<&- 2>"$ERRS/errors" &
BANK=$!
exec 4<&-
trap 'kill "$BANK" 2>/dev/null' HUP INT TERM
BIND=
while IFS= read -r line || [ -n "$line" ]; do
	case $line in
	*"Address already in use"*) BIND=taken ;;
	*BIO_lookup*|*BIO_socket*|*BIO_bind*|*BIO_listen*|*"unable to bind"*|*"unable to listen"*) BIND=${BIND:-failed} ;;
	esac
	printf '%s\n' "$line" >&2
done <"$ERRS/errors"
wait "$BANK"
STATUS=$?
rm -rf "$ERRS"
OTHER=8444
[ "$PORT" != 8444 ] || OTHER=8445
case $BIND in
taken)
	printf 'run-server.sh: %s:%s is taken: another program listens there. Free it (a bank of a kit still running? stop it with Ctrl-C; ss -ltnp or lsof -i :%s names the program), or choose another port for the bank and the couriers alike: TLSPLAY_PORT=%s ./run-server.sh, then TLSPLAY_PORT=%s ./curl.sh\n' "$ADDR" "$PORT" "$PORT" "$OTHER" "$OTHER" >&2
	exit 3 ;;
failed)
	printf 'run-server.sh: the bank cannot listen on %s:%s (openssl says why above): choose another address or port, TLSPLAY_ADDR and TLSPLAY_PORT\n' "$ADDR" "$PORT" >&2
	exit 3 ;;
esac
exit "$STATUS"
`

func curlArgs(w world) string    { return scriptJoin(explain.CurlArgs(w.s, "", local())) }
func sClientArgs(w world) string { return scriptJoin(explain.OpenSSLArgs(w.s, "", local())) }

// standInWords say, under a kit's call, that ca.pem stands in for the store
// the story's call reads by default (explain's standIn: the playground's
// public root is in no real store), given as the option (%s) the call
// carries for it: the call the story makes names none, so a call printed
// alike in the story's run and the fixed one does not read as the fix
// failing.
const standInWords = "(the story's call names no CA file: %s stands in here for the store it reads by default, in which the playground's simulated public root is not)"

// standInNote is standInWords of option where the kit's call differs from
// the story's (kit, asIs: the same call for the kit's target and for one
// that is not a kit's), "" where it does not.
func standInNote(kit, asIs []string, option string) string {
	if slices.Equal(kit, asIs) {
		return ""
	}
	return fmt.Sprintf(standInWords, option)
}

// notKit is the kit's target as the story's own call sees it: no store
// stood in for.
func notKit() explain.Target {
	t := local()
	t.Kit = false
	return t
}

func curlStandIn(w world) string {
	return standInNote(explain.CurlArgs(w.s, "", local()), explain.CurlArgs(w.s, "", notKit()), "--cacert "+explain.CAFile)
}

func sClientStandIn(w world) string {
	return standInNote(explain.OpenSSLArgs(w.s, "", local()), explain.OpenSSLArgs(w.s, "", notKit()), "-CAfile "+explain.CAFile)
}

// serverArgs is the bank as openssl s_server: its chain and key, its versions,
// and its badge policy mapped onto s_server's -verify (ask) and -Verify (demand),
// with -verify_return_error where Go's policy verifies the badge.
func serverArgs(w world) string {
	s := w.s
	args := []string{"openssl", "s_server", "-accept", local().Addr + ":" + local().Port, "-www", "-cert", ServerChainFile, "-key", ServerKeyFile}
	if len(w.m.Default.Certs) > 1 {
		args = append(args, "-cert_chain", IntermediatesFile)
	}
	if n := s.Server.ByName; n != nil && s.Imposter == nil {
		args = append(args, "-servername", n.Name, "-cert2", ByNameChainFile, "-key2", ByNameKeyFile)
		if len(w.m.ByName.Certs) > 1 {
			// Validate keeps badges out of such a bank: -CAfile is free.
			args = append(args, "-CAfile", ByNameIntermediatesFile)
		}
	}
	if f := stapleFile(w.m); f != "" {
		args = append(args, "-status_file", f)
	}
	if auth := s.Server.ClientAuth; auth.Demands() {
		flag := "-verify"
		if auth == scenario.AuthRequireAny || auth == scenario.AuthRequireAndVerify {
			flag = "-Verify"
		}
		args = append(args, flag, "1", "-CAfile", ClientCAFile)
		if auth.Verifies() {
			args = append(args, "-verify_return_error")
		}
	}
	// The bank's lowest version, as Go's: TLS 1.2 when the scenario leaves
	// it out (crypto/tls's server default), where s_server, on Debian's
	// OpenSSL 3.0, would take a TLS 1.1 ClientHello and fail with an
	// internal error alert instead of Go's protocol_version.
	args = append(args, "-min_protocol", explain.OpenSSLVersion(cmp.Or(s.Server.MinVersion, scenario.TLS12)))
	if v := s.Server.MaxVersion; v != "" {
		args = append(args, "-max_protocol", explain.OpenSSLVersion(v))
	}
	if len(s.Server.Groups) > 0 {
		var gs []string
		for _, g := range s.Server.Groups {
			gs = append(gs, opensslGroups.Of(string(g)))
		}
		args = append(args, "-groups", strings.Join(gs, ":"))
	}
	if len(s.Server.ALPN) > 0 {
		args = append(args, "-alpn", strings.Join(s.Server.ALPN, ","))
	}
	if cipher := serverCiphers(w); cipher != "" {
		args = append(args, "-cipher", cipher)
	}
	return scriptJoin(args)
}

// opensslGroups names Go's key-exchange groups as OpenSSL does. OpenSSL 3.0 has
// no X25519MLKEM768 (3.5 has): s_server then refuses to start, and says so.
var opensslGroups = wordlist.List{
	{string(scenario.X25519MLKEM768), "X25519MLKEM768"},
	{string(scenario.X25519), "X25519"},
	{string(scenario.P256), "P-256"},
	{string(scenario.P384), "P-384"},
	{string(scenario.P521), "P-521"},
}

// opensslSuites names Go's TLS 1.2 cipher suites as OpenSSL does.
var opensslSuites = wordlist.List{
	{"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256"},
	{"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384"},
	{"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305"},
	{"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"},
	{"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384"},
	{"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305"},
	{"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA"},
	{"TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA"},
	{"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA"},
	{"TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE-RSA-AES256-SHA"},
	{"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "ECDHE-ECDSA-AES128-SHA256"},
	{"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "ECDHE-RSA-AES128-SHA256"},
	{"TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256"},
	{"TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-GCM-SHA384"},
	{"TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA"},
	{"TLS_RSA_WITH_AES_256_CBC_SHA", "AES256-SHA"},
	{"TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "ECDHE-RSA-DES-CBC3-SHA"},
	{"TLS_RSA_WITH_3DES_EDE_CBC_SHA", "DES-CBC3-SHA"},
}

// serverCiphers is s_server's -cipher: the scenario's TLS 1.2 suites, and security
// level 0 when the bank must serve (or accept) an RSA-1024 key or a SHA-1
// signature, which OpenSSL at its default level refuses to load. The point is
// the client's verdict, so the bank must not refuse first.
func serverCiphers(w world) string {
	var list []string
	for _, n := range w.s.Server.CipherSuites {
		list = append(list, opensslSuites.Of(n))
	}
	// A bank that takes a version before TLS 1.2 (its highest, or its
	// lowest: a courier capped there reaches it) signs with SHA-1 (and MD5)
	// there, as Go's does: OpenSSL does that only at level 0 too, and
	// otherwise answers such a courier with an internal error alert.
	weak := before12(w.s.Server.MaxVersion) || before12(w.s.Server.MinVersion) || speaks3DES(w.s)
	for _, sp := range w.s.Certs {
		if sp.Key == pki.RSA1024 || sp.Hash == pki.SHA1 {
			weak = true
		}
	}
	if weak {
		if len(list) == 0 {
			list = append(list, "DEFAULT")
		}
		list = append(list, "@SECLEVEL=0")
	}
	return strings.Join(list, ":")
}

// before12 reports whether v, a version the bank is set to, is older than
// TLS 1.2 ("" is not: the default).
func before12(v scenario.Version) bool { return v == scenario.TLS10 || v == scenario.TLS11 }

// speaks3DES reports whether the bank's suites include 3DES, which OpenSSL
// allows at security level 0 only, and many an OpenSSL 3 build (Debian's) has
// left out altogether.
func speaks3DES(s *scenario.Scenario) bool {
	return slices.ContainsFunc(s.Server.CipherSuites, func(n string) bool { return slices.Contains(scenario.Suites3DES, n) })
}

// clientPy is the courier as Python requests: the story's call and the fixed one.
func clientPy(worlds []world) string {
	var b strings.Builder
	b.WriteString(`#!/usr/bin/env python3
"""The courier of this story, as Python requests.

    python3 client.py          the call as the story makes it
    python3 client.py fixed    the call with the fix, from fixed/ (against
                               ./run-server.sh fixed)

TLSPLAY_ADDR and TLSPLAY_PORT say where the bank listens (127.0.0.1:8443);
TLSPLAY_NAME the name to dial (the story's). The name is mapped to the address
inside this script, as /etc/hosts would map it, so requests still sends it (SNI)
and checks the certificate against it. verify=True would use certifi's bundle, in
which the playground's simulated public root is not: ca.pem stands in for it.
"""
import os
import socket
import ssl
import sys
import warnings
` + truststorePy(worlds) + `
try:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.ssl_ import create_urllib3_context
except ImportError as e:
    sys.exit(f"client.py needs Python's requests ({e}): pip install requests, or apt install python3-requests")

ADDR = os.environ.get("TLSPLAY_ADDR", "` + DefaultAddr + `")
PORT = os.environ.get("TLSPLAY_PORT", "` + DefaultPort + `")
FIXED = sys.argv[1:] == ["fixed"]

_getaddrinfo = socket.getaddrinfo


def getaddrinfo(host, *args, **kwargs):
    if host == NAME:
        host = ADDR
    return _getaddrinfo(host, *args, **kwargs)


socket.getaddrinfo = getaddrinfo


` + explain.TLSVersionAdapterPy + `

` + explain.RevocationAdapterPy + `
`)
	b.WriteString("if FIXED:\n")
	pickWorld(&b, worlds, pyWorld,
		"    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "+explain.PyQuote(FixedDir)+"))\n",
		"    sys.exit(\"this story has no fix to run: see README.txt\")\n",
		"else:\n    os.chdir(os.path.dirname(os.path.abspath(__file__)))\n")
	b.WriteString(`
print(">>> " + CALL.replace("{HOST}", HOST).replace("{PORT}", PORT))
if NOTE:
    print(NOTE)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    try:
        response = call()
    except Exception as e:
        print(f"FAILED {type(e).__module__}.{type(e).__qualname__}: {e}")
        sys.exit(1)
for w in caught:
    print(f"warning {w.category.__name__}: {w.message}")
# The answer's status, and the first line of what the bank sent.
first = response.text.partition("\n")[0][:80]
print(f"OK {response!r} {first!r}")
`)
	return b.String()
}

// pickWorld writes a client program's choice of story: fixed and the fixed
// story's own lines (each writes a story's), or noFix where it has none; then
// story and the story's own lines.
func pickWorld(b *strings.Builder, worlds []world, each func(world) string, fixed, noFix, story string) {
	if len(worlds) > 1 {
		b.WriteString(fixed + each(worlds[1]))
	} else {
		b.WriteString(noFix)
	}
	b.WriteString(story + each(worlds[0]))
}

// truststorePy injects truststore for the worlds whose courier uses it,
// before requests is imported: requests imported first, truststore's
// context recurses at the first call (truststore 0.9, requests 2.32 and
// later). "" when no world uses it.
func truststorePy(worlds []world) string {
	var in []bool // whether each world using it is the fixed one
	for i, w := range worlds {
		if w.s.Client.Truststore {
			in = append(in, i == 1)
		}
	}
	inject := "try:\n    import truststore\nexcept ImportError:\n    sys.exit(\"this call needs truststore (pip install truststore)\")\n" + explain.TruststoreInject + "\n"
	switch {
	case len(in) == 0:
		return ""
	case len(in) == 1:
		cond := map[bool]string{true: "==", false: "!="}[in[0]]
		return "\nif sys.argv[1:] " + cond + " [\"fixed\"]:\n" + indentLines(strings.TrimSuffix(inject, "\n"), "    ") + "\n"
	}
	return "\n" + inject
}

// pyWorld defines NAME, CALL (the call as shown: the story's own), NOTE
// (standInWords, where the call run differs from it) and call for one world.
func pyWorld(w world) string {
	// The path holds no brace, quote, backslash or control character
	// (scenario.URLPath escapes them): nothing an f-string obeys.
	url := `f"https://{HOST}:{PORT}` + explain.RequestPath(w.s) + `"`
	run := explain.RequestsArgs(w.s, "", local())
	args := strings.Join(append([]string{url}, run...), ", ")
	asIs := strings.Join(append([]string{url}, explain.RequestsArgs(w.s, "", notKit())...), ", ")
	var b strings.Builder
	// Every value from the scenario is a Python literal (explain.PyQuote), never code.
	fmt.Fprintf(&b, "    NAME = os.environ.get(\"TLSPLAY_NAME\") or %s\n", explain.PyQuote(w.name))
	// The URL writes an IPv6 address in brackets; getaddrinfo gets it bare.
	b.WriteString("    HOST = f\"[{NAME}]\" if \":\" in NAME else NAME\n")
	// The environment as the story sets it, each bundle where the kit wrote
	// it (env/); a variable the story does not set is unset.
	for _, name := range scenario.EnvNames {
		fmt.Fprintf(&b, "    os.environ.pop(%s, None)\n", explain.PyQuote(name))
	}
	for _, line := range explain.RequestsSetup(w.s, kitEnvPath) {
		if line != explain.TruststoreInject { // injected before requests is imported (truststorePy)
			b.WriteString("    " + line + "\n")
		}
	}
	if w.s.Client.Session == nil {
		b.WriteString("    session = requests.Session()\n")
	}
	shown := "requests.get(" + asIs[1:] + ")"
	if w.s.Client.Session != nil {
		shown = "session.get(" + asIs[1:] + ")"
	}
	if a := explain.RequestsAdapter(w.s); a != "" {
		fmt.Fprintf(&b, "    session.mount(\"https://\", %s)\n", a)
		shown = "session.mount(\"https://\", " + a + "); session.get(" + asIs[1:] + ")"
	}
	fmt.Fprintf(&b, "    CALL = %s\n", explain.PyQuote(shown))
	note := standInNote(run, explain.RequestsArgs(w.s, "", notKit()), "verify="+explain.PyQuote(explain.CAFile))
	fmt.Fprintf(&b, "    NOTE = %s\n", explain.PyQuote(note))
	fmt.Fprintf(&b, "    def call():\n        return session.get(%s, timeout=10)\n", args)
	return b.String()
}

// envNames lists the variables set, in words.
func envNames(env []scenario.EnvVar) string {
	var names []string
	for _, e := range env {
		if slices.Contains(scenario.EnvNames, e.Name) {
			names = append(names, e.Name)
		}
	}
	return strings.Join(names, ", ")
}

// kitEnvPath is where a kit holds the bundle a variable names.
func kitEnvPath(e scenario.EnvVar) string { return EnvDir + "/" + e.Path }

// envLines set a client script's environment as the story does: every value
// quoted, a variable the story does not set unset, SSL_CERT_DIR's directory
// hashed as OpenSSL looks it up.
func envLines(w world) string {
	var b strings.Builder
	b.WriteString("unset " + strings.Join(scenario.EnvNames, " ") + "\n\t")
	for _, e := range w.s.Client.Env {
		if !slices.Contains(scenario.EnvNames, e.Name) {
			continue // Validate refuses it; no script exports it
		}
		fmt.Fprintf(&b, "export %s=%s\n\t", e.Name, explain.ShellQuote(kitEnvPath(e)))
		if e.Name == scenario.EnvSSLCertDir {
			fmt.Fprintf(&b, "openssl rehash %s >/dev/null 2>&1\n\t", explain.ShellQuote(kitEnvPath(e)))
		}
	}
	return b.String()
}

// ReexportCommand is the command README.txt gives to craft the kit again
// around today, run in the kit's folder.
const ReexportCommand = "tlsplay export --scenario " + ScenarioFile + " --out today"

// kitReadme explains the kit: what each script shows, and how to run it; as
// Readme, with nothing in it a terminal would obey.
func kitReadme(m *handshake.Material, tr *handshake.Trace, c *explain.Cure) string {
	var b strings.Builder
	b.WriteString("\nReproduce it\n------------\n")
	b.WriteString(wrap("Run the bank in one terminal and the couriers in another. The scripts listen on and dial "+DefaultAddr+":"+DefaultPort+
		" (set TLSPLAY_ADDR and TLSPLAY_PORT to change it) and map the story's name, "+m.Scenario.Client.Dial+
		", to that address by each client's own means, so nothing touches /etc/hosts and every host-name check still applies.", 78))
	fmt.Fprintf(&b, "\n\n  ./run-server.sh      %s (openssl s_server)\n", strings.ToLower(answerer(m.Scenario)[:1])+answerer(m.Scenario)[1:])
	b.WriteString("  python3 client.py    the courier as Python requests\n")
	b.WriteString("  ./curl.sh            the same with curl\n")
	b.WriteString("  ./s_client.sh        the same with openssl s_client -verify_return_error\n")
	b.WriteString("  node client.js       the same with Node's https module\n\n")
	b.WriteString(wrap("A courier that gets through prints the bank's answer: openssl s_server -www answers every GET, whatever the story, with its status line and a page of its own (s_client prints it after all it says of the handshake).", 78) + "\n\n")
	for _, k := range kitClients {
		fmt.Fprintf(&b, "  %-20s %s\n", k.script, KitAnswers[k.client])
	}
	b.WriteString("\n")
	b.WriteString(wrap("An unzip that drops the scripts' execute bits (Python's zipfile, some file managers) leaves ./run-server.sh saying \"Permission denied\": run them as sh run-server.sh, sh curl.sh and sh s_client.sh, or chmod +x *.sh.", 78) + "\n\n")
	if slices.Contains(m.Scenario.Server.Groups, scenario.X25519MLKEM768) {
		b.WriteString(wrap("The bank offers X25519MLKEM768, which openssl s_server has from OpenSSL 3.5 on (openssl version says yours): an older one stops at once, saying group 'X25519MLKEM768' cannot be set. Run the bank with an OpenSSL 3.5 or later (TLSPLAY_ADDR and TLSPLAY_PORT let the couriers dial it on another machine); the couriers show the story on an OpenSSL older than 3.5, which knows no ML-KEM.", 78) + "\n\n")
	}
	if explain.ECCNotForSigning(m.Scenario) {
		b.WriteString(wrap("The bank's ECDSA certificate may not sign (its key usage leaves out digitalSignature), and the bank speaks TLS 1.2 at most: openssl s_server will use no ECDHE-ECDSA suite with it, and so shares no cipher with any courier. Against run-server.sh every courier then prints the bank's handshake failure alert (\"sslv3 alert handshake failure\"; s_server says no shared cipher), not what the story's bank, a Go server that does not check the key usage, draws from them above. Serve the story's bank with a server that does not check it (Go's crypto/tls) to see the couriers' own refusal, or run fixed/.", 78) + "\n\n")
	}
	if speaks3DES(m.Scenario) {
		b.WriteString(wrap("The bank speaks 3DES, which many an OpenSSL 3 build (Debian 12's among them) leaves out of s_server altogether (openssl ciphers -v 'DES-CBC3-SHA:@SECLEVEL=0' says whether yours has it): there, run-server.sh stops at once, saying no cipher match. Run the bank with an OpenSSL that has it (TLSPLAY_ADDR and TLSPLAY_PORT let the couriers dial it on another machine).", 78) + "\n\n")
	}
	if send, key := m.Scenario.Answering(); len(send) > 0 && key != send[0] && m.Scenario.Imposter == nil {
		if c := m.Set.Get(key); c != nil && c.Cert.Subject.CommonName != "" {
			key = c.Cert.Subject.CommonName
		}
		b.WriteString(wrap("The bank holds the private key of another certificate ("+scenario.Visible(key, "")+"), not its own: openssl s_server refuses such a pair, as nginx and Apache do, and run-server.sh stops at once, saying key values mismatch. tlsplay serve-stories serves the stories' banks as the stories have them (Go's crypto/tls takes the pair it is given), server-wrong-key's among them.", 78) + "\n\n")
	}
	if m.Scenario.Client.Cert == scenario.CertEncryptedKey {
		b.WriteString(wrap("client.key is encrypted: at a terminal, curl.sh and s_client.sh stop at curl's and openssl's prompt for its pass phrase. Press Enter to see the failure the story shows; type the password (scenario.json's client.key_password) and they connect, as curl --pass and s_client -pass would. client.py and client.js fail at once: requests has no way to give one, and the story's Node call gives none (https's passphrase option would).", 78) + "\n\n")
	}
	if !m.Revocation.Empty() {
		b.WriteString(wrap("The story's CAs publish revocation: crl.pem holds their CRLs (curl --crlfile, Python, Node), ca-crl.pem is ca.pem with the CRLs (s_client reads CRLs from its -CAfile), and revocation/ each CRL and OCSP response as a CA serves them. run-server.sh also starts revocation-server.py, which serves them on http://127.0.0.1:"+DefaultRevocationPort+"/ (TLSPLAY_REVOCATION_PORT): the CRLs at their URLs' paths, and an OCSP responder. Ask it as a client checking revocation would:", 78))
		b.WriteString("\n\n  openssl ocsp -issuer server-intermediates.pem -cert server-chain.pem \\\n      -url http://127.0.0.1:" + DefaultRevocationPort + "/ -CAfile ca.pem -no_nonce\n")
		if len(m.Revocation.CRLs) > 0 {
			b.WriteString("  curl -s http://127.0.0.1:" + DefaultRevocationPort + urlPath(m.Revocation.CRLs[0].URL) + " | openssl crl -inform DER -noout -text\n")
		}
		b.WriteString("\n")
	}
	switch {
	case c != nil:
		fixed := c.Scenario
		changes := "the " + c.Side + "'s side changes"
		if c.Side == "both" {
			changes = "both sides change"
		}
		b.WriteString(wrap("fixed/ is the same story with its fix applied ("+changes+"; the fixed story's certificates are crafted afresh, so run both ends from fixed/, once the story's bank is stopped with Ctrl-C: both listen on the same port, and a second run-server.sh there says the port is taken):", 78))
		b.WriteString("\n\n  ./run-server.sh fixed\n  python3 client.py fixed\n  ./curl.sh fixed\n  ./s_client.sh fixed\n  node client.js fixed\n\n")
		indent := func(call string) string { return strings.ReplaceAll(call, "\n", "\n                 ") }
		b.WriteString("  as the story:  " + indent(explain.RequestsCall(m.Scenario, "")) + "\n")
		b.WriteString("  fixed:         " + indent(explain.RequestsCall(fixed, "")) + "\n")
		if changes := fixChanges(m.Scenario, fixed); len(changes) > 0 {
			lead := "Besides the call, the fix changes: "
			if explain.RequestsCall(m.Scenario, "") == explain.RequestsCall(fixed, "") {
				lead = "The call stays the same; the fix changes: "
			}
			b.WriteString("\n" + wrap(lead+strings.Join(changes, "; ")+".", 78) + "\n")
		}
	default:
		b.WriteString("This story has no fix to run.\n")
	}
	if c := m.Scenario.Client; len(c.Env) > 0 {
		b.WriteString("\n" + wrap("The scripts set the story's environment ("+envNames(c.Env)+"), each naming a bundle the kit holds under "+EnvDir+"/, and unset the other variables a client reads for its bundle.", 78) + "\n")
	}
	if len(m.Scenario.Client.OSStore) > 0 {
		b.WriteString("\n" + wrap("The couriers of this story read the machine's own store, which a kit cannot change: "+EnvDir+"/"+OSStoreFile+
			" is what the story's store holds. To see the story, run them where /etc/ssl/certs holds it, as the proof does: as root, in a mount namespace of their own, with a directory DIR holding that file as ca-certificates.crt and each of its certificates hashed by openssl rehash, unshare -m sh -c 'mount --bind DIR /etc/ssl/certs && ./curl.sh' (the machine's own store is untouched).", 78) + "\n")
	}
	b.WriteString("\n" + wrap("The certificates are dated relative to the scenario clock, "+m.Scenario.Now.UTC().Format(time.RFC3339)+
		". Real clients use the real clock: if today is far from it, download the kit again, or export it again in this folder (the certificates are dated around the day it runs, into a new folder today/):", 78) + "\n\n  " + ReexportCommand + "\n")
	return scenario.Visible(b.String(), "\n")
}
