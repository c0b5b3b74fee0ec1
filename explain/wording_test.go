package explain

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/scenario"
)

// The words follow the trace: verify=False says what verification would refuse
// and speaks of an imposter only when there is one, a date's analogy names the
// card out of date, the hostname fix dials a name one can dial, a certificate's
// names read naturally, and a success has plainly nothing to fix.
func TestWordingFollowsTheTrace(t *testing.T) {
	analogy := func(e *Explanation) string { return e.Analogy }
	technical := func(e *Explanation) string { return e.Technical }
	summary := func(e *Explanation) string { return e.Fix.Summary }
	right := func(e *Explanation) string { return e.Fix.Right }
	none := func(*scenario.Scenario) {}
	for _, c := range []struct {
		name, preset string
		edit         func(*scenario.Scenario)
		field        func(*Explanation) string
		want, not    []string
	}{
		// verify=False over a chain verification would refuse.
		{"verify=False over an expired leaf: what verify=True refuses", "verify-true", skipOverExpiredLeaf, technical,
			[]string{"verify=True would refuse this certificate, because a certificate in the chain has expired (bank.example is valid now: expired"}, []string{"imposter"}},
		{"verify=False over an expired leaf: the fix waits for the renewal", "verify-true", skipOverExpiredLeaf, summary,
			[]string{"Verification then refuses the bank's certificate because a certificate in the chain has expired: the call fails until that is fixed. Renew bank.example:"},
			[]string{"imposter", "which is the point"}},
		{"verify=False over a sound chain", "verify-true", func(s *scenario.Scenario) { s.Client.Verify = scenario.VerifyFalse }, summary,
			[]string{"passes every check verify=True makes"}, []string{"imposter", "fails"}},
		{"verify=False over a sound chain: the checks pass", "verify-true", func(s *scenario.Scenario) { s.Client.Verify = scenario.VerifyFalse }, technical,
			[]string{"all of them pass: verify=True would accept this certificate"}, []string{"imposter"}},
		{"verify=False and an imposter: refusing is the point", "verify-false-mitm", none, summary,
			[]string{"Against the imposter the call then fails, which is the point"}, nil},
		{"verify=False and an imposter: what refuses it", "verify-false-mitm", none, technical,
			[]string{"verify=True would refuse the imposter's certificate (chain ends at a trusted root:"}, nil},

		// The analogy of a date names the card out of date.
		{"expired leaf", "expired", none, analogy, []string{"the bank's own"}, []string{"letter", "charter"}},
		{"expired intermediate", "expired-intermediate", none, analogy,
			[]string{"The bank's own ID card is in date, but the letter from the issuing office that vouches for it has expired."}, []string{"properly signed"}},
		{"expired root", "verify-true", func(s *scenario.Scenario) { s.Spec(scenario.Root).NotAfter = -1 }, analogy,
			[]string{"the charter of the office at the top of the chain has expired"}, []string{"properly signed"}},
		{"leaf not yet valid", "not-yet-valid", none, analogy, []string{"The bank's own ID card only becomes valid"}, []string{"letter"}},
		{"intermediate not yet valid", "verify-true", func(s *scenario.Scenario) { s.Spec(scenario.Intermediate).NotBefore = 1 }, analogy,
			[]string{"the letter from the issuing office that vouches for it only becomes valid on a later date"}, nil},

		// A bank that does not verify badges lets a failing one through: said.
		{"a lenient bank: what went through", "mtls-expired-client", lenientServer, technical,
			[]string{"The bank asks for a badge but does not verify it: the courier's went through although this check fails: courier-42 is valid now"}, nil},
		{"a lenient bank: the fix says so", "mtls-expired-client", lenientServer, summary,
			[]string{"Nothing to fix: the connection works as it is. But the bank lets through a badge that fails its checks"}, nil},
		{"a strict bank's success has no such caveat", "mtls-ok", none, technical, nil, []string{"does not verify"}},

		// A bank with only SHA-1 CBC suites: Go connects, requests on urllib3 2 does not.
		{"only SHA-1 CBC suites: the fix says who refuses", "verify-true", func(s *scenario.Scenario) {
			s.Server.MaxVersion = scenario.TLS12
			s.Server.CipherSuites = []string{"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"}
		}, summary, []string{"Nothing to fix: the connection works as it is. But requests on urllib3 2", "give the bank an AES-GCM or ChaCha20 suite"}, nil},
		{"a GCM suite: no such caveat", "verify-true", func(s *scenario.Scenario) { s.Server.MaxVersion = scenario.TLS12 }, summary, nil, []string{"urllib3 2"}},

		// The versions the courier offered, as a range.
		{"no version in common: the courier's one version", "tls-version-mismatch", none, technical,
			[]string{"The courier offered only TLS 1.2 and"}, []string{"at most"}},
		{"no version in common: the courier offers only TLS 1.3", "tls-version-mismatch", func(s *scenario.Scenario) {
			s.Client.MinVersion, s.Client.MaxVersion = scenario.TLS13, ""
			s.Server.MinVersion, s.Server.MaxVersion = "", scenario.TLS12
		}, technical, []string{"The courier offered only TLS 1.3 and"}, []string{"at most"}},

		// The hostname fix dials a name one can dial.
		{"a wildcard one level too shallow: the name to dial", "wildcard-too-deep", none, summary,
			[]string{"such as a.bank.example"}, []string{"(*.bank.example)"}},
		{"a wildcard one level too shallow: the call that works", "wildcard-too-deep", none, right,
			[]string{`requests.get("https://a.bank.example/vault")`}, nil},
		{"a wildcard and a name outside it", "wildcard-too-deep", func(s *scenario.Scenario) { s.Client.Dial = "bank.example" }, right,
			[]string{`requests.get("https://www.bank.example/vault")`}, nil},
		{"an address to dial", "ip-mismatch", none, summary,
			[]string{"Dial an address the certificate lists (192.0.2.10), or a name it lists (bank.example) pointed at 192.0.2.20 (the hosts file's line \"192.0.2.20 bank.example\", or curl --resolve bank.example:443:192.0.2.20)"}, []string{"www.bank.example"}},
		{"an address dialled, a certificate of names alone: a name pointed at it", "ip-mismatch", namesAlone, summary,
			[]string{"Dial a name the certificate lists (bank.example), pointed at 192.0.2.20 (the hosts file's line \"192.0.2.20 bank.example\", or curl --resolve bank.example:443:192.0.2.20), or have the bank's certificate reissued with 192.0.2.20 among"}, []string{"Dial an address"}},
		// Dialled by address, a client sends no SNI: the server may have
		// sent its default certificate, and the site's own name be another
		// than the one it shows (nginx's default_server, checked for real).
		{"an address dialled, a certificate of names alone: no SNI", "ip-mismatch", namesAlone, summary,
			[]string{"an IP address dialled sends no SNI", "its default certificate", "the name the server expects in SNI", "sni-default-certificate story"}, nil},
		{"an address dialled, a certificate of names alone: the call that works", "ip-mismatch", namesAlone, right,
			[]string{`requests.get("https://bank.example/vault")`}, nil},

		// A certificate's names read naturally.
		{"one name", "hostname-mismatch", none, technical,
			[]string{"the certificate lists only www.bankofamerica.com."}, []string{"www.bankofamerica.com lists"}},
		{"several names, the Common Name among them", "ip-mismatch", none, technical,
			[]string{"the certificate lists bank.example, www.bank.example, 192.0.2.10."}, []string{"bank.example lists"}},
		{"several names, the Common Name not among them", "hostname-mismatch", func(s *scenario.Scenario) {
			s.Spec(scenario.Leaf).DNSNames = []string{"www.bankofamerica.com", "bankofamerica.net"}
			s.Spec(scenario.Leaf).CommonName = "Bank of America"
		}, technical, []string{"the certificate of Bank of America lists www.bankofamerica.com, bankofamerica.net."}, nil},

		// A success has nothing to fix, but for a weak key's OpenSSL clients.
		{"success", "verify-true", none, summary, []string{"Nothing to fix: the connection works as it is."}, []string{"for Go"}},
		{"success with a weak key", "weak-key-rsa1024", none, summary,
			[]string{"Nothing to fix for Go and Node, which accept the key. For the OpenSSL-based clients, reissue bank.example with an RSA-2048 or ECDSA key."}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := scenario.Lookup(c.preset).At(scenario.PresetClock)
			c.edit(s)
			tr := run(t, s)
			e, _ := checkRendered(t, tr)
			got := c.field(e)
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("%q\n  lacks %q", got, w)
				}
			}
			for _, n := range c.not {
				if strings.Contains(got, n) {
					t.Errorf("%q\n  has %q", got, n)
				}
			}
		})
	}
}

// namesAlone is ip-mismatch with a certificate that lists names and no
// address.
func namesAlone(s *scenario.Scenario) { s.Spec(scenario.Leaf).IPAddresses = nil }

// skipOverExpiredLeaf is verify-true with an expired leaf, under verify=False.
func skipOverExpiredLeaf(s *scenario.Scenario) {
	s.Spec(scenario.Leaf).NotAfter = -1
	s.Client.Verify = scenario.VerifyFalse
}

// The call the fix shows as working does work: a hostname fix dials a name
// other than the one that failed, and verify=False over a chain verification
// refuses is cured with that chain fixed too, while an imposter stays refused.
func TestFixedCallsWork(t *testing.T) {
	for _, c := range []struct {
		name, preset string
		edit         func(*scenario.Scenario)
		wantOK       bool
	}{
		{"verify=False over an expired leaf", "verify-true", skipOverExpiredLeaf, true},
		{"verify=False over an unknown CA", "internal-ca-default-bundle", func(s *scenario.Scenario) { s.Client.Verify = scenario.VerifyFalse }, true},
		{"verify=False over a name mismatch", "hostname-mismatch", func(s *scenario.Scenario) { s.Client.Verify = scenario.VerifyFalse }, true},
		{"verify=False and an imposter", "verify-false-mitm", func(*scenario.Scenario) {}, false},
		{"a wildcard one level too shallow", "wildcard-too-deep", func(*scenario.Scenario) {}, true},
		{"an address dialled, a certificate of names alone", "ip-mismatch", namesAlone, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := scenario.Lookup(c.preset).At(scenario.PresetClock)
			c.edit(s)
			tr := run(t, s)
			fix := Explain(tr).Fix
			if tr.Outcome.Reason != handshake.InsecureSkipVerify && fix.Right == fix.Wrong {
				t.Errorf("the call that works is the call as it is: %s", fix.Right)
			}
			fixed, _, ok := Fixed(tr)
			if !ok {
				t.Fatalf("no cure for %s", tr.Outcome.Reason)
			}
			if got := RequestsProgram(fixed, ""); got != fix.Right {
				t.Errorf("the cure runs %s, the fix shows %s", got, fix.Right)
			}
			after := run(t, fixed)
			if after.Outcome.OK != c.wantOK || (c.wantOK && after.Outcome.Reason != handshake.OK) {
				t.Errorf("after the fix: ok=%v %s (%s), want ok=%v", after.Outcome.OK, after.Outcome.Reason, after.Outcome.Detail, c.wantOK)
			}
		})
	}
}

func lenientServer(s *scenario.Scenario) { s.Server.ClientAuth = scenario.AuthRequest }

// A certificate with many names is summed up, not listed whole.
func TestManyNamesSummed(t *testing.T) {
	s := scenario.Lookup("verify-true").At(scenario.PresetClock)
	names := []string{scenario.ServerHost}
	for i := 1; i < 20; i++ {
		names = append(names, fmt.Sprintf("shop-%02d.hosting.example", i))
	}
	s.Spec(scenario.Leaf).DNSNames = names
	e, _ := checkRendered(t, run(t, s))
	if !strings.Contains(e.Technical, "shop-07.hosting.example and 12 more") || strings.Contains(e.Technical, "shop-08") {
		t.Errorf("technical: %s", e.Technical)
	}
}

// A mutual-TLS success names both checks; a success without a badge the bank
// verified names the courier's only.
func TestMutualSuccessWords(t *testing.T) {
	for _, tt := range []struct {
		preset string
		both   bool
	}{{"mtls-ok", true}, {"mtls-combined-pem", true}, {"badge-optional", false}, {"verify-true", false}} {
		e := Explain(run(t, scenario.Lookup(tt.preset).At(scenario.PresetClock)))
		said := strings.Contains(e.Headline, "the bank accepted the courier's badge") &&
			strings.Contains(e.Analogy, "The courier checked the bank's ID") && strings.Contains(e.Analogy, "the bank checked the courier's badge") &&
			strings.Contains(e.Technical, "The bank verified the courier's badge, courier-42")
		if said != tt.both {
			t.Errorf("%s: both checks named = %v, want %v:\n%s\n%s\n%s", tt.preset, said, tt.both, e.Headline, e.Analogy, e.Technical)
		}
	}
}

// The stories whose errors read alike are told apart by what differs in each:
// no two say the same, and each names what its bank sent.
func TestTellApartPerStory(t *testing.T) {
	seen := map[string]string{}
	for _, id := range []string{"internal-ca-default-bundle", "untrusted-root", "missing-intermediate", "self-signed", "corporate-proxy"} {
		tr := run(t, scenario.Lookup(id).At(scenario.PresetClock))
		e := Explain(tr)
		if other, ok := seen[e.TellApart]; ok {
			t.Errorf("%s and %s are told apart in the same words", id, other)
		}
		seen[e.TellApart] = id
		here := e.TellApart[strings.Index(e.TellApart, "Here "):]
		if !strings.Contains(here, newFacts(tr).vars.Sent) {
			t.Errorf("%s: what differs does not name what the bank sent (%s): %s", id, newFacts(tr).vars.Sent, here)
		}
	}
}

// A call the page shows uses only code the page shows: the TLS-version
// story's adapter is defined, with its imports and session, before its use.
func TestCallsDefineWhatTheyUse(t *testing.T) {
	for _, p := range scenario.Presets {
		fix := Explain(run(t, p.At(scenario.PresetClock))).Fix
		for _, call := range []string{fix.Wrong, fix.Right} {
			for _, name := range []struct{ use, def string }{
				{"TLSVersionAdapter(", "class TLSVersionAdapter(HTTPAdapter):"},
				{"session.", "session = requests.Session()"},
				{"ssl.TLSVersion", "import ssl"},
				{"HTTPAdapter", "from requests.adapters import HTTPAdapter"},
				{"create_urllib3_context", "from urllib3.util.ssl_ import create_urllib3_context"},
			} {
				use := strings.Index(call, name.use)
				if use < 0 {
					continue
				}
				if def := strings.Index(call, name.def); def < 0 || def > use && !strings.HasPrefix(name.def, "class ") {
					t.Errorf("%s: %q is used but not defined before:\n%s", p.ID, name.use, call)
				}
			}
		}
		if p.ID == "tls-version-mismatch" && !strings.Contains(fix.Wrong, "maximum_version=ssl.TLSVersion.TLSv1_2") {
			t.Errorf("the TLS-version story's call does not cap the version: %s", fix.Wrong)
		}
	}
}
