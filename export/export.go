// Package export writes a scenario's files: the certificates and keys each side
// holds, the scenario itself, and a README saying what is wrong and why, so that a
// person can reproduce the story with real tools on their own machine.
package export

import (
	"context"
	"crypto/x509"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/internal/tjson"
	"github.com/tlsplay/tlsplay/internal/wordlist"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// File is one file of the export set.
type File struct {
	Name string
	Data []byte
	Mode fs.FileMode
}

// The names of the export set; part of the CLI's contract.
const (
	CAFile            = "ca.pem"
	ServerChainFile   = "server-chain.pem"
	ServerKeyFile     = "server.key"
	ByNameChainFile   = "server-by-name-chain.pem"
	ByNameKeyFile     = "server-by-name.key"
	ClientCertFile    = "client.crt"
	ClientKeyFile     = "client.key"
	ClientCombined    = "client-combined.pem"
	ClientCAFile      = "client-ca.pem"
	ScenarioFile      = "scenario.json"
	ReadmeFile        = "README.txt"
	TrustedBundleNote = "verify=True trusts Mozilla's roots (certifi) plus this playground's simulated public root; ca.pem holds only the latter, since Mozilla's roots sign nothing here."
	MozillaBundleNote = "verify=True trusts Mozilla's roots (certifi) plus this playground's simulated public root; this scenario has no simulated public root, so ca.pem holds Mozilla's roots."
	NoVerifyNote      = "verify=False trusts nothing and checks nothing; ca.pem holds what verify=True would have trusted, so that you can see what checking would have said."
)

// Set is a scenario played once, with the files that go with that very run.
type Set struct {
	Material *handshake.Material
	Trace    *handshake.Trace
	// Cure is the trace's cure, whose scenario fixed/ holds (nil for none):
	// explain.Cured's, played on where the failure left checks unrun.
	Cure  *explain.Cure
	Files []File
}

// File is the data of the set's file named name, nil when it has none.
func (s *Set) File(name string) []byte {
	for _, f := range s.Files {
		if f.Name == name {
			return f.Data
		}
	}
	return nil
}

// Build crafts the scenario, plays it, finds its cure (CureOf) and writes
// its files.
func Build(ctx context.Context, s *scenario.Scenario) (*Set, error) {
	return build(ctx, s, func(ctx context.Context, tr *handshake.Trace) (*explain.Cure, error) {
		return CureOf(ctx, tr, nil, false)
	})
}

// BuildCured is Build with the cure a run of the same scenario found
// already (explain.Cured's; nil for none), set on s's clock: the fix's words
// and the kit's fixed/ come from that one cure, and nothing is played again
// to find it.
func BuildCured(ctx context.Context, s *scenario.Scenario, c *explain.Cure) (*Set, error) {
	return build(ctx, s, func(context.Context, *handshake.Trace) (*explain.Cure, error) {
		if c == nil {
			return nil, nil
		}
		on := *c
		on.Scenario = c.Scenario.Clone()
		on.Scenario.Now, on.Scenario.Today = s.Now, s.Today
		return &on, nil
	})
}

func build(ctx context.Context, s *scenario.Scenario, cure func(context.Context, *handshake.Trace) (*explain.Cure, error)) (*Set, error) {
	m, err := handshake.NewMaterial(s)
	if err != nil {
		return nil, err
	}
	tr, err := m.Run(ctx)
	if err != nil {
		return nil, err
	}
	c, err := cure(ctx, tr)
	if err != nil {
		return nil, err
	}
	files, err := Files(m, tr, c)
	if err != nil {
		return nil, err
	}
	return &Set{Material: m, Trace: tr, Cure: c, Files: files}, nil
}

// Files lists the export set of a material, the trace it produced and its
// cure (nil for none): the material, the scenario, the reproduce kit
// (kit.go, fixed/ the cure's) and the README.
func Files(m *handshake.Material, tr *handshake.Trace, c *explain.Cure) ([]File, error) {
	files, err := materialFiles(m)
	if err != nil {
		return nil, err
	}
	sf, err := scenarioFile(m.Scenario)
	if err != nil {
		return nil, err
	}
	files = append(files, sf)
	kit, err := kitFiles(m, tr, c)
	if err != nil {
		return nil, err
	}
	files = append(files, kit...)
	readme := Readme(m, tr, topLevel(files), c) + kitReadme(m, tr, c)
	return append(files, File{Name: ReadmeFile, Data: []byte(readme), Mode: 0o644}), nil
}

func scenarioFile(s *scenario.Scenario) (File, error) {
	js, err := tjson.MarshalIndent(s, "", "  ")
	if err != nil {
		return File{}, err
	}
	// The same JSON, with nothing in it a terminal obeys (as \uXXXX).
	return File{Name: ScenarioFile, Data: append([]byte(scenario.Visible(string(js), "\n")), '\n'), Mode: 0o644}, nil
}

// materialFiles are the certificates and keys each side holds.
func materialFiles(m *handshake.Material) ([]File, error) {
	s := m.Scenario
	var files []File
	add := func(name string, data []byte, mode fs.FileMode) {
		files = append(files, File{Name: name, Data: data, Mode: mode})
	}
	ca, err := caBundle(m)
	if err != nil {
		return nil, err
	}
	add(CAFile, ca, 0o644)
	files = append(files, envFiles(m)...)
	// What the bank sends a courier naming nothing it chooses by; and the
	// chain it chooses by name.
	add(ServerChainFile, pki.CertPEM(m.Default.Certs...), 0o644)
	key, err := pki.KeyPEM(m.Default.Key)
	if err != nil {
		return nil, err
	}
	add(ServerKeyFile, key, 0o600)
	if m.ByName != nil {
		add(ByNameChainFile, pki.CertPEM(m.ByName.Certs...), 0o644)
		key, err := pki.KeyPEM(m.ByName.Key)
		if err != nil {
			return nil, err
		}
		add(ByNameKeyFile, key, 0o600)
	}
	if s.MTLS() {
		if len(m.BadgeCertPEM) > 0 {
			add(ClientCertFile, m.BadgeCertPEM, 0o644)
		}
		if len(m.BadgeKeyPEM) > 0 {
			add(ClientKeyFile, m.BadgeKeyPEM, 0o600)
		}
		// Without a key (cert_only) the "combined" file would be client.crt again,
		// under a name that promises a key.
		if len(m.BadgeKeyPEM) > 0 {
			add(ClientCombined, m.BadgeCombinedPEM, 0o600)
		}
		add(ClientCAFile, pki.CertPEM(m.ClientCAs...), 0o644)
	}
	return append(files, revocationFiles(m, ca)...), nil
}

// caBundle is ca.pem: what the courier trusts, as a file any tool reads. verify=False
// trusts nothing and gets what verify=True would have trusted, so that a person can
// see what checking would have said. verify=True trusts Mozilla's roots and the
// scenario's simulated public roots; the file holds the latter, which sign the
// story's certificates, or Mozilla's when there are none: an empty ca.pem is no CA
// bundle to curl, Python or openssl.
func caBundle(m *handshake.Material) ([]byte, error) {
	if m.Scenario.Client.Intended() == scenario.VerifyBundle {
		certs, _ := m.Set.Certs(m.Scenario.Client.Bundle)
		return pki.CertPEM(certs...), nil
	}
	if pub := publicCerts(m); len(pub) > 0 {
		return pki.CertPEM(pub...), nil
	}
	return handshake.MozillaCertsPEM()
}

// EnvDir is where a kit writes the bundles the courier's environment
// variables name, and OSStoreFile the stand-in for the machine's store.
const (
	EnvDir      = "env"
	OSStoreFile = scenario.OSStorePath
)

// envFiles are the bundles the courier's environment names, each under
// env/ at its variable's path (SSL_CERT_DIR's as a directory of one file per
// certificate, which the scripts hash with openssl rehash), and, when the
// scenario puts certificates in the machine's store, env/os-store.pem: the
// public roots (ca.pem's stand-ins) and those certificates, which a kit
// cannot add to /etc/ssl/certs.
func envFiles(m *handshake.Material) []File {
	var out []File
	bundle := func(certs []string, public bool) []*x509.Certificate {
		var cs []*x509.Certificate
		if public {
			cs = append(cs, publicCerts(m)...)
		}
		named, _ := m.Set.Certs(certs)
		for _, c := range named {
			if !slices.Contains(cs, c) {
				cs = append(cs, c)
			}
		}
		return cs
	}
	for _, e := range m.Scenario.Client.Env {
		cs := bundle(e.Certs, e.Public)
		if e.Name != scenario.EnvSSLCertDir {
			out = append(out, File{Name: EnvDir + "/" + e.Path, Data: pki.CertPEM(cs...), Mode: 0o644})
			continue
		}
		for i, c := range cs {
			out = append(out, File{Name: fmt.Sprintf("%s/%s/cert-%d.pem", EnvDir, e.Path, i), Data: pki.CertPEM(c), Mode: 0o644})
		}
	}
	if len(m.Scenario.Client.OSStore) > 0 {
		out = append(out, File{Name: EnvDir + "/" + OSStoreFile, Data: pki.CertPEM(bundle(m.Scenario.Client.OSStore, true)...), Mode: 0o644})
	}
	return out
}

// envDescribe says what a file under env/ is: the bundle a variable names,
// or the machine's store.
func envDescribe(s *scenario.Scenario, rest string) string {
	if rest == OSStoreFile {
		return "what the machine's own store holds in the story (/etc/ssl/certs)"
	}
	for _, e := range s.Client.Env {
		if rest == e.Path || strings.HasPrefix(rest, e.Path+"/") {
			return "the bundle " + e.Name + " names"
		}
	}
	return ""
}

// trustNote says what ca.pem holds and why, or "" when it is the courier's own
// bundle.
func trustNote(m *handshake.Material) string {
	verify := m.Scenario.Client.Intended()
	if verify == scenario.VerifyBundle {
		return ""
	}
	note := TrustedBundleNote
	if len(publicCerts(m)) == 0 {
		note = MozillaBundleNote
	}
	if verify == scenario.VerifyFalse {
		note = NoVerifyNote + " " + note
	}
	return note
}

// publicCerts lists the scenario's certificates marked public, issuers first: what
// verify=True trusts besides Mozilla's roots.
func publicCerts(m *handshake.Material) []*x509.Certificate {
	var out []*x509.Certificate
	for _, name := range m.Set.Order {
		if is := m.Set.Get(name); is.Spec.Public {
			out = append(out, is.Cert)
		}
	}
	return out
}

// Readme says what the scenario is, what is wrong and why, and what each file
// is. Anything in it a terminal would obey (from a scenario Validate did not
// check, or an error message) is written as its escape.
func Readme(m *handshake.Material, tr *handshake.Trace, files []File, c *explain.Cure) string {
	s, o := m.Scenario, tr.Outcome
	var b strings.Builder
	title := s.Title
	if title == "" {
		title = "a custom scenario"
	}
	fmt.Fprintf(&b, "tlsplay: %s\n%s\n\n", title, strings.Repeat("=", columns(title)+9))
	if s.Story != "" {
		fmt.Fprintf(&b, "%s\n\n", wrap(s.Story, 78))
	}
	fmt.Fprintf(&b, "The courier dials %s at %s (the scenario clock).\n\n", s.Client.Dial, s.Now.UTC().Format(time.RFC3339))
	if o.OK {
		fmt.Fprintf(&b, "Verdict (Go's crypto/tls): the handshake succeeds (%s).\n", o.Reason)
	} else {
		fmt.Fprintf(&b, "Verdict (Go's crypto/tls): refused by the %s at %s: %s.\n", sideName(*o.Side), o.Stage, o.Reason)
	}
	if o.Detail != "" {
		fmt.Fprintf(&b, "Why: %s\n", wrap(o.Detail, 78))
	}
	if o.ClientError != "" {
		fmt.Fprintf(&b, "Courier's error: %s\n", o.ClientError)
	}
	if o.ServerError != "" {
		fmt.Fprintf(&b, "Bank's error:    %s\n", o.ServerError)
	}
	var next *handshake.Trace
	if c != nil {
		next = c.Next
	}
	b.WriteString(clientsPart(tr, next))
	b.WriteString("\nFiles\n-----\n")
	width := len(ReadmeFile)
	for _, f := range files {
		width = max(width, len(f.Name))
	}
	_, _, fixed := explain.Fixed(tr)
	for _, f := range files {
		what := describe.Of(f.Name)
		if !m.Revocation.Empty() && what == "" {
			what = revocationDescribe(m, f.Name)
		}
		if rest, ok := strings.CutPrefix(f.Name, EnvDir+"/"); ok {
			what = envDescribe(s, rest)
		}
		if !fixed {
			// A story with nothing to cure has no fixed/ to replay.
			what = strings.ReplaceAll(what, " [fixed]", "")
		}
		if f.Name == CAFile && s.Client.Verify == scenario.VerifyFalse {
			what = "what verify=True would trust (see the note)"
		}
		if w, ok := imposterDescribe.Get(f.Name); ok && s.Imposter != nil {
			what = w
		}
		b.WriteString(tableRow(width, f.Name, what))
	}
	b.WriteString(tableRow(width, ReadmeFile, describe.Of(ReadmeFile)))
	if note := trustNote(m); note != "" {
		fmt.Fprintf(&b, "\nNote: %s\n", wrap(note, 72))
	}
	return scenario.Visible(b.String(), "\n")
}

// tableRow is a row of README.txt's table of files: the name in a column
// width wide, and what it is beside it, wrapped at 78 columns under its own
// start (at 24 columns at least, should a name be that long).
func tableRow(width int, name, what string) string {
	indent := 2 + width + 1
	lines := strings.Split(wrap(what, max(78-indent, 24)), "\n")
	row := fmt.Sprintf("  %-*s %s\n", width, name, lines[0])
	for _, l := range lines[1:] {
		row += strings.Repeat(" ", indent) + l + "\n"
	}
	return row
}

func sideName(s handshake.Side) string {
	if s == handshake.Server {
		return "bank (server)"
	}
	return "courier (client)"
}

var describe = wordlist.List{
	{CAFile, "what the courier trusts (verify=...)"},
	{ServerChainFile, "what the bank sends, leaf first (to a courier naming no other certificate of it)"},
	{ByNameChainFile, "what the bank sends a courier that names it in its ClientHello (SNI), leaf first"},
	{ByNameKeyFile, "the private key of the bank's certificate chosen by name"},
	{ByNameIntermediatesFile, "what the bank sends after its certificate chosen by name"},
	{ServerKeyFile, "the bank's private key"},
	{ClientCertFile, "the courier's badge (client certificate)"},
	{ClientKeyFile, "the badge's private key, as the courier has it"},
	{ClientCombined, "badge and key in one file (cert='client-combined.pem')"},
	{ClientCAFile, "the CAs the bank trusts to issue badges"},
	{ScenarioFile, "the scenario; tlsplay run --scenario scenario.json replays it"},
	{RunServerFile, "the bank as openssl s_server (./run-server.sh [fixed])"},
	{ClientPyFile, "the courier as Python requests (python3 client.py [fixed])"},
	{ClientJSFile, "the courier as Node's https module (node client.js [fixed])"},
	{CurlFile, "the courier as curl (./curl.sh [fixed])"},
	{SClientFile, "the courier as openssl s_client (./s_client.sh [fixed])"},
	{IntermediatesFile, "what the bank sends after its own certificate (s_server's -cert_chain)"},
	{ReadmeFile, "this file"},
}

// imposterDescribe names what answers as the imposter's when one answers in the
// bank's place: its files are not the bank's.
var imposterDescribe = wordlist.List{
	{ServerChainFile, "what the imposter sends in the bank's place, leaf first"},
	{ServerKeyFile, "the imposter's private key"},
	{IntermediatesFile, "what the imposter sends after its own certificate (s_server's -cert_chain)"},
	{RunServerFile, "the imposter, answering for the bank, as openssl s_server (./run-server.sh [fixed]: fixed/ is the real bank)"},
}

// Wrap folds text at width columns, as a terminal counts them.
func Wrap(text string, width int) string { return wrap(text, width) }

// wrap folds text at width columns.
func wrap(text string, width int) string {
	var b strings.Builder
	col := 0
	for _, w := range strings.Fields(text) {
		if col > 0 && col+1+columns(w) > width {
			b.WriteByte('\n')
			col = 0
		} else if col > 0 {
			b.WriteByte(' ')
			col++
		}
		b.WriteString(w)
		col += columns(w)
	}
	return b.String()
}

// columns is how many columns a terminal gives s: a character one, a
// combining mark none, and an East Asian wide or fullwidth one (a CJK
// ideograph, kana, hangul, an emoji) two; not its length in bytes, which
// counts é as two and 証 as three.
func columns(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Mn, unicode.Me):
		case wide(r):
			n += 2
		default:
			n++
		}
	}
	return n
}

// wideRanges are the East Asian wide and fullwidth blocks (Unicode's
// EastAsianWidth W and F, in broad ranges).
var wideRanges = [][2]rune{
	{0x1100, 0x115F}, {0x2E80, 0x303E}, {0x3041, 0x33FF}, {0x3400, 0x4DBF},
	{0x4E00, 0x9FFF}, {0xA000, 0xA4CF}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF},
	{0xFE30, 0xFE4F}, {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6}, {0x1F300, 0x1F64F},
	{0x1F900, 0x1F9FF}, {0x20000, 0x3FFFD},
}

func wide(r rune) bool {
	for _, w := range wideRanges {
		if r >= w[0] && r <= w[1] {
			return true
		}
	}
	return false
}
