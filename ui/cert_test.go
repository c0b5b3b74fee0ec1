package ui

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/handshake/wire"
	"github.com/tlsplay/tlsplay/scenario"
)

// The inspector shows what a real server's certificate says: its names,
// revocation pointers, SCTs, fingerprints and extensions; and of a
// certificate Go cannot read, why.
func TestCertRows(t *testing.T) {
	b, err := os.ReadFile("../handshake/testdata/limbo/limbo.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Testcases []struct {
			ID      string     `json:"id"`
			Peer    string     `json:"peer_certificate"`
			Inter   []string   `json:"untrusted_intermediates"`
			Trusted []string   `json:"trusted_certs"`
			Time    *time.Time `json:"validation_time"`
		}
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	rows := map[string]map[string]string{}
	for _, c := range doc.Testcases {
		if c.ID != "online::google.com" && c.ID != "rfc5280::duplicate-extensions" {
			continue
		}
		now := time.Now()
		if c.Time != nil {
			now = *c.Time
		}
		ins, err := handshake.Inspect(handshake.ChainInput{Chain: []byte(c.Peer + strings.Join(c.Inter, "")), Roots: []byte(strings.Join(c.Trusted, "")), Name: "google.com", Now: now})
		if err != nil {
			t.Fatal(err)
		}
		rows[c.ID] = map[string]string{}
		for _, r := range CertRows(ins.Certificates[0]) {
			if r.Value == "" {
				t.Errorf("%s: empty row %s", c.ID, r.Label)
			}
			rows[c.ID][r.Label] = r.Value
		}
	}
	g := rows["online::google.com"]
	for _, label := range []string{"Subject", "DNS names", "OCSP responder", "CRL", "SCTs (2)", "SHA-256", "SHA-1", "Extensions", "Authority key ID", "Issuer's certificate at"} {
		if g[label] == "" {
			t.Errorf("google.com: no %s row (rows %v)", label, g)
		}
	}
	if !strings.Contains(g["DNS names"], "*.google.com") || !strings.Contains(g["Extensions"], "signed certificate timestamps") {
		t.Errorf("google.com: %q, %q", g["DNS names"], g["Extensions"])
	}
	d := rows["rfc5280::duplicate-extensions"]
	if !strings.Contains(d["Cannot be read"], "duplicate extension") || d["CA"] != "" || d["SHA-1"] == "" {
		t.Errorf("an unreadable certificate: %v", d)
	}
}

// TestCertRowsRevocation: in the revoked stories the inspector says, of each
// certificate the bank sent, what its issuer's CRL and OCSP response say.
func TestCertRowsRevocation(t *testing.T) {
	tests := []struct {
		preset string
		want   []map[string]string // per certificate sent: label → a part of the value
	}{
		{"revoked-leaf", []map[string]string{
			{"Revoked? (CRL)": "revoked 2026-05-30 12:00:00 UTC, key compromise (Playground Issuing CA 1's CRL", "Revoked? (OCSP)": "revoked since 2026-05-30 12:00:00 UTC, key compromise (signed by Playground Issuing CA 1"},
			{"Revoked? (CRL)": "not listed (Playground Public Root CA's CRL", "Revoked? (OCSP)": "good (signed by Playground Public Root CA"}}},
		{"revoked-intermediate", []map[string]string{
			{"Revoked? (CRL)": "not listed", "Revoked? (OCSP)": "good"},
			{"Revoked? (CRL)": "revoked 2026-05-30 12:00:00 UTC", "Revoked? (OCSP)": "revoked since"}}},
		{"verify-true", []map[string]string{{"Revoked? (CRL)": "", "Revoked? (OCSP)": ""}, {"Revoked? (CRL)": ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.preset, func(t *testing.T) {
			tr, err := handshake.Run(context.Background(), scenario.Lookup(tt.preset).At(scenario.PresetClock))
			if err != nil {
				t.Fatal(err)
			}
			var certs []handshake.CertSummary
			for _, st := range tr.Steps {
				if st.Side == handshake.Server && st.IsMessage(wire.TypeCertificate) {
					certs = st.Certs
				}
			}
			if len(certs) != len(tt.want) {
				t.Fatalf("%d certificates sent, want %d", len(certs), len(tt.want))
			}
			for i, want := range tt.want {
				got := map[string]string{}
				for _, r := range CertRows(certs[i]) {
					got[r.Label] = r.Value
				}
				for label, part := range want {
					if v, ok := got[label]; part == "" && ok || part != "" && !strings.Contains(v, part) {
						t.Errorf("certificate %d: %s = %q, want %q", i, label, v, part)
					}
				}
			}
		})
	}
}
