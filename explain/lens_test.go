package explain

import (
	"slices"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/internal/tjson"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// lensTests are the stories where a client and Go part ways, and one where
// they agree: the lens gives the client's verdict, its own reason and words,
// and one sentence on the disagreement.
var lensTests = []struct {
	preset, client string
	ok             bool
	reason         string
	fixSide        string
	says           string // in the disagreement sentence ("" : none)
}{
	{"weak-key-rsa1024", Requests, false, "weak_key", "server", "security level"},
	{"weak-key-rsa1024", Curl, false, "weak_key", "server", "security level"},
	{"weak-key-rsa1024", OpenSSL, false, "weak_key", "server", "security level"},
	{"weak-key-rsa1024", Node, true, "ok", "", ""},
	{"weak-key-rsa1024", GoNetHTTP, true, "ok", "", ""},
	{"cn-only", Curl, true, "ok", "", "Common Name"},
	{"cn-only", Requests, false, "cn_only", "server", ""},
	{"hostname-mismatch", Requests, false, "hostname_mismatch", "client", ""},
	// Go was allowed TLS 1.0; the OpenSSL clients refuse its signature, and
	// urllib3 2 has no suite for it.
	{"tls10-bank", Curl, false, "protocol_version", "server", "security level"},
	{"tls11-bank", Node, false, "protocol_version", "server", "SHA-1"},
	{"tls10-bank", Requests, false, "no_shared_cipher", "server", "SHA-1 MAC"},
	{"tls10-bank", GoNetHTTP, true, "ok", "", ""},
	// Go's courier offers the hybrid, Debian's OpenSSL clients do not.
	{"pq-bank-classic-courier", Curl, true, "ok", "", ""},
}

// presetLens is a story's verdict as client gives it, on the presets' day.
func presetLens(t *testing.T, preset, client string) Verdict {
	t.Helper()
	tr, err := handshake.Run(t.Context(), scenario.Lookup(preset).At(scenario.PresetClock))
	if err != nil {
		t.Fatal(err)
	}
	v, err := Lens(NewReport(tr), client)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestLens(t *testing.T) {
	for _, tt := range lensTests {
		v := presetLens(t, tt.preset, tt.client)
		if v.OK != tt.ok || v.Reason != tt.reason || (tt.fixSide != "" && v.Fix.Side != tt.fixSide) {
			t.Errorf("%s as %s: ok=%v reason=%s fix side %q, want ok=%v %s %q", tt.preset, tt.client, v.OK, v.Reason, v.Fix.Side, tt.ok, tt.reason, tt.fixSide)
		}
		if tt.says == "" && v.Disagree != "" || tt.says != "" && !strings.Contains(v.Disagree, tt.says) {
			t.Errorf("%s as %s: disagreement %q, want one saying %q", tt.preset, tt.client, v.Disagree, tt.says)
		}
		for _, s := range []string{v.Headline, v.Analogy, v.Technical, v.Fix.Summary, v.Disagree} {
			if m := findPlaceholders(s); len(m) > 0 {
				t.Errorf("%s as %s: placeholders %v in %q", tt.preset, tt.client, m, s)
			}
		}
	}
	if _, err := Lens(&Report{}, "requests-urllib3-1"); err == nil || !strings.Contains(err.Error(), "choose one of") {
		t.Errorf("a client not in the lens: %v", err)
	}
}

// How to tell a failure apart is said by what the person's client prints:
// requests' "Hostname mismatch" for a name only in the Common Name, not Go's
// "relies on legacy Common Name field", which a requests user never sees;
// OpenSSL's "invalid CA certificate" for an issuer that may not sign.
func TestLensTellApartInTheClientsWords(t *testing.T) {
	for _, tt := range []struct {
		preset, client, says string
	}{
		{"cn-only", Requests, `Python requests says "Hostname mismatch"`},
		{"not-a-ca", Requests, `Python requests says "invalid CA certificate": it found Playground Issuing CA 1`},
		{"not-a-ca", Curl, `curl says "invalid CA certificate"`},
		{"not-a-ca", Node, `Node.js says "unsuitable certificate purpose"`},
		{"not-a-ca", GoNetHTTP, `Go's message starts like an unknown authority`},
		{"cn-only", GoNetHTTP, `Go says "relies on legacy Common Name field"`},
		// The four causes Go words alike, three of which OpenSSL and Node
		// word apart.
		{"untrusted-root", Requests, `Python requests tells two of the four causes that read alike apart by its words: "self-signed certificate in certificate chain" is a root nobody trusts`},
		{"missing-intermediate", Node, `Node.js tells the four causes that read alike apart by its words: "unable to get local issuer certificate" is an issuer it does not know, "unable to verify the first certificate" a missing intermediate`},
		{"self-signed", GoNetHTTP, `The same error message stands for four causes`},
	} {
		v := presetLens(t, tt.preset, tt.client)
		if !strings.HasPrefix(v.TellApart, tt.says) || len(findPlaceholders(v.TellApart)) > 0 {
			t.Errorf("%s as %s: %q, want it to start %q", tt.preset, tt.client, v.TellApart, tt.says)
		}
	}
	// No client but Go is told apart by what Go prints.
	everyLens(t, func(p, c string, v Verdict) {
		if c != GoNetHTTP && (strings.HasPrefix(v.TellApart, "Go says") || strings.HasPrefix(v.TellApart, "Go's message") || strings.Contains(v.TellApart, "The same error message")) {
			t.Errorf("%s as %s is told apart by Go's words: %q", p, c, v.TellApart)
		}
	})
}

// everyLens calls f with every story's verdict through every lens, on the
// presets' day.
func everyLens(t *testing.T, f func(preset, client string, v Verdict)) {
	t.Helper()
	for _, p := range scenario.Presets {
		tr, err := handshake.Run(t.Context(), p.At(scenario.PresetClock))
		if err != nil {
			t.Fatal(err)
		}
		r := NewReport(tr)
		for _, c := range LensClients {
			v, err := Lens(r, c)
			if err != nil {
				t.Fatal(err)
			}
			f(p.ID, c, v)
		}
	}
}

// The unknown authority's words say what the courier trusted: certifi's
// public bundle only under requests' default, not where a variable named
// another bundle (the story of REQUESTS_CA_BUNDLE overriding the Session's
// verify, which said verify=True trusted certifi).
func TestUnknownAuthoritySaysWhatWasTrusted(t *testing.T) {
	certifi := "verify=True trusts certifi's public bundle only"
	for _, tt := range []struct {
		preset string
		says   string
	}{
		{"internal-ca-default-bundle", certifi},
		{"env-bundle-overrides-session", "The bundles requests reads, named above, hold no root above it."},
	} {
		v := presetLens(t, tt.preset, Requests)
		if v.Reason != handshake.UnknownAuthority.String() || !strings.Contains(v.Technical, tt.says) || (tt.says != certifi && strings.Contains(v.Technical, certifi)) {
			t.Errorf("%s (%s): %q, want it to say %q", tt.preset, v.Reason, v.Technical, tt.says)
		}
	}
}

// A client's "how to tell it apart" speaks the client's own words: a phrase
// it quotes from Go's message that the client does not print is Go's, unless
// it is said to be Go's as a comparison ("Go says …"). Every story is looked
// at, and a CA whose key usage lacks certificate signing, whose words differ
// by client (clients' ca-key-usage proves them: Node says "key usage does not
// include certificate signing", the others on OpenSSL "invalid CA
// certificate").
func TestTellApartInTheClientsWords(t *testing.T) {
	ku := scenario.Lookup("verify-true").At(scenario.PresetClock)
	ku.Spec(scenario.Intermediate).KeyUsage = []string{pki.KUDigitalSignature}
	stories := []*scenario.Scenario{ku}
	for _, p := range scenario.Presets {
		stories = append(stories, p.At(scenario.PresetClock))
	}
	for _, s := range stories {
		r := NewReport(run(t, s))
		goMsg := r.Clients[GoNetHTTP].Message
		for _, client := range LensClients {
			if client == GoNetHTTP {
				continue
			}
			v, err := Lens(r, client)
			if err != nil {
				t.Fatal(err)
			}
			if v.OK || v.TellApart == "" {
				continue
			}
			parts := strings.Split(v.TellApart, "\"")
			for i := 1; i < len(parts); i += 2 {
				q := parts[i]
				if strings.HasSuffix(parts[i-1], "Go says ") || strings.HasSuffix(parts[i-1], "against a Go client the bank says ") ||
					!strings.Contains(goMsg, q) || strings.Contains(v.Message, q) {
					continue
				}
				t.Errorf("%s, %s: its tell-apart quotes Go's %q, which it does not print (%q): %s", s.ID, client, q, v.Message, v.TellApart)
			}
		}
		if s == ku {
			if v, _ := Lens(r, Node); !strings.Contains(v.TellApart, "\"key usage does not include certificate signing\"") {
				t.Errorf("Node's tell-apart for a CA's key usage: %q", v.TellApart)
			}
		}
	}
}

// TestLensSpeaksItsClientsTerms: the words every lens shows speak the
// person's client's terms, not another's: mtls-no-cert's said "(curl exit
// 56, not 35)" to a requests user. No story's words, through any lens but
// the one it names, hold another client's own terms.
func TestLensSpeaksItsClientsTerms(t *testing.T) {
	for _, c := range LensClients {
		v := presetLens(t, "mtls-no-cert", c)
		if !strings.Contains(v.Technical, firstRead[c]) {
			t.Errorf("mtls-no-cert as %s: %q, want it to say %q", c, v.Technical, firstRead[c])
		}
	}
	everyLens(t, func(p, c string, v Verdict) { othersTerms(t, p, c, v.Headline, v.Analogy, v.Technical, v.TellApart) })
}

// clientsTerms are words only their client says: its exit codes, error
// codes, how it is given the badge.
var clientsTerms = map[string][]string{
	Requests: {requestsBadge},
	Curl:     {"curl exit", "exit 56", "exit 35", "--cert "},
	// pip's --cert is its CA bundle, not curl's badge.
	Pip:       {"--cert ", "--client-cert", "--trusted-host"},
	Node:      {"EPROTO", "ERR_SSL_", "the cert and key options"},
	GoNetHTTP: {"Go's handshake returned", "tls.Config's Certificates"},
}

// othersTerms fails the test where one of says, client's lens of story,
// holds another client's terms (clientsTerms).
func othersTerms(t *testing.T, story, client string, says ...string) {
	t.Helper()
	for owner, terms := range clientsTerms {
		for _, term := range terms {
			for _, s := range says {
				if owner != client && !slices.Contains(clientsTerms[client], term) && strings.Contains(s, term) {
					t.Errorf("%s as %s says %s's %q: %q", story, client, owner, term, s)
				}
			}
		}
	}
}

// The lens tells a client's refusal of a weak key, or of loading its badge,
// from Go's reason by the verdict's typed Cause, which the answer's JSON
// carries to the page, not by the words the client prints: a message as
// the client printed it (another port, another line) is the same case.
func TestLensByCause(t *testing.T) {
	for _, tc := range []struct {
		preset string
		edit   func(*scenario.Scenario)
		cause  Cause
	}{
		{"mtls-expired-client", func(s *scenario.Scenario) { s.Spec(scenario.Leaf).Key = pki.RSA1024 }, CauseWeakKey},
		{"expired", func(s *scenario.Scenario) { s.Spec(scenario.Leaf).Key = pki.RSA1024 }, CauseWeakKey},
		{"mtls-expired-client", func(s *scenario.Scenario) { s.Spec(scenario.BadgeName).Hash = pki.SHA1 }, CauseBadgeTooWeak},
	} {
		s := scenario.Lookup(tc.preset).At(scenario.PresetClock)
		tc.edit(s)
		_, r := playedThen(t, s)
		b, err := tjson.Marshal(r.Clients)
		if err != nil {
			t.Fatal(err)
		}
		clients := map[string]ClientVerdict{}
		if err := tjson.Unmarshal(b, &clients); err != nil {
			t.Fatal(err)
		}
		for _, client := range []string{Requests, Curl, OpenSSL} {
			cv := clients[client]
			if cv.Cause != tc.cause {
				t.Errorf("%s %s: cause %q, want %q", tc.preset, client, cv.Cause, tc.cause)
			}
			cv.Message = strings.NewReplacer("{port}", "8443", "{line}", "1000", "{thread}", "40D7BF20217F0000").Replace(cv.Message)
			clients[client] = cv
			v, err := Lens(&Report{Trace: r.Trace, Next: r.Next, Explanation: r.Explanation, Clients: clients}, client)
			if err != nil || v.Reason != string(tc.cause) {
				t.Errorf("%s %s: the lens's reason %s (%v), want %s", tc.preset, client, v.Reason, err, tc.cause)
			}
		}
	}
}

// A client that refuses, with a cure of its own (not the bank's), is shown
// the call that works: where that call is the failing one unchanged, the
// cure is a file's contents (a badge reissued, a root added to the bundle
// the call names, the badge's own key), never a variable the client reads
// as it starts, which the call that works must show set (Node's
// NODE_EXTRA_CA_CERTS for a root only in the machine's store).
func TestLensRightShowsItsCure(t *testing.T) {
	reads := map[string][]string{
		Requests:  {scenario.EnvRequestsCABundle, scenario.EnvCurlCABundle},
		Curl:      {scenario.EnvCurlCABundle, scenario.EnvSSLCertFile, scenario.EnvSSLCertDir},
		OpenSSL:   {scenario.EnvSSLCertFile, scenario.EnvSSLCertDir},
		Node:      {scenario.EnvNodeExtraCACerts},
		GoNetHTTP: {scenario.EnvSSLCertFile, scenario.EnvSSLCertDir},
	}
	everyLens(t, func(p, c string, v Verdict) {
		if v.OK || v.Fix.Side == "server" || v.Fix.Wrong != v.Fix.Right {
			return
		}
		for _, name := range reads[c] {
			if strings.Contains(v.Fix.Summary, name+"=") {
				t.Errorf("%s as %s: the fix sets %s, and the call that works is the failing one:\n%s\n%s", p, c, name, v.Fix.Summary, v.Fix.Right)
			}
		}
	})
	v := presetLens(t, "os-trust-store", Node)
	if want := "NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt node app.js"; !strings.Contains(v.Fix.Right, want) || !strings.Contains(v.Fix.Summary, want[:strings.Index(want, " ")]) {
		t.Errorf("os-trust-store as Node: the call that works is\n%s\nwant it to say %q, as the fix does:\n%s", v.Fix.Right, want, v.Fix.Summary)
	}
}

// os-trust-store under Node's lens: Node's own way comes first, as the
// curl, openssl and Go lenses put theirs ("Nothing to fix for X. For
// requests: …"); requests' truststore only after "For requests:". Node
// 20.20.2 here read nothing of the machine's store and connected with
// NODE_EXTRA_CA_CERTS naming a copy of it holding the root.
func TestNodeOSStoreFixIsNodes(t *testing.T) {
	v := presetLens(t, "os-trust-store", Node)
	own, requests, ok := strings.Cut(v.Fix.Summary, forRequests)
	if !ok || !strings.HasPrefix(own, "Node ") || !strings.Contains(own, "NODE_EXTRA_CA_CERTS=") || !strings.Contains(own, "the ca option") ||
		strings.Contains(own, "truststore") || !strings.Contains(requests, "truststore.inject_into_ssl()") {
		t.Errorf("os-trust-store as Node: the fix is\n%s\nwant Node's own way first, requests' after %q", v.Fix.Summary, forRequests)
	}
}
