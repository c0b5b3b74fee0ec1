package ui

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/handshake"
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
