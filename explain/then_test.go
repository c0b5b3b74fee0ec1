package explain

import (
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// player plays a scenario as the engine does, counting its runs.
func player(t *testing.T, runs *int) Player {
	return func(s *scenario.Scenario) (*handshake.Trace, error) {
		*runs++
		return run(t, s), nil
	}
}

// playedThen plays s, and its cure where that is worth playing, and
// explains it as the page does.
func playedThen(t *testing.T, s *scenario.Scenario) (*handshake.Trace, *Report) {
	t.Helper()
	tr := run(t, s)
	runs := 0
	c, ok, err := Cured(tr, player(t, &runs))
	if err != nil {
		t.Fatal(err)
	}
	var next *handshake.Trace
	if ok {
		next = c.Next
	}
	return tr, NewReportThen(tr, next)
}

// A courier that refuses the bank first never shows its badge: the fix
// plays the cure and says what the bank refuses then, in requests' words,
// and cures that too.
func TestThenFails(t *testing.T) {
	untrusted := func(s *scenario.Scenario) { s.Spec(scenario.Root).Public = false }
	for _, tc := range []struct {
		name, preset string
		edit         func(*scenario.Scenario)
		first, next  handshake.Reason
		words        []string // in the fix's summary
		side         string
	}{
		{"an untrusted bank and an expired badge", "mtls-expired-client", untrusted,
			handshake.UnknownAuthority, handshake.ClientCertExpired,
			[]string{`Trust the CA`, `Once that is fixed, the bank will refuse your certificate, cert=("client.crt", "client.key"): it expired on 2026-05-25 12:00 UTC. Renew it too.`}, "client"},
		{"an untrusted bank and an expired combined badge", "mtls-combined-pem", func(s *scenario.Scenario) {
			untrusted(s)
			s.Spec(scenario.BadgeName).NotAfter = -2
		}, handshake.UnknownAuthority, handshake.ClientCertExpired,
			[]string{`Once that is fixed, the bank will refuse your certificate, cert="client-combined.pem": it expired on 2026-05-30 12:00 UTC.`}, "client"},
		{"an untrusted bank and a badge CA the bank must renew", "mtls-ok", func(s *scenario.Scenario) {
			untrusted(s)
			s.Spec(scenario.ClientCA).NotAfter = -1
		}, handshake.UnknownAuthority, handshake.ClientCertExpired,
			[]string{`Once that is fixed, the bank will refuse your certificate, cert=("client.crt", "client.key"): Bank Courier CA, the CA it trusts to issue badges, expired on 2026-05-31 12:00 UTC. The bank must renew`}, "both"},
		{"an expired bank and a badge for servers", "mtls-wrong-eku", func(s *scenario.Scenario) { s.Spec(scenario.Leaf).NotAfter = -1 },
			handshake.Expired, handshake.ClientCertWrongEKU,
			[]string{`The bank must change, and so must your code.`, `Once that is fixed, the bank will refuse your certificate, cert=("client.crt", "client.key"): it is not made for client authentication.`}, "both"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := scenario.Lookup(tc.preset).At(scenario.PresetClock)
			tc.edit(s)
			tr := run(t, s)
			if tr.Outcome.Reason != tc.first || !Unrun(tr) {
				t.Fatalf("outcome %s (%s), unrun %v; want %s with the badge unchecked", tr.Outcome.Reason, tr.Outcome.Detail, Unrun(tr), tc.first)
			}
			runs := 0
			c, ok, err := Cured(tr, player(t, &runs))
			if !ok || err != nil || runs != 1 {
				t.Fatalf("cured: %v, %v, after %d runs", ok, err, runs)
			}
			if c.Next == nil || c.Next.Outcome.Reason != tc.next {
				t.Fatalf("next %v, want %s", c.Next, tc.next)
			}
			r := NewReportThen(tr, c.Next)
			fix := r.Explanation.Fix
			for _, w := range tc.words {
				if !strings.Contains(fix.Summary, w) {
					t.Errorf("no %q in\n%s", w, fix.Summary)
				}
			}
			if fix.Side != tc.side || c.Side != tc.side {
				t.Errorf("side %q (cure %q), want %q", fix.Side, c.Side, tc.side)
			}
			// The cure is both: played, it works, and the calls shown are its.
			if after := run(t, c.Scenario); !after.Outcome.OK {
				t.Errorf("after both cures: %s (%s)", after.Outcome.Reason, after.Outcome.Detail)
			}
			if want := RequestsProgram(c.Scenario, ""); fix.Right != want {
				t.Errorf("right call\n%s\nwant\n%s", fix.Right, want)
			}
			// Rendered whole, as every explanation is.
			f := newFacts(tr)
			f.then(c.Next)
			f.explanation()
			if len(f.unfilled)+len(f.next.unfilled) > 0 {
				t.Errorf("unfilled %v %v", f.unfilled, f.next.unfilled)
			}
			if lens, err := Lens(r, Requests); err != nil || lens.Fix.Summary != fix.Summary {
				t.Errorf("requests' lens gives another fix: %q (%v)", lens.Fix.Summary, err)
			}
		})
	}
}

// Only a failure that leaves checks unrun is played on: a bank refusing the
// badge has checked everything, and no story's answer changes (every
// story's cure works, TestFixesWork), however many were played.
func TestThenOnlyWhenUnrun(t *testing.T) {
	s := scenario.Lookup("mtls-expired-client").At(scenario.PresetClock)
	tr := run(t, s)
	runs := 0
	if Unrun(tr) {
		t.Errorf("the bank checked the badge, and checks are said unrun")
	}
	if _, ok, _ := Cured(tr, player(t, &runs)); !ok || runs != 0 {
		t.Errorf("cured %v after %d runs, want none", ok, runs)
	}
	var unrun []string
	for _, p := range scenario.Presets {
		tr := run(t, p.At(scenario.PresetClock))
		if !Unrun(tr) {
			continue
		}
		unrun = append(unrun, p.ID)
		c, _, err := Cured(tr, player(t, &runs))
		if err != nil || c != nil && c.Next != nil {
			t.Errorf("%s: the cure fails next: %v", p.ID, err)
		}
	}
	t.Logf("%d of %d stories leave checks unrun: %v", len(unrun), len(scenario.Presets), unrun)
}

// A client that gets past the courier's refusal is played on only where the
// replay could find what the scenario alone does not say: at their
// defaults, the stories where curl takes the Common Name or a bundle holds
// the root are not (the replay found nothing there); with the bank signing
// with another certificate's key, or a badge the bank checks, they are.
func TestThenPassableOnlyWhereTheReplayFinds(t *testing.T) {
	for _, id := range []string{"cn-only", "env-bundle-overrides-session", "os-trust-store"} {
		if tr := run(t, scenario.Lookup(id).At(scenario.PresetClock)); Unrun(tr) {
			t.Errorf("%s: checks said unrun, with nothing a replay finds", id)
		}
	}
	for name, edit := range map[string]func(*scenario.Scenario){
		"another key": func(s *scenario.Scenario) { s.Server.Key = scenario.Intermediate },
		"a badge the bank checks": func(s *scenario.Scenario) {
			m := scenario.Lookup("mtls-expired-client").At(scenario.PresetClock)
			s.Certs, s.Server, s.Client.Cert, s.Client.Badge = m.Certs, m.Server, m.Client.Cert, m.Client.Badge
			s.Spec(scenario.Leaf).DNSNames = nil
		},
	} {
		s := scenario.Lookup("cn-only").At(scenario.PresetClock)
		edit(s)
		if tr := run(t, s); !Unrun(tr) {
			t.Errorf("cn-only with %s (%s): checks said run", name, tr.Outcome.Reason)
		}
	}
}

// A client that gets past the failure Go stops at meets the next one: curl,
// openssl and Node take a name in the Common Name alone, show their expired
// badge, and the bank refuses it. Their verdicts are the next failure's, in
// their words; the fix says what fails next in the picked client's words.
func TestThenPastTheFirst(t *testing.T) {
	r := expiredBadgeAfter(t, handshake.CNOnly, func(s *scenario.Scenario) { s.Spec(scenario.Leaf).DNSNames = nil })
	expired := Clients(r.Next)
	for _, client := range []string{Requests1, Curl, OpenSSL, Node} {
		if got, want := r.Clients[client], expired[client]; got.OK || got.Message != want.Message || got.Class != want.Class {
			t.Errorf("%s: %v %q %q, want the expired badge's %q %q", client, got.OK, got.Class, got.Message, want.Class, want.Message)
		}
	}
	for _, client := range []string{Requests, GoNetHTTP} {
		if got, want := r.Clients[client], Clients(r.Trace)[client]; got.Message != want.Message {
			t.Errorf("%s refuses the Common Name first: %q, want %q", client, got.Message, want.Message)
		}
	}
	for _, tc := range []struct {
		client string
		words  []string
	}{
		{Requests, []string{`Once that is fixed, the bank will refuse your certificate, cert=("client.crt", "client.key"): it expired on`}},
		{Curl, []string{"Renew the badge", "curl gets past what Go refuses first", "Reissue the bank's certificate with bank.example as a Subject Alternative Name"}},
		{OpenSSL, []string{"Renew the badge", "openssl s_client gets past"}},
		{Node, []string{"Renew the badge", "Node.js gets past"}},
		{GoNetHTTP, []string{`Once that is fixed, the bank will refuse your certificate, tls.Config's Certificates (tls.LoadX509KeyPair("client.crt", "client.key")): it expired on`}},
	} {
		v, err := Lens(r, tc.client)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tc.words {
			if !strings.Contains(v.Fix.Summary, w) {
				t.Errorf("%s: no %q in the fix\n%s", tc.client, w, v.Fix.Summary)
			}
		}
		if tc.client != Requests && strings.Contains(v.Fix.Summary, "cert=") {
			t.Errorf("%s: requests' words in the fix\n%s", tc.client, v.Fix.Summary)
		}
		// Read back from its JSON, as the page reads the engine's answer,
		// the report gives the same verdict.
		js, err := r.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var back Report
		if err := back.UnmarshalJSON(js); err != nil {
			t.Fatal(err)
		}
		if b, err := Lens(&back, tc.client); err != nil || b.Fix.Summary != v.Fix.Summary || b.Reason != v.Reason || b.Message != v.Message {
			t.Errorf("%s: read back, the verdict is %s %q (%v)", tc.client, b.Reason, b.Fix.Summary, err)
		}
		if tc.client == Curl || tc.client == OpenSSL || tc.client == Node {
			if v.OK || v.Reason != handshake.ClientCertExpired.String() || strings.Contains(v.Fix.Summary, "Nothing to fix") || !strings.Contains(v.Disagree, "gets past") {
				t.Errorf("%s: ok %v, reason %s, disagree %q, fix\n%s", tc.client, v.OK, v.Reason, v.Disagree, v.Fix.Summary)
			}
		}
	}
}

// A client past Go's first failure speaks its own words about the next one,
// as about a first failure: no other client's exit codes, error codes or
// badge arguments (the bank's name only in the Common Name, then no badge,
// said curl's, Node's and Go's words before). Every story is looked at with
// the bank's name in its Common Name alone, as every client sees it.
func TestThenPastTheFirstInItsWords(t *testing.T) {
	past := 0
	for _, p := range scenario.Presets {
		s := p.At(scenario.PresetClock)
		if s.Spec(scenario.Leaf) == nil || s.Spec(scenario.Leaf).CommonName == "" || realHost(s) {
			continue
		}
		s.Spec(scenario.Leaf).DNSNames = nil
		tr, r := playedThen(t, s)
		next := r.Next
		for _, client := range LensClients {
			v, err := Lens(r, client)
			if err != nil {
				t.Fatal(err)
			}
			if next != nil && v.Reason == next.Outcome.Reason.String() && v.Reason != tr.Outcome.Reason.String() {
				past++
			}
			othersTerms(t, p.ID+" (Common Name only)", client, v.Headline, v.Analogy, v.Technical, v.TellApart, v.Fix.Summary)
		}
	}
	if past == 0 {
		t.Error("no client got past the first failure")
	}
}

// The what-fails-next sentence speaks the picked client's words for the
// badge, where Go's courier refuses first as every client does.
func TestThenInTheClientsWords(t *testing.T) {
	r := expiredBadgeAfter(t, handshake.UnknownAuthority, func(s *scenario.Scenario) { s.Spec(scenario.Root).Public = false })
	for client, want := range map[string]string{
		Requests:  `refuse your certificate, cert=("client.crt", "client.key"): it expired`,
		Curl:      `refuse your certificate, --cert client.crt --key client.key: it expired`,
		OpenSSL:   `refuse your certificate, -cert client.crt -key client.key: it expired`,
		Node:      `refuse your certificate, the cert and key options ("client.crt", "client.key"): it expired`,
		GoNetHTTP: `refuse your certificate, tls.Config's Certificates (tls.LoadX509KeyPair("client.crt", "client.key")): it expired`,
	} {
		v, err := Lens(r, client)
		if err != nil || !strings.Contains(v.Fix.Summary, want) {
			t.Errorf("%s: no %q in\n%s (%v)", client, want, v.Fix.Summary, err)
		}
	}
}

// expiredBadgeAfter is the report of mtls-expired-client edited to fail
// first for the reason first, its cure played on to the expired badge.
func expiredBadgeAfter(t *testing.T, first handshake.Reason, edit func(*scenario.Scenario)) *Report {
	t.Helper()
	s := scenario.Lookup("mtls-expired-client").At(scenario.PresetClock)
	edit(s)
	tr := run(t, s)
	runs := 0
	c, ok, err := Cured(tr, player(t, &runs))
	if tr.Outcome.Reason != first || !ok || err != nil || c.Next == nil || c.Next.Outcome.Reason != handshake.ClientCertExpired {
		t.Fatalf("outcome %s, cure %v %v, next %v", tr.Outcome.Reason, ok, err, c)
	}
	return NewReportThen(tr, c.Next)
}

// A client past the Common Name meets the other checks of the bank's chain
// that Go found failing in the same handshake, before any badge: as OpenSSL
// orders them, the first for requests, curl and s_client, the last for Node
// (clients' cn-only-* variants prove each).
func TestPastTheOtherChecks(t *testing.T) {
	untrusted := func(s *scenario.Scenario) { s.Spec(scenario.Root).Public = false }
	for _, tc := range []struct {
		name, preset string
		edit         func(*scenario.Scenario)
		reason       handshake.Reason
		curl, node   string
	}{
		{"an untrusted bank", "cn-only", untrusted, handshake.UnknownAuthority,
			"curl: (60) SSL certificate problem: unable to get local issuer certificate", "unable to get local issuer certificate"},
		{"a missing intermediate", "cn-only", func(s *scenario.Scenario) { s.Server.Send = []string{scenario.Leaf} }, handshake.MissingIntermediate,
			"curl: (60) SSL certificate problem: unable to get local issuer certificate", "unable to verify the first certificate"},
		{"an expired intermediate", "cn-only", func(s *scenario.Scenario) { s.Spec(scenario.Intermediate).NotAfter = -1 }, handshake.Expired,
			"curl: (60) SSL certificate problem: certificate has expired", "certificate has expired"},
		{"a bank's certificate for clients", "cn-only", func(s *scenario.Scenario) { s.Spec(scenario.Leaf).ExtKeyUsage = []string{"client_auth"} }, handshake.WrongEKU,
			"curl: (60) SSL certificate problem: unsuitable certificate purpose", "unsuitable certificate purpose"},
		{"an untrusted bank's certificate for clients", "cn-only", func(s *scenario.Scenario) {
			untrusted(s)
			s.Spec(scenario.Leaf).ExtKeyUsage = []string{"client_auth"}
		}, handshake.UnknownAuthority,
			"curl: (60) SSL certificate problem: unable to get local issuer certificate", "unsuitable certificate purpose"},
		{"an untrusted bank and an expired badge", "mtls-expired-client", untrusted, handshake.UnknownAuthority,
			"curl: (60) SSL certificate problem: unable to get local issuer certificate", "unable to get local issuer certificate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := scenario.Lookup(tc.preset).At(scenario.PresetClock)
			tc.edit(s)
			s.Spec(scenario.Leaf).DNSNames = nil
			tr := run(t, s)
			runs := 0
			c, _, err := Cured(tr, player(t, &runs))
			if tr.Outcome.Reason != handshake.CNOnly || err != nil {
				t.Fatalf("outcome %s, cure %v", tr.Outcome.Reason, err)
			}
			r := NewReportThen(tr, c.Next)
			if got := r.Clients[Curl]; got.OK || got.Message != tc.curl {
				t.Errorf("curl: %v %q, want %q", got.OK, got.Message, tc.curl)
			}
			if got := r.Clients[Node]; got.OK || got.Message != tc.node {
				t.Errorf("node: %v %q, want %q", got.OK, got.Message, tc.node)
			}
			for _, client := range []string{Requests1, OpenSSL} {
				if got := r.Clients[client]; got.OK || !strings.Contains(got.Message, strings.TrimPrefix(tc.curl, "curl: (60) SSL certificate problem: ")) {
					t.Errorf("%s: %v %q", client, got.OK, got.Message)
				}
			}
			for _, client := range []string{Curl, OpenSSL, Node} {
				v, err := Lens(r, client)
				if err != nil {
					t.Fatal(err)
				}
				if v.OK || v.Message != r.Clients[client].Message || strings.Contains(v.Fix.Summary, "Nothing to fix") || !strings.Contains(v.Disagree, "gets past") {
					t.Errorf("%s: ok %v, reason %s, disagree %q, fix\n%s", client, v.OK, v.Reason, v.Disagree, v.Fix.Summary)
				}
				if client != Node && v.Reason != tc.reason.String() {
					t.Errorf("%s: reason %s, want %s", client, v.Reason, tc.reason)
				}
			}
		})
	}
}

// Node with a certificate and no key connects with no badge: it meets the
// courier's checks of the bank, never the bank's of the badge (clients'
// mtls-cert-without-key-* variants prove each).
func TestNodeKeylessPast(t *testing.T) {
	expiredBank := func(s *scenario.Scenario) { s.Spec(scenario.Leaf).NotBefore, s.Spec(scenario.Leaf).NotAfter = -90, -1 }
	for _, tc := range []struct {
		name  string
		edit  func(*scenario.Scenario)
		ok    bool
		class string
	}{
		{"an expired badge the bank checks if shown", func(s *scenario.Scenario) {
			s.Server.ClientAuth = scenario.AuthVerifyIfGiven
			s.Spec(scenario.BadgeName).NotBefore, s.Spec(scenario.BadgeName).NotAfter = -372, -7
		}, true, ""},
		{"an expired bank that requires a badge", expiredBank, false, "CERT_HAS_EXPIRED"},
		{"an expired bank that requires a badge in TLS 1.2", func(s *scenario.Scenario) {
			expiredBank(s)
			s.Server.MaxVersion = scenario.TLS12
		}, false, "EPROTO"},
		{"an expired bank that checks a badge if shown", func(s *scenario.Scenario) {
			expiredBank(s)
			s.Server.ClientAuth = scenario.AuthVerifyIfGiven
		}, false, "CERT_HAS_EXPIRED"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := scenario.Lookup("mtls-cert-without-key").At(scenario.PresetClock)
			tc.edit(s)
			tr := run(t, s)
			runs := 0
			c, _, err := Cured(tr, player(t, &runs))
			if tr.Outcome.Reason != handshake.ClientKeyMissing || err != nil || c.Next == nil {
				t.Fatalf("outcome %s, cure %v %v", tr.Outcome.Reason, c, err)
			}
			r := NewReportThen(tr, c.Next)
			if got := r.Clients[Node]; got.OK != tc.ok || got.Class != tc.class {
				t.Errorf("node: %v %q %q, want %v %q", got.OK, got.Class, got.Message, tc.ok, tc.class)
			}
			if v, err := Lens(r, Node); err != nil || v.OK != tc.ok {
				t.Errorf("node's lens: %v (%v)", v.OK, err)
			}
		})
	}
}

// In TLS 1.2 the bank refuses an expired badge within the handshake, and
// curl blames its own check of the bank: exit 60 (clients'
// mtls-expired-client-tls12 variant).
func TestCurlExpiredBadgeTLS12(t *testing.T) {
	s := scenario.Lookup("mtls-expired-client").At(scenario.PresetClock)
	s.Server.MaxVersion = scenario.TLS12
	got := Clients(run(t, s))[Curl]
	if got.Class != "curl: (60)" || got.Message != "curl: (60) SSL certificate verification failed" {
		t.Errorf("curl: %q %q", got.Class, got.Message)
	}
}

// Go checks the bank's certificate's own dates, then the name, then the
// chain; the OpenSSL-based clients check the chain first, and the name
// either (s_client, urllib3 2) before the signatures and dates or (curl,
// urllib3 1.26, Node) after the whole chain: each reports the first
// failure in its own order (clients' hostname-mismatch-* and cn-only-expired
// variants prove each, urllib3 2 by hand).
func TestCheckOrder(t *testing.T) {
	expired := func(c string) func(*scenario.Scenario) {
		return func(s *scenario.Scenario) { s.Spec(c).NotBefore, s.Spec(c).NotAfter = -90, -1 }
	}
	const (
		issuer   = "unable to get local issuer certificate"
		gone     = "certificate has expired"
		mismatch = "Hostname mismatch"
		weak     = "EE certificate key too weak"
		num62    = "verify error:num=62"
	)
	for _, tc := range []struct {
		name, preset string
		edit         func(*scenario.Scenario)
		want         map[string]string // a client's message holds it
		lens         string            // a client whose lens disagrees with Go
	}{
		{"a name the certificate lacks, from an untrusted bank", "hostname-mismatch", func(s *scenario.Scenario) { s.Spec(scenario.Root).Public = false },
			map[string]string{Requests: issuer, Requests1: issuer, Curl: issuer, OpenSSL: issuer, Node: issuer, GoNetHTTP: "not bankofamerica.com"}, Curl},
		{"a name the certificate lacks, and an expired intermediate", "hostname-mismatch", expired(scenario.Intermediate),
			map[string]string{Requests: mismatch, Requests1: gone, Curl: gone, OpenSSL: "hostname mismatch", Node: gone, GoNetHTTP: "not bankofamerica.com"}, Node},
		{"a name in the Common Name alone, on an expired certificate", "cn-only", expired(scenario.Leaf),
			map[string]string{Requests: mismatch, Requests1: gone, Curl: gone, OpenSSL: gone, Node: gone, GoNetHTTP: "expired"}, Requests},
		// Go accepts the key; the cure's replay finds the OpenSSL-based
		// clients refusing it (clients' expired-weak-key variant).
		{"an expired certificate with an RSA-1024 key", "expired", func(s *scenario.Scenario) { s.Spec(scenario.Leaf).Key = pki.RSA1024 },
			map[string]string{Requests: weak, Requests1: weak, Curl: weak, OpenSSL: weak, Node: gone, GoNetHTTP: "expired"}, Curl},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := scenario.Lookup(tc.preset).At(scenario.PresetClock)
			tc.edit(s)
			r := NewReport(run(t, s))
			for client, want := range tc.want {
				if got := r.Clients[client]; got.OK || !strings.Contains(got.Message, want) {
					t.Errorf("%s: %v %q, want %q", client, got.OK, got.Message, want)
				}
			}
			v, err := Lens(r, tc.lens)
			if err != nil {
				t.Fatal(err)
			}
			if v.Reason == r.Trace.Outcome.Reason.String() || !strings.Contains(v.Disagree, "checks in another order") && !strings.Contains(v.Disagree, "refuses the bank's key first") || v.Message != r.Clients[tc.lens].Message {
				t.Errorf("%s's lens: reason %s, message %q, disagree %q", tc.lens, v.Reason, v.Message, v.Disagree)
			}
		})
	}
}

// Past the Common Name, the clients run the checks Go's handshake never
// reached: the bank's signature (played by the cure's replay: a name a
// client gets past leaves checks unrun) and a revocation check they were
// told to make (clients' cn-only-server-wrong-key and
// cn-only-revoked-checked variants).
func TestPastToTheUnrunChecks(t *testing.T) {
	for _, tc := range []struct {
		name, preset string
		edit         func(*scenario.Scenario)
		curl         string
	}{
		{"a bank signing with its root's key", "cn-only", func(s *scenario.Scenario) { s.Server.Key = scenario.Root }, "bad signature"},
		{"a revoked bank, checked", "revoked-leaf", func(s *scenario.Scenario) { s.Client.CheckRevocation = true }, "certificate revoked"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := scenario.Lookup(tc.preset).At(scenario.PresetClock)
			tc.edit(s)
			s.Spec(scenario.Leaf).DNSNames = nil
			tr := run(t, s)
			if tr.Outcome.Reason != handshake.CNOnly || !Unrun(tr) {
				t.Fatalf("outcome %s, unrun %v", tr.Outcome.Reason, Unrun(tr))
			}
			runs := 0
			c, _, err := Cured(tr, player(t, &runs))
			if err != nil {
				t.Fatal(err)
			}
			r := NewReportThen(tr, c.Next)
			for _, client := range []string{Requests1, Curl, OpenSSL, Node} {
				if got := r.Clients[client]; got.OK || !strings.Contains(got.Message, tc.curl) {
					t.Errorf("%s: %v %q, want %q", client, got.OK, got.Message, tc.curl)
				}
			}
			if v, err := Lens(r, Curl); err != nil || v.OK || v.Reason == handshake.CNOnly.String() {
				t.Errorf("curl's lens: %v %s (%v)", v.OK, v.Reason, err)
			}
		})
	}
}

// An RSA-1024 key Go accepts, behind a failure Go refuses first (the bank's
// name in its Common Name alone, an expired certificate): the cure's replay
// finds the OpenSSL-based clients refusing the key, which they do before a
// name or a date, urllib3 2 too; the fix, the cure and the kit's fixed/
// reissue it (clients' cn-only-weak-key and expired-weak-key variants,
// TestPastCured).
func TestPastToAWeakKey(t *testing.T) {
	for _, preset := range []string{"cn-only", "expired"} {
		t.Run(preset, func(t *testing.T) {
			s := scenario.Lookup(preset).At(scenario.PresetClock)
			s.Spec(scenario.Leaf).Key = pki.RSA1024
			tr := run(t, s)
			runs := 0
			c, _, err := Cured(tr, player(t, &runs))
			if err != nil || c.Next == nil || c.Scenario.Spec(scenario.Leaf).Key == pki.RSA1024 || !run(t, c.Scenario).Outcome.OK {
				t.Fatalf("cure %+v (%v): want the first failure and the key cured", c, err)
			}
			r := NewReportThen(tr, c.Next)
			for _, client := range []string{Requests, Requests1, Curl, OpenSSL} {
				if got := r.Clients[client]; got.OK || !strings.Contains(got.Message, "EE certificate key too weak") {
					t.Errorf("%s: %v %q", client, got.OK, got.Message)
				}
				if !IsLensClient(client) {
					continue
				}
				if v, err := Lens(r, client); err != nil || v.Reason != "weak_key" || !strings.Contains(v.Fix.Summary, "RSA-2048") || !strings.Contains(v.Fix.Summary, "What Go refuses needs curing too") {
					t.Errorf("%s's lens: %s %q (%v)", client, v.Reason, v.Fix.Summary, err)
				}
			}
			if !strings.Contains(r.Explanation.Fix.Summary, "refuse an RSA-1024 key in the bank's chain") {
				t.Errorf("fix\n%s", r.Explanation.Fix.Summary)
			}
		})
	}
}

// A client whose bundle lacks the root that requests' holds (requests reads
// curl's CURL_CA_BUNDLE too) refuses the chain before the bank refuses its
// badge (Node only in TLS 1.3, where that comes on its first read) and
// before the name, which Go alone checks first (clients'
// env-curl-ca-bundle-* variants).
func TestOtherBundleRefusesFirst(t *testing.T) {
	company := func(s *scenario.Scenario) {
		s.Client.Env = []scenario.EnvVar{{Name: scenario.EnvCurlCABundle, Path: "company-ca.pem", Certs: []string{scenario.Root}}}
	}
	badge := func(s *scenario.Scenario) {
		scenario.GiveBadge(s)
		s.Spec(s.Client.Badge).NotBefore, s.Spec(s.Client.Badge).NotAfter = -372, -7
	}
	const issuer = "unable to get local issuer certificate"
	for _, tc := range []struct {
		name   string
		edit   func(*scenario.Scenario)
		reason handshake.Reason
		want   map[string]string // a client's message holds it
	}{
		{"an expired badge", badge, handshake.ClientCertExpired,
			map[string]string{OpenSSL: issuer, Node: issuer, GoNetHTTP: "unknown authority", Curl: "alert certificate expired"}},
		{"an expired badge in TLS 1.2", func(s *scenario.Scenario) {
			badge(s)
			s.Server.MaxVersion = scenario.TLS12
		}, handshake.ClientCertExpired,
			map[string]string{OpenSSL: issuer, Node: "write EPROTO", GoNetHTTP: "unknown authority", Curl: "SSL certificate verification failed"}},
		{"a name in the Common Name alone", func(s *scenario.Scenario) { s.Spec(scenario.Leaf).DNSNames = nil }, handshake.CNOnly,
			map[string]string{OpenSSL: issuer, Node: issuer, GoNetHTTP: "legacy Common Name"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := scenario.Lookup("internal-ca-default-bundle").At(scenario.PresetClock)
			company(s)
			tc.edit(s)
			tr := run(t, s)
			if tr.Outcome.Reason != tc.reason {
				t.Fatalf("outcome %s", tr.Outcome.Reason)
			}
			r := NewReport(tr)
			for client, want := range tc.want {
				if got := r.Clients[client]; got.OK || !strings.Contains(got.Message, want) {
					t.Errorf("%s: %v %q, want %q", client, got.OK, got.Message, want)
				}
			}
		})
	}
}

// Weak keys in the mtls stories, with each way the bank asks for a badge:
// whatever the cure's replay finds (a success among them, where Go accepts
// the RSA-1024 key), no report, prediction or lens panics.
func TestThenWeakKeysNoPanic(t *testing.T) {
	var presets []string
	for _, p := range scenario.Presets {
		if strings.HasPrefix(p.ID, "mtls-") {
			presets = append(presets, p.ID)
		}
	}
	names := []string{scenario.Leaf, scenario.Intermediate, scenario.Root, scenario.BadgeName}
	auths := []scenario.ClientAuth{"", scenario.AuthVerifyIfGiven, scenario.AuthRequireAny}
	for _, preset := range presets {
		for _, name := range names {
			for _, auth := range auths {
				s := scenario.Lookup(preset).At(scenario.PresetClock)
				sp := s.Spec(name)
				if sp == nil {
					continue
				}
				sp.Key = pki.RSA1024
				if auth != "" {
					s.Server.ClientAuth = auth
				}
				t.Run(preset+"/"+name+"/"+string(auth), func(t *testing.T) {
					defer func() {
						if p := recover(); p != nil {
							t.Fatalf("panic: %v", p)
						}
					}()
					_, r := playedThen(t, s)
					for _, client := range ClientKeys {
						if IsLensClient(client) {
							if _, err := Lens(r, client); err != nil {
								t.Errorf("%s's lens: %v", client, err)
							}
						}
					}
				})
			}
		}
	}
}

// OpenSSL refuses the bank's own RSA-1024 key before it builds the chain,
// and the courier judges the bank before the bank its badge: the
// OpenSSL-based clients report the weak key first, and the fix and its cure
// reissue it whatever else fails, first or next (clients'
// untrusted-root-weak-leaf, missing-intermediate-weak-leaf,
// mtls-expired-client-weak-leaf, mtls-expired-client-cn-only-weak-leaf).
func TestWeakLeafFirst(t *testing.T) {
	for _, tc := range []struct {
		name, preset string
		edit         func(*scenario.Scenario)
		words        []string // in the fix
	}{
		{"an untrusted root", "untrusted-root", nil, nil},
		{"a missing intermediate", "missing-intermediate", nil, nil},
		{"an expired badge", "mtls-expired-client", nil, nil},
		{"a name in the Common Name alone and an expired badge", "mtls-expired-client", func(s *scenario.Scenario) { s.Spec(scenario.Leaf).DNSNames = nil },
			[]string{"Renew it too."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := scenario.Lookup(tc.preset).At(scenario.PresetClock)
			s.Spec(scenario.Leaf).Key = pki.RSA1024
			if tc.edit != nil {
				tc.edit(s)
			}
			tr := run(t, s)
			runs := 0
			c, ok, err := Cured(tr, player(t, &runs))
			if !ok || err != nil {
				t.Fatalf("cured %v (%v)", ok, err)
			}
			if c.Scenario.Spec(scenario.Leaf).Key == pki.RSA1024 || !run(t, c.Scenario).Outcome.OK {
				t.Errorf("the cure keeps the weak key, or fails")
			}
			r := NewReportThen(tr, c.Next)
			for _, w := range append(tc.words, "reissue bank.example with an RSA-2048 or ECDSA key") {
				if !strings.Contains(r.Explanation.Fix.Summary, w) {
					t.Errorf("no %q in the fix\n%s", w, r.Explanation.Fix.Summary)
				}
			}
			for _, client := range []string{Requests, Requests1, Curl, OpenSSL} {
				if got := r.Clients[client]; got.OK || !strings.Contains(got.Message, "EE certificate key too weak") {
					t.Errorf("%s: %v %q", client, got.OK, got.Message)
				}
			}
			if got := r.Clients[Curl]; got.Class != "curl: (60)" {
				t.Errorf("curl: %q", got.Class)
			}
			v, err := Lens(r, Curl)
			if err != nil || v.Reason != "weak_key" {
				t.Fatalf("curl's lens: %s (%v)", v.Reason, err)
			}
			for _, w := range append(tc.words, "RSA-2048") {
				if !strings.Contains(v.Fix.Summary, w) {
					t.Errorf("no %q in curl's lens's fix\n%s", w, v.Fix.Summary)
				}
			}
			// The fix is the bank's alone only when what Go refuses is
			// cured on the bank's side too (an intermediate to send): a
			// badge to renew, or a root to trust with verify=, is the
			// person's, and their code is then not fine.
			both := tc.preset != "missing-intermediate"
			if fine := strings.Contains(v.Fix.Summary, "Your code is fine"); fine == both || (v.Fix.Side == "both") != both {
				t.Errorf("curl's lens's fix, side %s:\n%s", v.Fix.Side, v.Fix.Summary)
			}
		})
	}
}

// curl, urllib3 1.26 and Node check the host name once the handshake is
// done: a name the certificate lacks, they meet after what the bank does
// within the handshake, its signature with another key and, in TLS 1.2,
// its refusal of the badge; s_client's OpenSSL checks it with the chain
// (clients' hostname-mismatch-server-wrong-key, mtls-*-other-name-tls12).
func TestNameAfterHandshake(t *testing.T) {
	otherName := func(s *scenario.Scenario) {
		s.Spec(scenario.Leaf).DNSNames = []string{"bank.example"}
		s.Client.Dial = "www.bank.example"
		s.Server.MaxVersion = scenario.TLS12
	}
	for _, tc := range []struct {
		preset string
		edit   func(*scenario.Scenario)
		want   string
	}{
		{"hostname-mismatch", func(s *scenario.Scenario) { s.Server.Key = scenario.Root }, "bad signature"},
		{"mtls-expired-client", otherName, "certificate"},
		{"mtls-no-cert", otherName, "handshake failure"},
	} {
		t.Run(tc.preset, func(t *testing.T) {
			s := scenario.Lookup(tc.preset).At(scenario.PresetClock)
			tc.edit(s)
			tr, r := playedThen(t, s)
			if tr.Outcome.Reason != handshake.HostnameMismatch || r.Next == nil {
				t.Fatalf("outcome %s, next %v", tr.Outcome.Reason, r.Next)
			}
			for _, client := range []string{Requests1, Curl, Node} {
				got := r.Clients[client]
				if got.OK || strings.Contains(got.Message, "match") || !strings.Contains(got.Message, tc.want) && !strings.Contains(got.Message, "verification failed") {
					t.Errorf("%s: %v %q", client, got.OK, got.Message)
				}
				if strings.Contains(got.Message, "host='bank.example'") {
					t.Errorf("%s names the cure's host: %q", client, got.Message)
				}
			}
			if got := r.Clients[OpenSSL]; !strings.Contains(got.Message, "hostname mismatch") {
				t.Errorf("openssl: %q", got.Message)
			}
		})
	}
}
