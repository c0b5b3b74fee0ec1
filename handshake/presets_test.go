package handshake

import (
	"context"
	"testing"

	"github.com/tlsplay/tlsplay/scenario"
)

// expected is each preset's outcome in Go, from ../shared/SCENARIOS.md.
var expected = map[string]struct {
	ok     bool
	reason Reason
	side   Side
	stage  Stage
}{
	"verify-true":                {true, OK, 0, StageNone},
	"verify-false-mitm":          {true, InsecureSkipVerify, 0, StageNone},
	"custom-ca-bundle":           {true, OK, 0, StageNone},
	"internal-ca-default-bundle": {false, UnknownAuthority, Client, StageHandshake},
	"hostname-mismatch":          {false, HostnameMismatch, Client, StageHandshake},
	"expired":                    {false, Expired, Client, StageHandshake},
	"not-yet-valid":              {false, NotYetValid, Client, StageHandshake},
	"expired-intermediate":       {false, Expired, Client, StageHandshake},
	"self-signed":                {false, SelfSigned, Client, StageHandshake},
	"untrusted-root":             {false, UntrustedRoot, Client, StageHandshake},
	"missing-intermediate":       {false, MissingIntermediate, Client, StageHandshake},
	"cn-only":                    {false, CNOnly, Client, StageHandshake},
	"wrong-eku":                  {false, WrongEKU, Client, StageHandshake},
	"not-a-ca":                   {false, NotACA, Client, StageHandshake},
	"name-constraints":           {false, NameConstraints, Client, StageHandshake},
	"sha1-signature":             {false, WeakSignature, Client, StageHandshake},
	"weak-key-rsa1024":           {true, OK, 0, StageNone},
	"wildcard-too-deep":          {false, HostnameMismatch, Client, StageHandshake},
	"ip-mismatch":                {false, HostnameMismatch, Client, StageHandshake},
	"tls-version-mismatch":       {false, ProtocolVersion, Server, StageHandshake},
	"mtls-ok":                    {true, OK, 0, StageNone},
	"mtls-combined-pem":          {true, OK, 0, StageNone},
	"mtls-no-cert":               {false, ClientCertMissing, Server, StageFirstRead},
	"mtls-wrong-ca":              {false, ClientCertUnknownCA, Server, StageFirstRead},
	"mtls-expired-client":        {false, ClientCertExpired, Server, StageFirstRead},
	"mtls-wrong-eku":             {false, ClientCertWrongEKU, Server, StageFirstRead},
	"mtls-key-mismatch":          {false, ClientKeyMismatch, Client, StageLoadClientKey},
	"mtls-cert-without-key":      {false, ClientKeyMissing, Client, StageLoadClientKey},
	"mtls-encrypted-key":         {false, ClientKeyEncrypted, Client, StageLoadClientKey},
}

func TestPresetOutcomes(t *testing.T) {
	for _, p := range scenario.Presets {
		t.Run(p.ID, func(t *testing.T) {
			want, ok := expected[p.ID]
			if !ok {
				t.Fatalf("no expectation for preset %s", p.ID)
			}
			tr, err := Run(context.Background(), p.Scenario())
			if err != nil {
				t.Fatal(err)
			}
			o := tr.Outcome
			if o.OK != want.ok || o.Reason != want.reason || o.Stage != want.stage {
				t.Errorf("got ok=%v reason=%s stage=%s, want ok=%v reason=%s stage=%s\nclient: %s\nserver: %s\ndetail: %s",
					o.OK, o.Reason, o.Stage, want.ok, want.reason, want.stage, o.ClientError, o.ServerError, o.Detail)
			}
			if !o.OK && (o.Side == nil || *o.Side != want.side) {
				t.Errorf("side = %v, want %s", o.Side, want.side)
			}
			for _, st := range tr.Steps {
				t.Logf("%-6s %-8s %-40s enc=%v ok=%v %s", st.Side, st.Kind, st.Name, st.Encrypted, okStr(st.OK), st.Detail)
			}
		})
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
