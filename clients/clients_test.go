//go:build unix

package clients

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/export"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/internal/testtool"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

var update = flag.Bool("update", false, "rewrite testdata/observed.json from the real clients and show the difference")

const observedFile = "testdata/observed.json"

var timestamp = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`)

// needTools fails under CI, and skips elsewhere, when a client is missing.
func needTools(t *testing.T) {
	t.Helper()
	for _, client := range sortedKeys(Tools) {
		testtool.Path(t, Tools[client])
	}
	if out, err := exec.Command(Python, "-c", "import requests").CombinedOutput(); err != nil {
		msg := fmt.Sprintf("Debian's python3-requests is needed (apt-get install python3-requests): %v %s", err, out)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
}

// exportNow exports the preset with its clock set to now (the real clients
// judge dates by the real clock) into a fresh directory.
func exportNow(t *testing.T, p *scenario.Preset, edit func(*scenario.Scenario)) (*export.Set, string) {
	t.Helper()
	s := p.Scenario()
	if edit != nil {
		edit(s)
	}
	s.Now = time.Now().UTC().Truncate(time.Second)
	set, err := export.Build(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := WriteFiles(dir, set.Files); err != nil {
		t.Fatal(err)
	}
	return set, dir
}

// world is one preset made real: its export in a directory, its bank listening.
type world struct {
	set    *export.Set
	dir    string
	server *Server
}

// realWorld exports the preset, edited if edit is not nil, and serves its bank.
func realWorld(t *testing.T, p *scenario.Preset, edit func(*scenario.Scenario)) *world {
	t.Helper()
	set, dir := exportNow(t, p, edit)
	server, err := Serve(set.Material)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(server.Close)
	return &world{set: set, dir: dir, server: server}
}

// TestRealClients exports every preset, serves its bank, runs every real client
// against it and compares each verdict, class and masked message with explain's
// prediction. Every error or warning a client printed is then pasted into the
// matcher (see matchObserved).
func TestRealClients(t *testing.T) {
	needTools(t)
	start := time.Now()
	pastes := newPasteTally(t)
	var (
		mu       sync.Mutex
		observed = map[string]map[string]Observed{}
		pips     atomic.Int32
	)
	// Two cores: a few presets at a time keep the machine usable.
	sem := make(chan struct{}, 3)
	check := func(t *testing.T, name string, p *scenario.Preset, edit func(*scenario.Scenario)) {
		t.Parallel()
		sem <- struct{}{}
		defer func() { <-sem }()
		w := realWorld(t, p, edit)
		got, raw := checkClients(t, w.set, Run{Dir: w.dir, Port: w.server.Port, S: w.set.Material.Scenario})
		if o, printed, ok := checkPip(t, w.set, Run{Dir: w.dir, Port: w.server.Port, S: w.set.Material.Scenario}); ok {
			got[explain.Pip], raw[explain.Pip] = o, printed
			pips.Add(1)
		}
		pastes.match(t, w.set, raw)
		mu.Lock()
		observed[name] = got
		mu.Unlock()
	}
	t.Run("stories", func(t *testing.T) {
		for _, p := range scenario.Presets {
			t.Run(p.ID, func(t *testing.T) { check(t, p.ID, p, nil) })
		}
		for _, v := range variants {
			t.Run(v.name, func(t *testing.T) { check(t, v.name, scenario.Lookup(v.preset), v.edit) })
		}
	})
	t.Logf("%d stories × %d clients, and pip on the %d it can make, in %v", len(scenario.Presets)+len(variants), len(Runners), pips.Load(), time.Since(start).Round(time.Millisecond))
	pastes.report(t)
	if *update {
		writeObserved(t, observed)
	}
}

// variant is an edited story, named.
type variant struct {
	name, preset string
	edit         func(*scenario.Scenario)
}

// variants are edited stories: the predictions follow the scenario (its
// versions, names, keys), not the preset it started from.
var variants = []variant{
	// In TLS 1.2 the bank refuses the badge inside the handshake: curl exits 35.
	{"mtls-no-cert-tls12", "mtls-no-cert", func(s *scenario.Scenario) { s.Server.MaxVersion = scenario.TLS12 }},
	{"mtls-wrong-ca-tls12", "mtls-wrong-ca", func(s *scenario.Scenario) { s.Server.MaxVersion = scenario.TLS12 }},
	// A bank that checks a badge only if given one refuses a bad one, in both
	// versions.
	{"badge-optional-wrong-ca", "badge-optional", badBadge},
	{"badge-optional-wrong-ca-tls12", "badge-optional", all(badBadge, bankTLS12)},
	// Node loads a certificate without its key and connects with no badge:
	// it meets what a courier without one meets, by the bank's policy and
	// version.
	{"mtls-cert-without-key-tls12", "mtls-cert-without-key", func(s *scenario.Scenario) { s.Server.MaxVersion = scenario.TLS12 }},
	{"mtls-cert-without-key-optional", "mtls-cert-without-key", func(s *scenario.Scenario) { s.Server.ClientAuth = scenario.AuthVerifyIfGiven }},
	{"mtls-cert-without-key-optional-tls12", "mtls-cert-without-key", func(s *scenario.Scenario) {
		s.Server.ClientAuth = scenario.AuthVerifyIfGiven
		s.Server.MaxVersion = scenario.TLS12
	}},
	{"expired-tls12", "expired", func(s *scenario.Scenario) { s.Client.MaxVersion = scenario.TLS12 }},
	// An RSA-1024 intermediate: "CA certificate key too weak".
	{"weak-intermediate", "verify-true", func(s *scenario.Scenario) { s.Spec(scenario.Intermediate).Key = pki.RSA1024 }},
	{"hostname-two-names", "hostname-mismatch", func(s *scenario.Scenario) {
		s.Spec(scenario.Leaf).DNSNames = []string{"www.bankofamerica.com", "bankofamerica.net"}
	}},
	{"self-signed-verify-false", "self-signed", func(s *scenario.Scenario) { s.Client.Verify = scenario.VerifyFalse }},
	// The courier insists on TLS 1.3, the bank speaks 1.2 at most.
	{"version-client-too-new", "verify-true", func(s *scenario.Scenario) {
		s.Client.MinVersion, s.Server.MaxVersion = scenario.TLS13, scenario.TLS12
	}},
	// The bank allows only TLS 1.2 CBC suites with a SHA-1 MAC: OpenSSL's
	// default list has them, CPython's own (which urllib3 2 keeps) does not.
	{"tls12-cbc-sha1", "verify-true", func(s *scenario.Scenario) {
		s.Server.MaxVersion, s.Server.CipherSuites = scenario.TLS12, []string{"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"}
	}},
	{"tls12-cbc-sha1-rsa", "verify-true", func(s *scenario.Scenario) {
		s.Spec(scenario.Leaf).Key = pki.RSA2048
		s.Server.MaxVersion, s.Server.CipherSuites = scenario.TLS12, []string{"TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"}
	}},
	// No Subject Alternative Names and a Common Name that is not the dialled
	// name either: the clients that fall back to it refuse too.
	{"cn-only-other-name", "cn-only", func(s *scenario.Scenario) { s.Spec(scenario.Leaf).CommonName = "other.example" }},
	// A CA whose key usage leaves out keyCertSign: OpenSSL's "invalid CA
	// certificate", Node's last error its own.
	{"ca-key-usage", "verify-true", func(s *scenario.Scenario) {
		s.Spec(scenario.Intermediate).KeyUsage = []string{pki.KUDigitalSignature}
	}},
	// A bank that takes only X25519MLKEM768: the classic courier is refused,
	// and so is every OpenSSL-based client while Go's default courier gets in.
	{"pq-only-bank", "pq-bank-classic-courier", pqOnly},
	{"pq-only-bank-go-courier", "verify-true", pqOnly},
	// A courier left at its defaults wants TLS 1.2 at least: every client
	// offers 1.2 and 1.3, and the TLS 1.0 bank answers with an alert.
	{"tls10-bank-default-courier", "tls10-bank", func(s *scenario.Scenario) { s.Client.MinVersion = "" }},
	{"tls11-bank-default-courier", "tls11-bank", func(s *scenario.Scenario) { s.Client.MinVersion = "" }},
	// Which bundle each client reads: the company's root named by one
	// variable at a time, read by the clients that read it.
	{"env-trust-env-off", "env-bundle-overrides-session", func(s *scenario.Scenario) { s.Client.Session.TrustEnv = new(bool) }},
	{"env-curl-ca-bundle", "internal-ca-default-bundle", companyVar(scenario.EnvCurlCABundle)},
	{"env-ssl-cert-file", "internal-ca-default-bundle", companyVar(scenario.EnvSSLCertFile)},
	{"env-ssl-cert-dir", "internal-ca-default-bundle", companyVar(scenario.EnvSSLCertDir)},
	{"env-node-extra-ca-certs", "internal-ca-default-bundle", companyVar(scenario.EnvNodeExtraCACerts)},
	// Told to check revocation, every client refuses what it lets through by
	// default: against the CRLs (crl.pem), the staple for curl and Go.
	{"revoked-leaf-checked", "revoked-leaf", checkRevocation},
	{"revoked-intermediate-checked", "revoked-intermediate", checkRevocation},
	{"revoked-leaf-checked-tls12", "revoked-leaf", all(checkRevocation, bankTLS12)},
	// Checking, with nothing revoked: every client still connects.
	{"revocation-checked-good", "revoked-leaf", func(s *scenario.Scenario) {
		checkRevocation(s)
		s.Spec(scenario.Leaf).Revoked = false
	}},
	// The same against a bank that staples no OCSP response, as most do not:
	// curl told --cert-status would fail, "(91) No OCSP response received",
	// so its call checks the CRLs alone (review 19), and connects; revoked,
	// the CRLs alone refuse it.
	{"revocation-checked-good-no-staple", "revoked-leaf", func(s *scenario.Scenario) {
		checkRevocation(s)
		s.Spec(scenario.Leaf).Revoked, s.Server.StapleOCSP = false, false
	}},
	{"revoked-leaf-checked-no-staple", "revoked-leaf", all(checkRevocation, noStaple)},
	{"revoked-intermediate-checked-no-staple", "revoked-intermediate", all(checkRevocation, noStaple)},
	// A bank signing with another certificate's key: which check OpenSSL
	// fails first depends on the two keys and the version (explain's
	// wrongKeyFailure).
	{"server-wrong-key-tls12", "server-wrong-key", func(s *scenario.Scenario) { s.Server.MaxVersion = scenario.TLS12 }},
	{"server-wrong-key-root", "verify-true", func(s *scenario.Scenario) { s.Server.Key = scenario.Root }},
	// verify=False checks the signature all the same. The machine's store
	// holds the public root, as in the world the story plays: s_client,
	// told to verify nothing, still reports the chain it verified.
	{"server-wrong-key-verify-false", "server-wrong-key", func(s *scenario.Scenario) {
		s.Client.Verify, s.Client.OSStore = scenario.VerifyFalse, []string{scenario.Root}
	}},
	{"server-wrong-key-rsa", "server-wrong-key", otherSiteKey(pki.RSA2048, "")},
	{"server-wrong-key-rsa-tls12", "server-wrong-key", otherSiteKey(pki.RSA2048, scenario.TLS12)},
	{"server-wrong-key-p384", "server-wrong-key", otherSiteKey(pki.ECDSAP384, "")},
	{"server-wrong-key-p384-tls12", "server-wrong-key", otherSiteKey(pki.ECDSAP384, scenario.TLS12)},
	{"server-wrong-key-ed25519-tls12", "server-wrong-key", otherSiteKey(pki.Ed25519, scenario.TLS12)},
	{"server-wrong-key-rsa-larger", "server-wrong-key", func(s *scenario.Scenario) {
		s.Spec(scenario.Leaf).Key = pki.RSA2048
		otherSiteKey(pki.RSA3072, "")(s)
	}},
	// The chain is checked before the signature: a client whose bundle
	// lacks the root, or that refuses the leaf's RSA-1024 key, says so
	// instead; Node judges the chain after the handshake, and reports the
	// signature.
	// Every other pairing the editor lets a person choose: the leaf's key
	// type, the other site's, the version.
	{"server-wrong-key-p384-leaf-tls12", "server-wrong-key", wrongPair(pki.ECDSAP384, pki.ECDSAP256, scenario.TLS12)},
	{"server-wrong-key-ed25519-leaf-p256", "server-wrong-key", wrongPair(pki.Ed25519, pki.ECDSAP256, "")},
	{"server-wrong-key-ed25519-leaf-p256-tls12", "server-wrong-key", wrongPair(pki.Ed25519, pki.ECDSAP256, scenario.TLS12)},
	{"server-wrong-key-ed25519-leaf-rsa", "server-wrong-key", wrongPair(pki.Ed25519, pki.RSA2048, "")},
	{"server-wrong-key-ed25519-leaf-rsa-tls12", "server-wrong-key", wrongPair(pki.Ed25519, pki.RSA2048, scenario.TLS12)},
	{"server-wrong-key-rsa-leaf-p256", "server-wrong-key", wrongPair(pki.RSA2048, pki.ECDSAP256, "")},
	{"server-wrong-key-rsa-leaf-p256-tls12", "server-wrong-key", wrongPair(pki.RSA2048, pki.ECDSAP256, scenario.TLS12)},
	{"server-wrong-key-rsa-leaf-ed25519", "server-wrong-key", wrongPair(pki.RSA2048, pki.Ed25519, "")},
	{"server-wrong-key-rsa-leaf-ed25519-tls12", "server-wrong-key", wrongPair(pki.RSA2048, pki.Ed25519, scenario.TLS12)},
	{"server-wrong-key-ed25519", "server-wrong-key", otherSiteKey(pki.Ed25519, "")},
	{"server-wrong-key-p384-leaf", "server-wrong-key", wrongPair(pki.ECDSAP384, pki.ECDSAP256, "")},
	{"server-wrong-key-rsa-larger-tls12", "server-wrong-key", wrongPair(pki.RSA2048, pki.RSA3072, scenario.TLS12)},
	{"server-wrong-key-rsa-smaller-tls13", "server-wrong-key", wrongPair(pki.RSA3072, pki.RSA2048, "")},
	{"server-wrong-key-requests-bundle", "internal-ca-default-bundle", func(s *scenario.Scenario) {
		companyVar(scenario.EnvRequestsCABundle)(s)
		s.Server.Key = scenario.Root
	}},
	{"server-wrong-key-rsa1024", "server-wrong-key", func(s *scenario.Scenario) {
		s.Spec(scenario.Leaf).Key = pki.RSA1024
		otherSiteKey(pki.RSA1024, "")(s)
	}},
	// The RSA code's words depend on the signature's salt: the prediction
	// carries both (also).
	{"server-wrong-key-rsa-smaller", "server-wrong-key", func(s *scenario.Scenario) {
		s.Spec(scenario.Leaf).Key = pki.RSA3072
		otherSiteKey(pki.RSA2048, scenario.TLS12)(s)
	}},
	// A name dialled with its trailing dot (a fully qualified one): Go,
	// requests and curl leave the dot out of SNI and of the name they match;
	// s_client and Node send it in SNI, and the Go bank refuses the
	// ClientHello (decode_error).
	{"trailing-dot", "verify-true", trailingDot},
	{"trailing-dot-hostname-mismatch", "hostname-mismatch", trailingDot},
	// The bank choosing by SNI takes the name without its dot for its own.
	{"trailing-dot-sni-by-name", "sni-default-certificate", func(s *scenario.Scenario) { s.Client.Dial = scenario.ServerHost + "." }},
	// The bank's name only in its Common Name, and an expired badge: Go
	// refuses the name, curl, openssl, Node and urllib3 1.26 take it, show
	// the badge, and the bank refuses that (the cure's replay, Set.Cure).
	// So for every badge the bank refuses, in both versions.
	{"mtls-expired-client-cn-only", "mtls-expired-client", cnOnly},
	{"mtls-expired-client-cn-only-tls12", "mtls-expired-client", all(cnOnly, bankTLS12)},
	{"mtls-not-yet-valid-client-cn-only", "mtls-expired-client", func(s *scenario.Scenario) {
		cnOnly(s)
		s.Spec(scenario.BadgeName).NotBefore, s.Spec(scenario.BadgeName).NotAfter = 7, 365
	}},
	{"mtls-wrong-ca-cn-only", "mtls-wrong-ca", cnOnly},
	{"mtls-wrong-ca-cn-only-tls12", "mtls-wrong-ca", all(cnOnly, bankTLS12)},
	{"mtls-wrong-eku-cn-only", "mtls-wrong-eku", cnOnly},
	{"mtls-wrong-eku-cn-only-tls12", "mtls-wrong-eku", all(cnOnly, bankTLS12)},
	{"mtls-no-cert-cn-only", "mtls-no-cert", cnOnly},
	{"mtls-no-cert-cn-only-tls12", "mtls-no-cert", all(cnOnly, bankTLS12)},
	{"mtls-expired-client-ca-cn-only", "mtls-ok", all(cnOnly, expiredClientCA)},
	{"mtls-expired-client-ca-cn-only-tls12", "mtls-ok", all(cnOnly, expiredClientCA, bankTLS12)},
	{"badge-optional-wrong-ca-cn-only", "badge-optional", all(cnOnly, badBadge)},
	// In TLS 1.2 the bank refuses an expired badge within the handshake, and
	// curl blames its own check of the bank (exit 60).
	{"mtls-expired-client-tls12", "mtls-expired-client", bankTLS12},
	{"mtls-wrong-eku-tls12", "mtls-wrong-eku", bankTLS12},
	// Past the Common Name, the clients meet what else Go found wrong with
	// the bank's chain, before any badge: as OpenSSL orders it, the first
	// for requests, curl and s_client, the last for Node.
	{"cn-only-untrusted-root", "cn-only", untrustedRoot},
	{"cn-only-missing-intermediate", "cn-only", func(s *scenario.Scenario) { s.Server.Send = []string{scenario.Leaf} }},
	{"cn-only-expired-intermediate", "cn-only", func(s *scenario.Scenario) { s.Spec(scenario.Intermediate).NotAfter = -1 }},
	{"cn-only-wrong-eku", "cn-only", func(s *scenario.Scenario) { s.Spec(scenario.Leaf).ExtKeyUsage = []string{pki.EKUClientAuth} }},
	{"cn-only-sha1", "cn-only", func(s *scenario.Scenario) { s.Spec(scenario.Leaf).Hash = pki.SHA1 }},
	{"cn-only-not-a-ca", "cn-only", func(s *scenario.Scenario) { notACA(s.Spec(scenario.Intermediate)) }},
	{"cn-only-untrusted-root-wrong-eku", "cn-only", func(s *scenario.Scenario) {
		untrustedRoot(s)
		s.Spec(scenario.Leaf).ExtKeyUsage = []string{pki.EKUClientAuth}
	}},
	{"mtls-expired-client-cn-only-untrusted-root", "mtls-expired-client", all(cnOnly, untrustedRoot)},
	// Past the Common Name they run what Go's handshake never reached: the
	// bank's signature (the cure's replay) and a revocation check they were
	// told to make; OpenSSL's refusal of an RSA-1024 key comes first.
	{"cn-only-server-wrong-key", "cn-only", func(s *scenario.Scenario) { s.Server.Key = scenario.Root }},
	{"cn-only-revoked-checked", "revoked-leaf", all(cnOnly, checkRevocation)},
	{"cn-only-weak-key", "cn-only", func(s *scenario.Scenario) { s.Spec(scenario.Leaf).Key = pki.RSA1024 }},
	// Go checks the bank's certificate's own dates, then the name, then the
	// chain; OpenSSL the chain first, the name (s_client, urllib3 2) before
	// the signatures and dates, or (curl, urllib3 1.26, Node) after all.
	{"hostname-mismatch-untrusted-root", "hostname-mismatch", untrustedRoot},
	{"hostname-mismatch-expired-intermediate", "hostname-mismatch", func(s *scenario.Scenario) { s.Spec(scenario.Intermediate).NotAfter = -1 }},
	{"hostname-mismatch-expired", "hostname-mismatch", expiredLeaf},
	// curl, urllib3 1.26 and Node check the name once the handshake is
	// done: they meet first what the bank does within it, its signature
	// with another key and, in TLS 1.2, its refusal of the badge.
	{"hostname-mismatch-server-wrong-key", "hostname-mismatch", func(s *scenario.Scenario) { s.Server.Key = scenario.Root }},
	{"mtls-expired-client-other-name-tls12", "mtls-expired-client", all(otherName, bankTLS12)},
	{"mtls-no-cert-other-name-tls12", "mtls-no-cert", all(otherName, bankTLS12)},
	{"mtls-expired-client-other-name", "mtls-expired-client", otherName},
	{"cn-only-expired", "cn-only", expiredLeaf},
	// OpenSSL refuses an RSA-1024 key before the dates; it checks a name in
	// the Common Name alone against the name constraints; a root the bank
	// sends and nobody trusts.
	{"expired-weak-key", "expired", func(s *scenario.Scenario) { s.Spec(scenario.Leaf).Key = pki.RSA1024 }},
	// The bank's own RSA-1024 key OpenSSL refuses before it builds the
	// chain, and the courier judges it before the bank its badge.
	{"untrusted-root-weak-leaf", "untrusted-root", weakLeaf},
	{"missing-intermediate-weak-leaf", "missing-intermediate", weakLeaf},
	{"mtls-expired-client-weak-leaf", "mtls-expired-client", weakLeaf},
	{"mtls-expired-client-cn-only-weak-leaf", "mtls-expired-client", all(cnOnly, weakLeaf)},
	{"cn-only-name-constraints", "cn-only", func(s *scenario.Scenario) { s.Spec(scenario.Intermediate).PermittedDNS = []string{".corp.example"} }},
	{"cn-only-untrusted-self-sent-root", "cn-only", func(s *scenario.Scenario) {
		untrustedRoot(s)
		s.Server.Send = []string{scenario.Leaf, scenario.Intermediate, scenario.Root}
	}},
	// requests reads curl's CURL_CA_BUNDLE too: the clients that do not
	// refuse the company's chain before the bank refuses the badge (Node
	// only in TLS 1.3, where the refusal comes on its first read), or before
	// the name Go refuses first.
	{"env-curl-ca-bundle-expired-badge", "internal-ca-default-bundle", all(companyVar(scenario.EnvCurlCABundle), expiredBadge)},
	{"env-curl-ca-bundle-expired-badge-tls12", "internal-ca-default-bundle", all(companyVar(scenario.EnvCurlCABundle), expiredBadge, bankTLS12)},
	{"env-curl-ca-bundle-cn-only", "internal-ca-default-bundle", all(companyVar(scenario.EnvCurlCABundle), cnOnly)},
	// Node loads a badge without its key and shows none: it meets the
	// courier's checks of the bank (in TLS 1.3 before the bank's refusal of
	// a badge-less courier), never the bank's of the badge.
	{"mtls-cert-without-key-optional-expired", "mtls-cert-without-key", all(badgeIfShown, func(s *scenario.Scenario) {
		s.Spec(scenario.BadgeName).NotBefore, s.Spec(scenario.BadgeName).NotAfter = -372, -7
	})},
	{"mtls-cert-without-key-expired-bank", "mtls-cert-without-key", expiredLeaf},
	{"mtls-cert-without-key-expired-bank-tls12", "mtls-cert-without-key", all(expiredLeaf, bankTLS12)},
	{"mtls-cert-without-key-optional-expired-bank", "mtls-cert-without-key", all(expiredLeaf, badgeIfShown)},
	// A badge OpenSSL refuses as the program loads it, before any
	// connection: signed with SHA-1 ("ca md too weak", Node's OpenSSL too),
	// an RSA-1024 key ("ee key too small" at Debian's security level 2,
	// which Node's level 1 loads). Its issuer's key is not checked there.
	// urllib3 looks for an encrypted key first, s_client reads the key
	// first; curl and Node load the certificate first.
	{"mtls-badge-sha1", "mtls-ok", sha1Badge},
	{"mtls-badge-sha1-tls12", "mtls-ok", all(sha1Badge, bankTLS12)},
	{"mtls-badge-rsa1024", "mtls-ok", weakBadge},
	{"mtls-badge-rsa1024-sha1", "mtls-ok", all(weakBadge, sha1Badge)},
	{"mtls-badge-rsa1024-verify-false", "mtls-ok", all(weakBadge, func(s *scenario.Scenario) { s.Client.Verify = scenario.VerifyFalse })},
	{"mtls-badge-rsa1024-untrusted-root", "mtls-ok", all(weakBadge, untrustedRoot)},
	// Past the badge, the bank's own RSA-1024 key, the bank's to reissue.
	{"mtls-badge-rsa1024-weak-leaf", "mtls-ok", all(weakBadge, weakLeaf)},
	{"mtls-badge-ca-rsa1024", "mtls-ok", func(s *scenario.Scenario) { s.Spec(scenario.ClientCA).Key = pki.RSA1024 }},
	{"mtls-expired-client-sha1", "mtls-expired-client", sha1Badge},
	// Out of date and refused at load: the one reissue, valid from today,
	// cures both (TestPastCured runs its fixed/).
	{"mtls-expired-client-rsa1024", "mtls-expired-client", weakBadge},
	{"mtls-combined-pem-sha1", "mtls-combined-pem", sha1Badge},
	{"mtls-key-mismatch-rsa1024", "mtls-key-mismatch", weakBadge},
	{"mtls-cert-without-key-sha1", "mtls-cert-without-key", sha1Badge},
	{"mtls-encrypted-key-sha1", "mtls-encrypted-key", sha1Badge},
	{"mtls-encrypted-key-rsa1024", "mtls-encrypted-key", weakBadge},
	// The bundle holds the company's issuing CA and not its root (the story
	// custom-ca-bundle-intermediate): Go takes any certificate of its pool
	// for an anchor; OpenSSL wants a self-signed one unless told
	// X509_V_FLAG_PARTIAL_CHAIN, as curl does.
	{"custom-ca-bundle-intermediate-and-root", "custom-ca-bundle", func(s *scenario.Scenario) {
		s.Client.Bundle = []string{scenario.Intermediate, scenario.Root}
	}},
	{"custom-ca-bundle-intermediate-leaf-only", "custom-ca-bundle", all(intermediateBundle, func(s *scenario.Scenario) {
		s.Server.Send = []string{scenario.Leaf}
	})},
	{"custom-ca-bundle-intermediate-expired", "custom-ca-bundle", all(intermediateBundle, func(s *scenario.Scenario) {
		s.Spec(scenario.Intermediate).NotAfter = -1
	})},
	{"custom-ca-bundle-intermediate-root-sent", "custom-ca-bundle", all(intermediateBundle, func(s *scenario.Scenario) {
		s.Server.Send = []string{scenario.Leaf, scenario.Intermediate, scenario.Root}
	})},
	// A name the certificate lacks: OpenSSL builds the chain first.
	{"custom-ca-bundle-intermediate-other-name", "custom-ca-bundle", all(intermediateBundle, func(s *scenario.Scenario) {
		s.Client.Dial = "vault2.corp.example"
	})},
	// The bundle holds the bank's own certificate, no CA (verify='server.pem',
	// a pinning attempt): Go takes it for an anchor, and so does curl
	// (X509_V_FLAG_PARTIAL_CHAIN); the other OpenSSL clients look for its
	// issuer.
	{"custom-ca-bundle-leaf", "verify-true", leafBundle},
	{"custom-ca-bundle-leaf-only-sent", "verify-true", all(leafBundle, func(s *scenario.Scenario) { s.Server.Send = []string{scenario.Leaf} })},
	{"custom-ca-bundle-leaf-and-root", "verify-true", func(s *scenario.Scenario) {
		s.Client.Verify, s.Client.Bundle = scenario.VerifyBundle, []string{scenario.Leaf, scenario.Root}
	}},
	{"custom-ca-bundle-leaf-and-intermediate", "verify-true", leafAndIssuerBundle},
	{"custom-ca-bundle-leaf-and-intermediate-only-sent", "verify-true", all(leafAndIssuerBundle, func(s *scenario.Scenario) { s.Server.Send = []string{scenario.Leaf} })},
	// The bank sends an intermediate of the same name as its issuer's, with
	// another key (a re-keyed CA): OpenSSL matches the issuer by its key
	// identifiers before any signature, and finds none.
	{"rekeyed-intermediate", "verify-true", rekeyedIntermediate},
	// The bank's ECDSA certificate may not sign (keyUsage keyEncipherment
	// alone): in TLS 1.2 OpenSSL refuses it for an ECDHE-ECDSA suite.
	{"leaf-ku-no-signature-tls12", "verify-true", all(leafKeyEncipherment, bankTLS12)},
	{"leaf-ku-no-signature", "verify-true", leafKeyEncipherment},
	// The courier capped at TLS 1.1, the bank at 1.2 at least.
	{"version-client-capped-tls11", "verify-true", func(s *scenario.Scenario) {
		s.Client.MaxVersion, s.Server.MinVersion = scenario.TLS11, scenario.TLS12
	}},
	// The same against a bank left at Go's server default minimum, TLS 1.2.
	{"version-client-capped-tls11-bank-default", "verify-true", func(s *scenario.Scenario) { s.Client.MaxVersion = scenario.TLS11 }},
	// The courier capped at TLS 1.1, the bank down to TLS 1.0: Go, Node and
	// urllib3 2 still have no version to offer; the clients on Debian's
	// OpenSSL reach TLS 1.1 and refuse the bank's SHA-1 signature.
	{"version-client-capped-tls11-bank-tls10", "verify-true", func(s *scenario.Scenario) {
		s.Client.MaxVersion, s.Server.MinVersion = scenario.TLS11, scenario.TLS10
	}},
	{"version-client-capped-tls11-bank-tls10-rsa", "verify-true", func(s *scenario.Scenario) {
		s.Spec(scenario.Leaf).Key = pki.RSA2048
		s.Client.MaxVersion, s.Server.MinVersion = scenario.TLS11, scenario.TLS10
	}},
	// The bank speaks TLS 1.0 only: the same failures, and uncapped the
	// courier would find no version there either (review 19).
	{"version-client-capped-tls11-bank-tls10-only", "verify-true", func(s *scenario.Scenario) {
		s.Client.MaxVersion, s.Server.MinVersion, s.Server.MaxVersion = scenario.TLS11, scenario.TLS10, scenario.TLS10
	}},
	// Its lowest lowered to TLS 1.0 too: Go connects at TLS 1.1, the
	// clients on OpenSSL refuse the bank's SHA-1 signature there, urllib3 2
	// has no suite for TLS 1.0 or 1.1 ("no ciphers available"); against a
	// bank of TLS 1.2 too, the cap alone is the cure.
	{"version-client-tls10-capped-tls11-bank-tls10", "verify-true", func(s *scenario.Scenario) {
		s.Client.MinVersion, s.Client.MaxVersion, s.Server.MinVersion = scenario.TLS10, scenario.TLS11, scenario.TLS10
	}},
	{"version-client-tls10-capped-tls11-bank-tls10-only", "verify-true", func(s *scenario.Scenario) {
		s.Client.MinVersion, s.Client.MaxVersion, s.Server.MinVersion, s.Server.MaxVersion = scenario.TLS10, scenario.TLS11, scenario.TLS10, scenario.TLS10
	}},
	// The suites fail Python before the certificate reaches it.
	{"expired-tls12-cbc-sha1", "expired", func(s *scenario.Scenario) {
		s.Server.MaxVersion, s.Server.CipherSuites = scenario.TLS12, []string{"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"}
	}},
}

// intermediateBundle has the courier trust the company's issuing CA alone
// (verify='ca.pem' holding it), not the root above it.
func intermediateBundle(s *scenario.Scenario) { s.Client.Bundle = []string{scenario.Intermediate} }

// leafBundle has the courier trust the bank's own certificate alone
// (verify='server.pem').
func leafBundle(s *scenario.Scenario) {
	s.Client.Verify, s.Client.Bundle = scenario.VerifyBundle, []string{scenario.Leaf}
}

// leafAndIssuerBundle has the courier trust the bank's own certificate and
// the CA that issued it, and no root.
func leafAndIssuerBundle(s *scenario.Scenario) {
	s.Client.Verify, s.Client.Bundle = scenario.VerifyBundle, []string{scenario.Leaf, scenario.Intermediate}
}

// rekeyedIntermediate has the bank send, for its issuer, a CA of the same
// name and another key, signed by the same root.
func rekeyedIntermediate(s *scenario.Scenario) {
	c := *s.Spec(scenario.Intermediate)
	c.Name = "intermediate-rekeyed"
	c.Key = pki.ECDSAP384
	s.Certs = append(s.Certs, c)
	s.Server.Send = []string{scenario.Leaf, c.Name}
}

// leafKeyEncipherment leaves digitalSignature out of the bank's key usage.
func leafKeyEncipherment(s *scenario.Scenario) {
	s.Spec(scenario.Leaf).KeyUsage = []string{pki.KUKeyEncipherment}
}

// cnOnly leaves the bank's name in its certificate's Common Name alone.
func cnOnly(s *scenario.Scenario) { s.Spec(scenario.Leaf).DNSNames = nil }

// all is the edits, one after another.
func all(edits ...func(*scenario.Scenario)) func(*scenario.Scenario) {
	return func(s *scenario.Scenario) {
		for _, e := range edits {
			e(s)
		}
	}
}

// bankTLS12 caps the bank at TLS 1.2.
func bankTLS12(s *scenario.Scenario) { s.Server.MaxVersion = scenario.TLS12 }

// badgeIfShown makes the bank check a badge only if one is shown.
func badgeIfShown(s *scenario.Scenario) { s.Server.ClientAuth = scenario.AuthVerifyIfGiven }

// expiredClientCA makes the CA the bank trusts to issue badges one that
// expired yesterday.
func expiredClientCA(s *scenario.Scenario) { s.Spec(scenario.ClientCA).NotAfter = -1 }

// expiredBadge gives the courier a badge (GiveBadge) that expired a week
// ago.
func expiredBadge(s *scenario.Scenario) {
	scenario.GiveBadge(s)
	s.Spec(s.Client.Badge).NotBefore, s.Spec(s.Client.Badge).NotAfter = -372, -7
}

// untrustedRoot makes the bank's root one nobody trusts.
func untrustedRoot(s *scenario.Scenario) { s.Spec(scenario.Root).Public = false }

func weakLeaf(s *scenario.Scenario) { s.Spec(scenario.Leaf).Key = pki.RSA1024 }

// weakBadge gives the courier's badge an RSA-1024 key.
func weakBadge(s *scenario.Scenario) { s.Spec(scenario.BadgeName).Key = pki.RSA1024 }

// sha1Badge has the badge's issuer sign it with SHA-1.
func sha1Badge(s *scenario.Scenario) { s.Spec(scenario.BadgeName).Hash = pki.SHA1 }

// otherName has the courier dial www.bank.example, a name the bank's
// certificate does not list.
func otherName(s *scenario.Scenario) {
	s.Spec(scenario.Leaf).DNSNames = []string{"bank.example"}
	s.Client.Dial = "www.bank.example"
}

// expiredLeaf makes the bank's certificate one that expired yesterday.
func expiredLeaf(s *scenario.Scenario) {
	s.Spec(scenario.Leaf).NotBefore, s.Spec(scenario.Leaf).NotAfter = -90, -1
}

// notACA makes the certificate no CA (basicConstraints CA:FALSE).
func notACA(c *pki.Spec) { c.IsCA, c.MaxPathLen = false, nil }

func checkRevocation(s *scenario.Scenario) { s.Client.CheckRevocation = true }

// noStaple has the bank staple no OCSP response.
func noStaple(s *scenario.Scenario) { s.Server.StapleOCSP = false }

// trailingDot dials the story's name with the dot a fully qualified name ends
// in.
func trailingDot(s *scenario.Scenario) { s.Client.Dial += "." }

// otherSiteKey gives the other site's certificate, whose key the bank holds, a
// key of type k, and caps the bank at version v ("" for none).
func otherSiteKey(k pki.KeyType, v scenario.Version) func(*scenario.Scenario) {
	return func(s *scenario.Scenario) {
		s.Spec(scenario.OtherSiteLeaf).Key = k
		s.Server.MaxVersion = v
	}
}

// wrongPair gives the bank's certificate a key of type leaf and the other
// site's, whose key the bank holds, one of type key, and caps the bank at
// version v ("" for none).
func wrongPair(leaf, key pki.KeyType, v scenario.Version) func(*scenario.Scenario) {
	return func(s *scenario.Scenario) {
		s.Spec(scenario.Leaf).Key = leaf
		otherSiteKey(key, v)(s)
	}
}

// checkClients runs every client and compares it with the prediction for the
// set's trace (and what its cure's replay refused next). It returns what each
// client said, masked, and as it was.
func checkClients(t *testing.T, set *export.Set, r Run) (got, raw map[string]Observed) {
	t.Helper()
	return checkSome(t, set, r, sortedKeys(Runners))
}

// predicted are the clients' verdicts on the set's story as the page
// predicts them: with what the cure's replay found (ClientsThen).
func predicted(set *export.Set) map[string]explain.ClientVerdict {
	var next *handshake.Trace
	if set.Cure != nil {
		next = set.Cure.Next
	}
	return explain.ClientsThen(set.Trace, next)
}

// checkSome is checkClients with the named clients only.
func checkSome(t *testing.T, set *export.Set, r Run, clients []string) (got, raw map[string]Observed) {
	t.Helper()
	want := predicted(set)
	got, raw = map[string]Observed{}, map[string]Observed{}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, client := range clients {
		o, err := Runners[client](ctx, r)
		if err != nil {
			t.Errorf("%s: %v", client, err)
			continue
		}
		raw[client] = o
		o.Message = Mask(o.Message, r.Port)
		got[client] = o
		p := want[client]
		if !printsAsPredicted(o, p, true) {
			t.Errorf("%s: real client and prediction differ\n  real:      ok=%v class=%q\n             %s\n  predicted: ok=%v class=%q\n             %s",
				client, o.OK, o.Class, o.Message, p.OK, p.Class, p.Message)
		}
		if client != explain.Node {
			continue
		}
		// The kit's client.js, run as a person runs it, prints the same.
		k, err := runKitNode(ctx, r)
		if err != nil {
			t.Errorf("the kit's client.js: %v", err)
			continue
		}
		if k.Message = Mask(k.Message, r.Port); !printsAsPredicted(k, p, true) {
			t.Errorf("the kit's client.js and the prediction differ\n  real:      ok=%v class=%q\n             %s\n  predicted: ok=%v class=%q\n             %s",
				k.OK, k.Class, k.Message, p.OK, p.Class, p.Message)
		}
	}
	return got, raw
}

// printsAsPredicted reports whether a real client's outcome (its message
// masked) is explain's prediction p: its message and, with class, its class;
// or the message p says the client prints by chance (p.Also, whose class is
// the message's own).
func printsAsPredicted(o Observed, p explain.ClientVerdict, class bool) bool {
	if o.OK != p.OK {
		return false
	}
	if p.Also != "" && o.Message == p.Also {
		return true
	}
	return o.Message == p.Message && (!class || o.Class == p.Class)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// writeObserved records what the real clients said, and shows what changed since
// the last record, for review.
func writeObserved(t *testing.T, observed map[string]map[string]Observed) {
	// Go's messages carry the clock, which the proof sets to the moment it runs:
	// the record leaves it out so that only what the clients say shows in a diff.
	for _, cs := range observed {
		for k, o := range cs {
			o.Message = timestamp.ReplaceAllString(o.Message, "{time}")
			cs[k] = o
		}
	}
	js, err := json.MarshalIndent(observed, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	js = append(js, '\n')
	old, err := os.ReadFile(observedFile)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if bytes.Equal(old, js) {
		t.Logf("%s unchanged", observedFile)
		return
	}
	prev := filepath.Join(t.TempDir(), "observed.json")
	if err := os.WriteFile(prev, old, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(observedFile), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(observedFile, js, 0o644); err != nil {
		t.Fatal(err)
	}
	// git diff --no-index exits 1 when the files differ: the output is the point.
	diff, _ := exec.Command("git", "diff", "--no-index", "--no-color", "--", prev, observedFile).CombinedOutput()
	t.Logf("%s rewritten; what the real clients say differently now:\n%s", observedFile, diff)
}

// pqOnly makes the bank take the post-quantum hybrid only.
func pqOnly(s *scenario.Scenario) { s.Server.Groups = []scenario.Group{scenario.X25519MLKEM768} }

// companyVar sets the variable to a bundle holding the company's root.
func companyVar(name string) func(*scenario.Scenario) {
	return func(s *scenario.Scenario) {
		s.Client.Env = []scenario.EnvVar{{Name: name, Path: "company", Certs: []string{scenario.Root}}}
		if name != scenario.EnvSSLCertDir {
			s.Client.Env[0].Path = "company-ca.pem"
		}
	}
}

// badBadge hands the courier a badge from an office the bank does not know.
func badBadge(s *scenario.Scenario) {
	s.Certs = append(s.Certs, pki.Spec{Name: "other-ca", CommonName: "Other Company Badge CA", Organization: "Other Company",
		NotBefore: -730, NotAfter: 1825, Key: pki.ECDSAP256, IsCA: true, KeyUsage: []string{pki.KUCertSign}})
	s.Client.Cert, s.Client.Badge = scenario.CertTuple, scenario.BadgeName
	s.Spec(scenario.BadgeName).Issuer = "other-ca"
}
