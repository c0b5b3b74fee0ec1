package explain

import (
	"slices"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// partialTests are custom-ca-bundle with the bundle (verify='ca.pem')
// holding the company's issuing CA, not its root: each client's verdict as
// the real clients gave it (clients' custom-ca-bundle-intermediate
// variants), by its class; "" for a client that connects.
var partialTests = []struct {
	name string
	edit func(*scenario.Scenario)
	goOK bool
	want map[string]string
}{
	{"intermediate alone", func(s *scenario.Scenario) {}, true,
		map[string]string{Requests: pySSLError, Requests1: pySSLError, OpenSSL: "verify error:num=2", Node: "UNABLE_TO_GET_ISSUER_CERT", Curl: "", GoNetHTTP: ""}},
	{"intermediate and root", func(s *scenario.Scenario) { s.Client.Bundle = append(s.Client.Bundle, scenario.Root) }, true,
		map[string]string{Requests: "", Requests1: "", OpenSSL: "", Node: "", Curl: "", GoNetHTTP: ""}},
	{"the bank sends its leaf alone", func(s *scenario.Scenario) { s.Server.Send = []string{scenario.Leaf} }, true,
		map[string]string{Requests: pySSLError, Requests1: pySSLError, OpenSSL: "verify error:num=2", Node: "UNABLE_TO_GET_ISSUER_CERT", Curl: "", GoNetHTTP: ""}},
	// OpenSSL builds the chain before it checks a date: all but curl
	// refuse the anchor, curl (partial chain on) and Go its date.
	{"the intermediate expired", func(s *scenario.Scenario) { s.Spec(scenario.Intermediate).NotAfter = -1 }, false,
		map[string]string{Requests: pySSLError, Requests1: pySSLError, OpenSSL: "verify error:num=2", Node: "UNABLE_TO_GET_ISSUER_CERT", Curl: "curl: (60)", GoNetHTTP: "*tls.CertificateVerificationError"}},
}

const pySSLError = "requests.exceptions.SSLError"

func partialScenario(edit func(*scenario.Scenario)) *scenario.Scenario {
	s := scenario.Lookup("custom-ca-bundle").At(scenario.PresetClock)
	s.Client.Bundle = []string{scenario.Intermediate}
	edit(s)
	return s
}

// TestPartialChain: Go and curl take any certificate of their bundle for an
// anchor; Python, s_client and Node want a self-signed root, and say
// "unable to get issuer certificate" before anything else they check of
// the chain. The lens says so, and its fix and the cure put the root in the
// bundle, where Go's cure alone would leave the refusal.
func TestPartialChain(t *testing.T) {
	for _, tt := range partialTests {
		tr := run(t, partialScenario(tt.edit))
		if tr.Outcome.OK != tt.goOK {
			t.Fatalf("%s: Go ok=%v (%s), want %v", tt.name, tr.Outcome.OK, tr.Outcome.Reason, tt.goOK)
		}
		r := NewReport(tr)
		for client, class := range tt.want {
			cv := r.Clients[client]
			if cv.OK != (class == "") || cv.Class != class {
				t.Errorf("%s, %s: ok=%v class %q, want class %q", tt.name, client, cv.OK, cv.Class, class)
			}
			refuses := class != "" && client != Curl && client != GoNetHTTP
			if refuses && !strings.Contains(cv.Message, "unable to get issuer certificate") {
				t.Errorf("%s, %s: %q, want OpenSSL's unable to get issuer certificate", tt.name, client, cv.Message)
			}
			if !IsLensClient(client) {
				continue
			}
			v, err := Lens(r, client)
			if err != nil {
				t.Fatal(err)
			}
			if !refuses {
				if v.Reason == "partial_chain" {
					t.Errorf("%s, %s: the lens says partial_chain for a client that does not refuse the anchor", tt.name, client)
				}
				continue
			}
			side := map[bool]string{true: "client", false: "both"}[tt.goOK]
			if v.Reason != "partial_chain" || v.Fix.Side != side || !strings.Contains(v.Headline, "Example Corp Issuing CA") ||
				!strings.Contains(v.Fix.Summary, "Put Example Corp Root CA") || !strings.Contains(v.Technical, "self-signed") {
				t.Errorf("%s, %s: lens %s, side %s: %q / %q / %q", tt.name, client, v.Reason, v.Fix.Side, v.Headline, v.Technical, v.Fix.Summary)
			}
			if says := map[bool]string{true: "connects", false: "refuses the chain first"}[tt.goOK]; !strings.Contains(v.Disagree, says) {
				t.Errorf("%s, %s: disagreement %q", tt.name, client, v.Disagree)
			}
		}
		// The cure puts the root in the bundle, beside what Go's own cure
		// changes, so that every client connects with fixed/.
		refused := false
		for _, class := range tt.want {
			refused = refused || class != ""
		}
		c, ok, err := Cured(tr, func(s *scenario.Scenario) (*handshake.Trace, error) { return handshake.Run(t.Context(), s) })
		if err != nil {
			t.Fatal(err)
		}
		if !refused {
			if ok {
				t.Errorf("%s: a cure for a story every client connects to: bundle %v", tt.name, c.Scenario.Client.Bundle)
			}
			continue
		}
		if !ok || !slices.Contains(c.Scenario.Client.Bundle, scenario.Root) {
			t.Fatalf("%s: cure ok=%v, want the root in the bundle", tt.name, ok)
		}
		cured := NewReport(run(t, c.Scenario))
		for client, cv := range cured.Clients {
			if !cv.OK {
				t.Errorf("%s cured: %s refuses: %s", tt.name, client, cv.Message)
			}
		}
		if e := r.Explanation; !strings.Contains(e.Fix.Summary, "Put Example Corp Root CA in the bundle") {
			t.Errorf("%s: Go's fix leaves the bundle as it is: %s", tt.name, e.Fix.Summary)
		}
	}
}

// TestPartialChainPasted: a pasted chain checked against a bundle holding
// its issuing CA alone is predicted as the story is, and its twin too; with
// the root in the bundle too, every client connects.
func TestPartialChainPasted(t *testing.T) {
	s := partialScenario(func(*scenario.Scenario) {})
	pem := pemOf(t, s)
	for _, tt := range []struct {
		roots []string
		want  map[string]bool
	}{
		{[]string{scenario.Intermediate}, map[string]bool{Requests: false, Requests1: false, OpenSSL: false, Node: false, Curl: true, GoNetHTTP: true}},
		{[]string{scenario.Intermediate, scenario.Root}, map[string]bool{Requests: true, Requests1: true, OpenSSL: true, Node: true, Curl: true, GoNetHTTP: true}},
	} {
		ins, r := inspectPasted(t, s, pem, tt.roots, tt.want, "unable to get issuer certificate")
		if v, _ := Lens(r, Requests); !tt.want[Requests] && (v.Reason != "partial_chain" || !strings.Contains(v.Fix.Summary, "Example Corp Root CA")) {
			t.Errorf("roots %v: requests' lens %s: %s", tt.roots, v.Reason, v.Fix.Summary)
		}
		// Its twin plays to the same verdicts: its bundle holds the
		// issuing CA alone too, and its bank sends what was pasted.
		twin, err := ins.Twin()
		if err != nil {
			t.Fatal(err)
		}
		if send := twin.Scenario.Server.Send; len(send) != 2 {
			t.Errorf("roots %v: the twin's bank sends %v, where the paste holds the leaf and the issuing CA", tt.roots, send)
		}
		played := NewReport(run(t, twin.Scenario))
		for client, ok := range tt.want {
			if cv := played.Clients[client]; cv.OK != ok {
				t.Errorf("roots %v, the twin (bundle %v), %s: ok=%v %q, want ok=%v", tt.roots, twin.Scenario.Client.Bundle, client, cv.OK, cv.Message, ok)
			}
		}
	}
}

// TestLeafAnchor: a bundle holding the bank's own certificate and none of
// its issuers (verify='server.pem', a pinning attempt). Go and curl take it
// for an anchor; Python, s_client and Node look for its issuer and refuse
// as for a chain nobody trusts (clients' custom-ca-bundle-leaf variants),
// Node with "unable to verify the first certificate" of a leaf sent alone.
// The lens says the bundle holds the bank's own certificate, and the fix
// and the cure put the CAs above it in its place.
func TestLeafAnchor(t *testing.T) {
	for _, tt := range []struct {
		name string
		edit func(*scenario.Scenario)
		want map[string]string
	}{
		{"leaf and intermediate sent", func(*scenario.Scenario) {},
			map[string]string{Requests: pySSLError, Requests1: pySSLError, OpenSSL: "verify error:num=20", Node: "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", Curl: "", GoNetHTTP: ""}},
		{"leaf sent alone", func(s *scenario.Scenario) { s.Server.Send = []string{scenario.Leaf} },
			map[string]string{Requests: pySSLError, Requests1: pySSLError, OpenSSL: "verify error:num=20", Node: "UNABLE_TO_VERIFY_LEAF_SIGNATURE", Curl: "", GoNetHTTP: ""}},
	} {
		s := scenario.Lookup("verify-true").At(scenario.PresetClock)
		s.Client.Verify, s.Client.Bundle = scenario.VerifyBundle, []string{scenario.Leaf}
		tt.edit(s)
		tr := run(t, s)
		r := NewReport(tr)
		for client, class := range tt.want {
			if cv := r.Clients[client]; cv.OK != (class == "") || cv.Class != class {
				t.Errorf("%s, %s: ok=%v class %q, want class %q", tt.name, client, cv.OK, cv.Class, class)
			}
		}
		v, err := Lens(r, Requests)
		if err != nil {
			t.Fatal(err)
		}
		if v.Reason != "partial_chain" || v.Fix.Side != "client" || !strings.Contains(v.Headline, "the bank's own certificate") ||
			!strings.Contains(v.Fix.Summary, "the CA that issued it, Playground Issuing CA 1, with the root above it, Playground Public Root CA") {
			t.Errorf("%s: lens %s, side %s: %q / %q", tt.name, v.Reason, v.Fix.Side, v.Headline, v.Fix.Summary)
		}
		if e := r.Explanation; !strings.Contains(e.Fix.Summary, "in its place, the CA that issued it") || strings.Contains(e.Fix.Summary, "the CA that issued the bank's certificate, and not") {
			t.Errorf("%s: Go's fix: %s", tt.name, e.Fix.Summary)
		}
		c, ok, err := Cured(tr, func(s *scenario.Scenario) (*handshake.Trace, error) { return handshake.Run(t.Context(), s) })
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{scenario.Intermediate, scenario.Root}; !ok || !slices.Equal(c.Scenario.Client.Bundle, want) {
			t.Fatalf("%s: cure ok=%v, bundle %v, want %v", tt.name, ok, c.Scenario.Client.Bundle, want)
		}
		for client, cv := range NewReport(run(t, c.Scenario)).Clients {
			if !cv.OK {
				t.Errorf("%s cured: %s refuses: %s", tt.name, client, cv.Message)
			}
		}
	}
}

// TestLeafAnchorPasted: a pasted chain checked against a bundle holding
// the bank's own certificate is predicted as the story is; with the root
// in the bundle too, OpenSSL goes on up the sent intermediate to it, and
// every client connects (clients' custom-ca-bundle-leaf-and-root).
func TestLeafAnchorPasted(t *testing.T) {
	s := scenario.Lookup("verify-true").At(scenario.PresetClock)
	pem := pemOf(t, s)
	for _, tt := range []struct {
		roots []string
		want  map[string]bool
	}{
		{[]string{scenario.Leaf}, map[string]bool{Requests: false, Requests1: false, OpenSSL: false, Node: false, Curl: true, GoNetHTTP: true}},
		{[]string{scenario.Leaf, scenario.Root}, map[string]bool{Requests: true, Requests1: true, OpenSSL: true, Node: true, Curl: true, GoNetHTTP: true}},
	} {
		inspectPasted(t, s, pem, tt.roots, tt.want, "unable to get local issuer certificate")
	}
}

// TestLeafAndIssuerAnchorPasted: a pasted chain checked against a bundle
// holding the bank's own certificate and the CA that issued it, and no
// root: OpenSSL goes on from the certificate, which is no CA, to that CA
// in its store and finds no root above it, "unable to get issuer
// certificate" (num=2, Node's UNABLE_TO_GET_ISSUER_CERT, of a leaf sent
// alone too), as the story says (clients'
// custom-ca-bundle-leaf-and-intermediate variants); the lens and the fix
// name the issuing CA and the root to add, not the bank's own certificate.
func TestLeafAndIssuerAnchorPasted(t *testing.T) {
	s := scenario.Lookup("verify-true").At(scenario.PresetClock)
	pem := pemOf(t, s)
	roots := []string{scenario.Leaf, scenario.Intermediate}
	for _, sent := range [][]string{{scenario.Leaf, scenario.Intermediate}, {scenario.Leaf}} {
		story := s.Clone()
		story.Client.Verify, story.Client.Bundle, story.Server.Send = scenario.VerifyBundle, roots, sent
		played := NewReport(run(t, story))
		want := map[string]bool{}
		for client, cv := range played.Clients {
			want[client] = cv.OK
		}
		_, r := inspectSent(t, s, pem, sent, roots, want, "unable to get issuer certificate")
		for client, cv := range r.Clients {
			if pv := played.Clients[client]; cv.Class != pv.Class {
				t.Errorf("sent %v, %s: class %q, the story's %q", sent, client, cv.Class, pv.Class)
			}
		}
		if r.Clients[Node].Class != "UNABLE_TO_GET_ISSUER_CERT" {
			t.Errorf("sent %v: Node's class %q", sent, r.Clients[Node].Class)
		}
		v, err := Lens(r, Requests)
		if err != nil {
			t.Fatal(err)
		}
		if v.Reason != "partial_chain" || strings.Contains(v.Headline, "the bank's own certificate") || !strings.Contains(v.Headline, "Playground Issuing CA 1") ||
			!strings.Contains(v.Fix.Summary, "Put Playground Public Root CA, the root above Playground Issuing CA 1, which signed itself, in the bundle") {
			t.Errorf("sent %v: lens %s: %q / %q", sent, v.Reason, v.Headline, v.Fix.Summary)
		}
	}
}

// pemOf is the PEM of the named certificates of s.
func pemOf(t *testing.T, s *scenario.Scenario) func(names ...string) []byte {
	m, err := handshake.NewMaterial(s)
	if err != nil {
		t.Fatal(err)
	}
	return func(names ...string) []byte {
		certs, err := m.Set.Certs(names)
		if err != nil {
			t.Fatal(err)
		}
		var out []byte
		for _, c := range certs {
			out = pki.AppendPEM(out, "CERTIFICATE", c.Raw)
		}
		return out
	}
}

// inspectPasted pastes the leaf and the issuing CA of s, checked against
// the bundle roots, and checks each client's verdict is want's, refusing
// with refusal.
func inspectPasted(t *testing.T, s *scenario.Scenario, pem func(...string) []byte, roots []string, want map[string]bool, refusal string) (*handshake.Inspection, *Report) {
	t.Helper()
	return inspectSent(t, s, pem, []string{scenario.Leaf, scenario.Intermediate}, roots, want, refusal)
}

// inspectSent is inspectPasted of the named certificates sent.
func inspectSent(t *testing.T, s *scenario.Scenario, pem func(...string) []byte, sent, roots []string, want map[string]bool, refusal string) (*handshake.Inspection, *Report) {
	t.Helper()
	ins, err := handshake.Inspect(handshake.ChainInput{Chain: pem(sent...), Roots: pem(roots...),
		Name: s.Client.Dial, Now: s.Now})
	if err != nil {
		t.Fatal(err)
	}
	r := NewReport(ins.Trace)
	for client, ok := range want {
		if cv := r.Clients[client]; cv.OK != ok || !ok && !strings.Contains(cv.Message, refusal) {
			t.Errorf("roots %v, %s: ok=%v %q, want ok=%v", roots, client, cv.OK, cv.Message, ok)
		}
	}
	return ins, r
}

// TestTwinOfOwnCertificateBundle: a pasted chain checked against a bundle
// holding the bank's own certificate (a pinning attempt), alone or with its
// issuing CA, its root or both, has a twin that plays to the verdicts the
// paste got, client by client: the twin's leaf has its issuer, its bank sends
// what was pasted, and its bundle holds the twin's counterparts of what the
// visitor's did (clients' custom-ca-bundle-leaf* variants hold the paste's
// verdicts against the real clients). The bundles without the bank's own
// certificate are held alike.
func TestTwinOfOwnCertificateBundle(t *testing.T) {
	s := scenario.Lookup("verify-true").At(scenario.PresetClock)
	pem := pemOf(t, s)
	leaf, inter, root := scenario.Leaf, scenario.Intermediate, scenario.Root
	for _, sent := range [][]string{{leaf, inter}, {leaf}} {
		for _, roots := range [][]string{{leaf}, {leaf, inter}, {leaf, root}, {leaf, inter, root}, {inter}, {inter, root}, {root}} {
			ins, err := handshake.Inspect(handshake.ChainInput{Chain: pem(sent...), Roots: pem(roots...), Name: s.Client.Dial, Now: s.Now})
			if err != nil {
				t.Fatal(err)
			}
			pasted := NewReport(ins.Trace)
			twin, err := ins.Twin()
			if err != nil {
				t.Fatalf("sent %v, bundle %v: %v", sent, roots, err)
			}
			ts := twin.Scenario
			if len(ts.Server.Send) != len(sent) || len(ts.Client.Bundle) != len(roots) {
				t.Errorf("sent %v, bundle %v: the twin's bank sends %v, its bundle holds %v", sent, roots, ts.Server.Send, ts.Client.Bundle)
			}
			played := NewReport(run(t, ts))
			for client, pv := range pasted.Clients {
				if tv := played.Clients[client]; tv.OK != pv.OK || tv.Class != pv.Class {
					t.Errorf("sent %v, bundle %v, %s: the twin (sends %v, bundle %v): ok=%v %q %q; the paste: ok=%v %q %q",
						sent, roots, client, ts.Server.Send, ts.Client.Bundle, tv.OK, tv.Class, tv.Message, pv.OK, pv.Class, pv.Message)
				}
			}
		}
	}
}
