package handshake

import (
	"context"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

type expectation struct {
	ok     bool
	reason Reason
	side   Side
	stage  Stage
	alert  string
}

// expected is each preset's outcome in Go, from ../shared/SCENARIOS.md, and the
// fatal alert crypto/tls sends for it: a courier refusing the bank's certificate
// always says bad_certificate; a bank refusing a badge says certificate_required,
// unknown_ca, certificate_expired or bad_certificate; a courier whose badge does
// not load never connects.
var expected = map[string]expectation{
	"verify-true":                   {true, OK, 0, StageNone, ""},
	"verify-false-mitm":             {true, InsecureSkipVerify, 0, StageNone, ""},
	"custom-ca-bundle":              {true, OK, 0, StageNone, ""},
	"custom-ca-bundle-intermediate": {true, OK, 0, StageNone, ""},
	"internal-ca-default-bundle":    {false, UnknownAuthority, Client, StageHandshake, "bad_certificate"},
	"corporate-proxy":               {false, UnknownAuthority, Client, StageHandshake, "bad_certificate"},
	"env-bundle-overrides-session":  {false, UnknownAuthority, Client, StageHandshake, "bad_certificate"},
	"requests-bundle-precedence":    {true, OK, 0, StageNone, ""},
	"os-trust-store":                {false, UnknownAuthority, Client, StageHandshake, "bad_certificate"},
	"revoked-leaf":                  {true, RevokedUnchecked, 0, StageNone, ""},
	"revoked-intermediate":          {true, RevokedUnchecked, 0, StageNone, ""},
	"hostname-mismatch":             {false, HostnameMismatch, Client, StageHandshake, "bad_certificate"},
	"expired":                       {false, Expired, Client, StageHandshake, "bad_certificate"},
	"not-yet-valid":                 {false, NotYetValid, Client, StageHandshake, "bad_certificate"},
	"expired-intermediate":          {false, Expired, Client, StageHandshake, "bad_certificate"},
	"self-signed":                   {false, SelfSigned, Client, StageHandshake, "bad_certificate"},
	"untrusted-root":                {false, UntrustedRoot, Client, StageHandshake, "bad_certificate"},
	"missing-intermediate":          {false, MissingIntermediate, Client, StageHandshake, "bad_certificate"},
	"cn-only":                       {false, CNOnly, Client, StageHandshake, "bad_certificate"},
	"wrong-eku":                     {false, WrongEKU, Client, StageHandshake, "bad_certificate"},
	"not-a-ca":                      {false, NotACA, Client, StageHandshake, "bad_certificate"},
	"name-constraints":              {false, NameConstraints, Client, StageHandshake, "bad_certificate"},
	"sha1-signature":                {false, WeakSignature, Client, StageHandshake, "bad_certificate"},
	"sha1-intermediate":             {false, WeakSignature, Client, StageHandshake, "bad_certificate"},
	"weak-key-rsa1024":              {true, OK, 0, StageNone, ""},
	"rsa-4096-chain":                {true, OK, 0, StageNone, ""},
	"no-subject":                    {true, OK, 0, StageNone, ""},
	"many-sans":                     {true, OK, 0, StageNone, ""},
	"wildcard-too-deep":             {false, HostnameMismatch, Client, StageHandshake, "bad_certificate"},
	"ip-mismatch":                   {false, HostnameMismatch, Client, StageHandshake, "bad_certificate"},
	"sni-default-certificate":       {false, HostnameMismatch, Client, StageHandshake, "bad_certificate"},
	"server-wrong-key":              {false, HandshakeFailure, Client, StageHandshake, "decrypt_error"},
	"3des-only-bank":                {false, NoSharedCipher, Server, StageHandshake, "handshake_failure"},
	"pq-bank-classic-courier":       {true, OK, 0, StageNone, ""},
	"tls10-bank":                    {true, OK, 0, StageNone, ""},
	"tls11-bank":                    {true, OK, 0, StageNone, ""},
	"tls-version-mismatch":          {false, ProtocolVersion, Server, StageHandshake, "protocol_version"},
	"mtls-ok":                       {true, OK, 0, StageNone, ""},
	"badge-optional":                {true, OK, 0, StageNone, ""},
	"mtls-combined-pem":             {true, OK, 0, StageNone, ""},
	"mtls-no-cert":                  {false, ClientCertMissing, Server, StageFirstRead, "certificate_required"},
	"mtls-wrong-ca":                 {false, ClientCertUnknownCA, Server, StageFirstRead, "unknown_ca"},
	"mtls-expired-client":           {false, ClientCertExpired, Server, StageFirstRead, "certificate_expired"},
	"mtls-sha1-badge":               {false, ClientCertInvalid, Server, StageFirstRead, "unknown_ca"},
	"mtls-rsa1024-badge":            {true, OK, 0, StageNone, ""},
	"mtls-wrong-eku":                {false, ClientCertWrongEKU, Server, StageFirstRead, "bad_certificate"},
	"mtls-key-mismatch":             {false, ClientKeyMismatch, Client, StageLoadClientKey, ""},
	"mtls-cert-without-key":         {false, ClientKeyMissing, Client, StageLoadClientKey, ""},
	"mtls-encrypted-key":            {false, ClientKeyEncrypted, Client, StageLoadClientKey, ""},
}

func TestPresetOutcomes(t *testing.T) {
	for id := range expected {
		if scenario.Lookup(id) == nil {
			t.Errorf("expectation for %s, which is no preset", id)
		}
	}
	// The page's engine plays stories with their saved certificates.
	saved := pki.NewCache()
	if err := saved.LoadPacked(scenario.PresetCertificates); err != nil {
		t.Fatal(err)
	}
	for _, p := range scenario.Presets {
		t.Run(p.ID, func(t *testing.T) {
			want, ok := expected[p.ID]
			if !ok {
				t.Fatalf("no expectation for preset %s", p.ID)
			}
			tr, err := Run(context.Background(), p.At(scenario.PresetClock))
			if err != nil {
				t.Fatal(err)
			}
			checkOutcome(t, tr, want)
			m, err := NewMaterialCached(p.At(scenario.PresetClock), saved)
			if err != nil {
				t.Fatal(err)
			}
			page, err := m.Run(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			checkOutcome(t, page, want)
			if page.Outcome.ClientError != tr.Outcome.ClientError || page.Outcome.ServerError != tr.Outcome.ServerError {
				t.Errorf("with saved certificates: client %q, server %q; crafted: %q, %q",
					page.Outcome.ClientError, page.Outcome.ServerError, tr.Outcome.ClientError, tr.Outcome.ServerError)
			}
			for _, st := range tr.Steps {
				t.Logf("%-6s %-8s %-40s enc=%v ok=%v %s", st.Side, st.Kind, st.Name, st.Encrypted, okStr(st.OK), st.Detail)
			}
		})
	}
	if n := saved.Crafted(); n != 0 {
		t.Errorf("the stories' saved certificates left %d to craft", n)
	}
}

func checkOutcome(t *testing.T, tr *Trace, want expectation) {
	t.Helper()
	o := tr.Outcome
	if o.OK != want.ok || o.Reason != want.reason || o.Stage != want.stage {
		t.Errorf("got ok=%v reason=%s stage=%s, want ok=%v reason=%s stage=%s\nclient: %s\nserver: %s\ndetail: %s",
			o.OK, o.Reason, o.Stage, want.ok, want.reason, want.stage, o.ClientError, o.ServerError, o.Detail)
	}
	// The analysis read every record: it left no note of what it could not
	// (a note of a TLS 1.2 key log in a TLS 1.3 handshake, after a retry).
	if strings.Contains(o.Detail, "key log") {
		t.Errorf("the analysis noted a missing secret: %s", o.Detail)
	}
	if !o.OK && (o.Side == nil || *o.Side != want.side) {
		t.Errorf("side = %v, want %s", o.Side, want.side)
	}
	// The refusing side says so on the wire.
	if o.Alert != want.alert || want.alert != "" && (o.AlertFrom == nil || *o.AlertFrom != want.side) {
		t.Errorf("alert %q from %v, want %q from %s", o.Alert, o.AlertFrom, want.alert, want.side)
	}
	// Whatever got as far as the bank's answer is the highest version both
	// allow: TLS 1.3 unless a side caps it (the old banks).
	top := scenario.TLS13
	for _, v := range []scenario.Version{tr.Scenario.Server.MaxVersion, tr.Scenario.Client.MaxVersion} {
		if v != "" && v < top {
			top = v
		}
	}
	if sh := find(tr, 0, "server ServerHello"); sh >= 0 && tr.Version != "TLS "+string(top) {
		t.Errorf("negotiated %q, want TLS %s", tr.Version, top)
	}
}

func okStr(b *bool) string {
	if b == nil {
		return "-"
	}
	if *b {
		return "yes"
	}
	return "NO"
}

// Every check of every preset and variant says what it checks, so the words
// above can say why it matters without reading its name.
func TestCheckKinds(t *testing.T) {
	forEachCase(t, func(t *testing.T, c tcase, tr *Trace) {
		for i, st := range tr.Steps {
			if (st.Kind == KindCheck) != (st.Checks != "") {
				t.Errorf("step %d %q (%s) checks %q", i, st.Name, st.Kind, st.Checks)
			}
		}
	})
}
