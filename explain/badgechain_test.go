package explain

import (
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/scenario"
)

// A badge the bank refuses as from an unknown CA reads two ways: another
// CA's, as the story plays it, or one issued under the bank's CA by an
// intermediate the certificate file lacks (against openssl s_server
// -Verify 1 -verify_return_error -CAfile root.pem, requests, curl, s_client
// and Node sent such a badge alone and got "unknown ca", Go sent none and
// got "certificate required"; with the intermediate after the badge each
// was served, s_client given it with -cert_chain). Every lens says both,
// with the fix in the client's own terms and how to tell which is yours.
func TestBadgeWithoutIntermediate(t *testing.T) {
	chain := map[string]string{
		Requests:  `cert=("client-chain.crt", "client.key")`,
		Curl:      "--cert client-chain.crt --key client.key",
		OpenSSL:   "-cert client.crt -cert_chain intermediate.pem -key client.key",
		Node:      `the cert and key options ("client-chain.crt", "client.key")`,
		GoNetHTTP: `tls.LoadX509KeyPair("client-chain.crt", "client.key")`,
	}
	for _, client := range LensClients {
		v := presetLens(t, "mtls-wrong-ca", client)
		for _, want := range []string{"cat client.crt intermediate.pem > client-chain.crt", chain[client]} {
			if !strings.Contains(v.Fix.Summary, want) {
				t.Errorf("mtls-wrong-ca as %s: the fix does not say %q:\n%s", client, want, v.Fix.Summary)
			}
		}
		if !strings.Contains(v.Technical, "intermediate") {
			t.Errorf("mtls-wrong-ca as %s: the technical words say no intermediate:\n%s", client, v.Technical)
		}
		for _, want := range []string{"openssl x509 -noout -issuer -in client.crt", "Acceptable client certificate CA names", "openssl s_client -connect bank.example:443"} {
			if !strings.Contains(v.TellApart, want) {
				t.Errorf("mtls-wrong-ca as %s: the tell-apart does not say %q:\n%s", client, want, v.TellApart)
			}
		}
	}
	// Go prints "certificate required" for both stories: its lens says
	// why a badge it was given can look like none, and the fix of the
	// courier without one says what to do when Certificates holds it.
	const dropped = "sends its badge only if a certificate in the badge's file names one of the CAs the bank asks for (Bank Courier CA"
	if v := presetLens(t, "mtls-wrong-ca", GoNetHTTP); !strings.Contains(v.TellApart, dropped) || !strings.Contains(v.TellApart, `Go prints "certificate required", not "unknown certificate authority"`) {
		t.Errorf("mtls-wrong-ca as Go: the tell-apart does not say why Go sent no badge:\n%s", v.TellApart)
	}
	// Its fix says so too, not the others' badge sent alone (real Go:
	// client.crt alone, "remote error: tls: certificate required";
	// client-chain.crt, served).
	if v := presetLens(t, "mtls-wrong-ca", GoNetHTTP); strings.Contains(v.Fix.Summary, "badge alone") || !strings.Contains(v.Fix.Summary, "Go sends no badge at all") || !strings.Contains(v.Fix.Summary, "the bank says a certificate is required") {
		t.Errorf("mtls-wrong-ca as Go: the fix contradicts the tell-apart:\n%s", v.Fix.Summary)
	}
	v := presetLens(t, "mtls-no-cert", GoNetHTTP)
	if !strings.Contains(v.TellApart, dropped) {
		t.Errorf("mtls-no-cert as Go: the tell-apart does not say Go drops a badge it was given:\n%s", v.TellApart)
	}
	for _, want := range []string{"If tls.Config's Certificates already holds your badge, Go did not send it", `tls.LoadX509KeyPair("client-chain.crt", "client.key")`} {
		if !strings.Contains(v.Fix.Summary, want) {
			t.Errorf("mtls-no-cert as Go: the fix does not say %q:\n%s", want, v.Fix.Summary)
		}
	}
	// The OpenSSL clients send the badge they are given, whatever its
	// issuer: their "certificate required" is no badge at all.
	for _, client := range []string{Requests, Curl, OpenSSL, Node} {
		if v := presetLens(t, "mtls-no-cert", client); strings.Contains(v.Fix.Summary+v.TellApart, "intermediate") {
			t.Errorf("mtls-no-cert as %s speaks of an intermediate:\n%s\n%s", client, v.Fix.Summary, v.TellApart)
		}
	}
}

// The real errors of a badge sent without its intermediate (the clients'
// output against openssl s_server -Verify 1 -verify_return_error -CAfile
// root.pem): requests' and curl's "unknown ca" list the badge's story first,
// alone, with words for both readings; Go's "certificate required" ties the
// courier without a badge with it, and the tie is the badge's to tell apart
// (BadgeTied), not the server's chain's.
func TestBadgeTied(t *testing.T) {
	m := matcher(t)
	for _, tt := range []struct {
		paste, first string
		tied         bool
	}{
		{"Traceback (most recent call last):\n  File \"/tmp/p.py\", line 2, in <module>\n    r = requests.get(\"https://api.internal.test:24534/\", verify=\"root.pem\", cert=(\"client.crt\", \"client.key\"))\n" +
			"requests.exceptions.SSLError: HTTPSConnectionPool(host='api.internal.test', port=24534): Max retries exceeded with url: / (Caused by SSLError(SSLError(1, '[SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert unknown ca (_ssl.c:2580)')))\n", "mtls-wrong-ca", false},
		{"curl: (56) OpenSSL SSL_read: OpenSSL/3.0.19: error:0A000418:SSL routines::tlsv1 alert unknown ca, errno 0\n", "mtls-wrong-ca", false},
		// nginx 1.22's log of the same badge (ssl_client_certificate
		// root.pem; it answered 400).
		{`2026/12/07 18:35:12 [info] 23379#23379: *1 client SSL certificate verify error: (21:unable to verify the first certificate) while reading client request headers, client: 127.0.0.1, server: api.internal.test, request: "GET / HTTP/1.1", host: "api.internal.test:24535"`, "mtls-wrong-ca", false},
		// openssl s_server's own log of it (3.0), and of a Go client
		// given it, which sent none.
		{"depth=0 CN = alice\nverify error:num=20:unable to get local issuer certificate\n403785240B7F0000:error:0A000086:SSL routines:tls_process_client_certificate:certificate verify failed:../ssl/statem/statem_srvr.c:3530:\n", "mtls-wrong-ca", false},
		{"403785240B7F0000:error:0A0000C7:SSL routines:tls_process_client_certificate:peer did not return a certificate:../ssl/statem/statem_srvr.c:3517:\n", "mtls-no-cert", false},
		{"Get \"https://127.0.0.1:24534/\": remote error: tls: certificate required\n", "mtls-no-cert", true},
		// Ties of other stories keep their own words.
		{"curl: (60) SSL certificate problem: unable to get local issuer certificate\n", "", false},
		{"curl: (58) unable to set private key file: 'client.key' type PEM\n", "", false},
	} {
		ms, err := m.Match(tt.paste)
		if err != nil || len(ms) == 0 {
			t.Fatalf("%q: %v, %v", tt.paste, ms, err)
		}
		if tt.first != "" && (ms[0].ID != tt.first || !tt.tied && TiedFirst(ms) != 1) {
			t.Errorf("%q: %s first (%d tied), want %s", tt.paste, ms[0].ID, TiedFirst(ms), tt.first)
		}
		if strings.Contains(tt.paste, "verify error") && !strings.Contains(ms[0].Headline, "the intermediate goes after the badge in that file") {
			t.Errorf("%q: the server log's note does not say the intermediate: %q", tt.paste, ms[0].Headline)
		}
		if strings.Contains(tt.paste, "peer did not return") && !strings.Contains(ms[0].Headline, "A Go client given a badge is logged so too when it did not send it") {
			t.Errorf("%q: the server log's note does not say Go's unsent badge: %q", tt.paste, ms[0].Headline)
		}
		if tt.first == "mtls-wrong-ca" && !strings.Contains(ms[0].Headline, "cannot trace the badge to a CA it trusts") {
			t.Errorf("%q: headline %q", tt.paste, ms[0].Headline)
		}
		if got := BadgeTied(ms); got != tt.tied {
			t.Errorf("%q: BadgeTied = %v, want %v (%s)", tt.paste, got, tt.tied, summary(ms))
		}
	}
}

// A scenario whose badge was issued by an intermediate under the CA the bank
// trusts (mtls-wrong-ca's badge office made one) is that case: its fix says
// the badge is good and puts the intermediate after it, as each client takes
// it; the story's own, from another CA, leads with a badge from the bank's CA.
func TestBadgeChainCase(t *testing.T) {
	s := scenario.Lookup("mtls-wrong-ca").At(scenario.PresetClock)
	ca := s.Spec("other-ca")
	ca.Issuer, ca.CommonName = scenario.ClientCA, "Bank Courier Issuing CA 1"
	tr, err := handshake.Run(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Outcome.Reason != handshake.ClientCertUnknownCA {
		t.Fatalf("reason %s", tr.Outcome.Reason)
	}
	for client, want := range map[string]string{Requests: `cert=("client-chain.crt", "client.key")`, Curl: "--cert client-chain.crt --key client.key", GoNetHTTP: `tls.LoadX509KeyPair("client-chain.crt", "client.key")`} {
		v, err := Lens(NewReport(tr), client)
		if err != nil {
			t.Fatal(err)
		}
		lead := "Your badge is good: it was issued by Bank Courier Issuing CA 1, an intermediate under Bank Courier CA, and the courier sends the badge alone"
		if client == GoNetHTTP {
			// Go sends none (its tell-apart says why).
			lead = "Your badge is good: it was issued by Bank Courier Issuing CA 1, an intermediate under Bank Courier CA, and Go sends no badge at all"
		}
		if !strings.HasPrefix(v.Fix.Summary, lead) || !strings.Contains(v.Fix.Summary, want) || strings.Contains(v.Fix.Summary, "get a badge issued by the bank's CA") {
			t.Errorf("as %s: the fix is\n%s\nwant it to open %q and say %q", client, v.Fix.Summary, lead, want)
		}
	}
	if v := presetLens(t, "mtls-wrong-ca", Requests); !strings.HasPrefix(v.Fix.Summary, "The badge was issued by Other Company Badge CA, which the bank does not trust") {
		t.Errorf("the story's own fix is\n%s", v.Fix.Summary)
	}
}
