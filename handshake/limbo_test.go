package handshake_test

import (
	"context"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/internal/testtool"
)

// limboCase is one case of x509-limbo's limbo.json (testdata/limbo), the
// fields a SERVER validation reads.
type limboCase struct {
	ID             string     `json:"id"`
	Features       []string   `json:"features"`
	Kind           string     `json:"validation_kind"`
	Trusted        []string   `json:"trusted_certs"`
	Intermediates  []string   `json:"untrusted_intermediates"`
	Peer           string     `json:"peer_certificate"`
	Time           *time.Time `json:"validation_time"`
	KeyUsage       []string   `json:"key_usage"`
	ExtKeyUsage    []string   `json:"extended_key_usage"`
	Expected       string     `json:"expected_result"`
	PeerName       *limboName `json:"expected_peer_name"`
	PeerNames      []limboName
	MaxChainDepth  *int `json:"max_chain_depth"`
	SignatureAlgos []string
}

type limboName struct{ Kind, Value string }

func limboCases(t *testing.T) []limboCase {
	t.Helper()
	b, err := os.ReadFile("testdata/limbo/limbo.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct{ Testcases []limboCase }
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Testcases
}

// goVerdict is Go's own verdict on a case, as a Go TLS client reaches it:
// every certificate the server sent parsed (one that does not parse fails
// the handshake), the trust store as x509.CertPool.AppendCertsFromPEM fills
// it (what Go cannot read is left out), then x509.Verify.
func goVerdict(c limboCase, now time.Time, usages []x509.ExtKeyUsage) error {
	sent := append([]string{c.Peer}, c.Intermediates...)
	var certs []*x509.Certificate
	for _, s := range sent {
		b, _ := pem.Decode([]byte(s))
		cert, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			return err
		}
		certs = append(certs, cert)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM([]byte(strings.Join(c.Trusted, "")))
	opts := x509.VerifyOptions{Roots: roots, Intermediates: x509.NewCertPool(), DNSName: c.PeerName.Value, CurrentTime: now, KeyUsages: usages}
	for _, ic := range certs[1:] {
		opts.Intermediates.AddCert(ic)
	}
	_, err := certs[0].Verify(opts)
	return err
}

// Every SERVER case of x509-limbo goes through the inspection: its verdict is
// Go's own; every failure has a named reason and the failed check that
// explains it; every success has no failed check; and wherever Go's verdict
// is not the one the case expects, an advisory check says which rule of
// which specification Go departs from.
func TestLimbo(t *testing.T) {
	var agree, deviations, failures, twins int
	reasons := map[string]int{}
	noTwin := map[string][]string{}
	for _, c := range limboCases(t) {
		t.Run(c.ID, func(t *testing.T) {
			if c.Kind != "SERVER" {
				t.Fatalf("validation kind %s: the inspection verifies what a server sends", c.Kind)
			}
			if c.PeerName == nil || c.PeerName.Kind != "DNS" && c.PeerName.Kind != "IP" || len(c.PeerNames) > 0 || len(c.SignatureAlgos) > 0 {
				t.Fatalf("a case field the inspection does not model: name %+v, names %v, signature algorithms %v", c.PeerName, c.PeerNames, c.SignatureAlgos)
			}
			// The inspection verifies for serverAuth, Go's default, which is
			// what the cases ask when they ask anything.
			usages := []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
			for _, u := range c.ExtKeyUsage {
				if u != "serverAuth" {
					t.Fatalf("extended key usage %s: the inspection verifies a server (serverAuth)", u)
				}
			}
			now := time.Now()
			if c.Time != nil {
				now = *c.Time
			}
			ins, err := handshake.Inspect(handshake.ChainInput{
				Chain: []byte(c.Peer + strings.Join(c.Intermediates, "")),
				Roots: []byte(strings.Join(c.Trusted, "")),
				Name:  c.PeerName.Value, Now: now, MaxIntermediates: c.MaxChainDepth,
			})
			if err != nil {
				t.Fatalf("Inspect: %v", err)
			}
			goErr := goVerdict(c, now, usages)
			o := ins.Trace.Outcome
			if o.OK != (goErr == nil) {
				t.Fatalf("ok = %v, Go's own Verify says %v", o.OK, goErr)
			}
			agree++
			var failed []string
			for _, st := range ins.Trace.Steps {
				if st.Kind == handshake.KindCheck && !st.Advisory && st.OK != nil && !*st.OK {
					failed = append(failed, fmt.Sprintf("%s (%s: %s)", st.Name, st.Reason, st.Detail))
				}
			}
			if o.OK {
				if o.Reason != handshake.OK || len(failed) > 0 {
					t.Errorf("Go verifies it, yet reason %s and failed checks %v", o.Reason, failed)
				}
			} else {
				failures++
				reasons[o.Reason.String()]++
				if o.Check < 0 || o.Check >= len(ins.Trace.Steps) || ins.Trace.Steps[o.Check].Reason == nil || *ins.Trace.Steps[o.Check].Reason != o.Reason {
					t.Errorf("reason %s without a failed check of that reason (Go: %v; failed: %v)", o.Reason, goErr, failed)
				}
				if slices.Contains([]handshake.Reason{handshake.HandshakeFailure, handshake.Timeout, handshake.NoCertificate}, o.Reason) {
					t.Errorf("generic reason %s (Go: %v)", o.Reason, goErr)
				}
			}
			e := explain.Explain(ins.Trace)
			if e.Reason != o.Reason.String() || e.Headline == "" || e.Technical == "" || e.Fix.Summary == "" || strings.ContainsAny(e.Headline+e.Technical+e.Fix.Summary, "{}") {
				t.Errorf("explanation %+v", e)
			}
			// The twin, crafted with the playground's keys and played for real,
			// gets the same verdict; or the case says why it has none.
			twin, err := ins.Twin()
			var te *handshake.TwinError
			switch {
			case errors.As(err, &te):
				noTwin[te.Missing[0]] = append(noTwin[te.Missing[0]], c.ID)
			case err != nil:
				t.Errorf("twin: %v", err)
			default:
				tr, err := handshake.Run(context.Background(), twin.Scenario)
				if err != nil {
					t.Fatalf("the twin does not play: %v", err)
				}
				if tr.Outcome.OK != o.OK || tr.Outcome.Reason != o.Reason {
					t.Errorf("the twin: ok=%v %s (%s); the pasted chain: ok=%v %s", tr.Outcome.OK, tr.Outcome.Reason, tr.Outcome.Detail, o.OK, o.Reason)
				}
				twins++
			}
			if expected := c.Expected == "SUCCESS"; expected != o.OK {
				deviations++
				if len(e.Standards) == 0 {
					t.Errorf("Go says ok=%v, the case expects %s, and no check says what the specification asks (features %v)", o.OK, c.Expected, c.Features)
				}
			}
		})
	}
	var used []string
	for r, n := range reasons {
		used = append(used, fmt.Sprintf("%s %d", r, n))
	}
	sort.Strings(used)
	t.Logf("x509-limbo: %d cases agree with Go's own Verify; %d fail with a named reason (%s); %d differ from the case's expected result, each with its specification note",
		agree, failures, strings.Join(used, ", "), deviations)
	var why []string
	for m, ids := range noTwin {
		why = append(why, fmt.Sprintf("%d: %s (%s)", len(ids), m, strings.Join(ids, ", ")))
	}
	sort.Strings(why)
	t.Logf("%d twins played with the pasted chain's verdict; no twin for %d cases:\n  %s", twins, agree-twins, strings.Join(why, "\n  "))
}

// What the inspector shows of a certificate agrees with openssl's reading of
// it: the fingerprints, the key identifiers, and each embedded SCT's log, for
// the real servers' certificates of x509-limbo.
func TestCertDetailsAgreeWithOpenSSL(t *testing.T) {
	tested := 0
	for _, c := range limboCases(t) {
		if !strings.HasPrefix(c.ID, "online::") {
			continue
		}
		ins, err := handshake.Inspect(handshake.ChainInput{Chain: []byte(c.Peer + strings.Join(c.Intermediates, "")), Roots: []byte(strings.Join(c.Trusted, "")),
			Name: c.PeerName.Value, Now: *c.Time})
		if err != nil {
			t.Fatal(err)
		}
		for _, cs := range ins.Certificates[:1] {
			dir := t.TempDir()
			if err := os.WriteFile(dir+"/c.pem", []byte(cs.PEM), 0o644); err != nil {
				t.Fatal(err)
			}
			text := opensslText(t, dir, "-text", "-certopt", "no_pubkey,no_sigdump", "-fingerprint", "-sha256")
			fp256, fp1 := text, opensslText(t, dir, "-fingerprint", "-sha1")
			if !strings.Contains(fp256, colons(cs.SHA256)) || !strings.Contains(fp1, colons(cs.SHA1)) {
				t.Errorf("%s: fingerprints %s %s, openssl %s %s", cs.Subject, cs.SHA256, cs.SHA1, fp256, fp1)
			}
			if cs.SubjectKeyID != "" && !strings.Contains(text, cs.SubjectKeyID) {
				t.Errorf("%s: subject key id %s not in openssl's reading", cs.Subject, cs.SubjectKeyID)
			}
			// openssl writes each log ID over two lines of colon hex.
			flat := strings.Join(strings.Fields(text), "")
			if got, want := len(cs.SCTs), strings.Count(text, "Signed Certificate Timestamp:"); got != want {
				t.Errorf("%s: %d SCTs, openssl reads %d", cs.Subject, got, want)
			}
			for _, sct := range cs.SCTs {
				id, err := base64.StdEncoding.DecodeString(sct.LogID)
				if err != nil || !strings.Contains(flat, "LogID:"+strings.ToUpper(colons(hex.EncodeToString(id)))) {
					t.Errorf("%s: SCT log %s not in openssl's reading", cs.Subject, sct.LogID)
				}
			}
			tested += len(cs.SCTs)
		}
	}
	if tested == 0 {
		t.Fatal("no SCT compared")
	}
}

func opensslText(t *testing.T, dir string, args ...string) string {
	out, err := testtool.Run(t, dir, "openssl", append([]string{"x509", "-noout", "-in", "c.pem"}, args...)...)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// colons writes hex as openssl's fingerprints do: "AB:CD:…".
func colons(h string) string {
	var pairs []string
	for i := 0; i+1 < len(h); i += 2 {
		pairs = append(pairs, strings.ToUpper(h[i:i+2]))
	}
	return strings.Join(pairs, ":")
}
