package export

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io"
	"path"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/x509roots/fallback/bundle"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// wantFiles is the export set a scenario must produce, in order.
func wantFiles(s *scenario.Scenario) []string {
	names := []string{CAFile, ServerChainFile, ServerKeyFile}
	if s.MTLS() {
		switch s.Client.Cert {
		case scenario.CertNone:
		case scenario.CertWithoutKey:
			names = append(names, ClientCertFile)
		default:
			names = append(names, ClientCertFile, ClientKeyFile, ClientCombined)
		}
		names = append(names, ClientCAFile)
	}
	return append(names, ScenarioFile, ReadmeFile)
}

// clientFiles are the files only a story with a badge writes.
var clientFiles = []string{ClientCertFile, ClientKeyFile, ClientCombined, ClientCAFile}

// isMaterialFile reports whether name is one of the files this test covers: the
// certificates, keys, scenario and README at the top of the set. The rest (the
// reproduce kit) has tests of its own.
func isMaterialFile(name string) bool {
	return slices.Contains(clientFiles, name) ||
		slices.Contains([]string{CAFile, ServerChainFile, ServerKeyFile, ScenarioFile, ReadmeFile}, name)
}

// materialNames are the names of the material files, in order.
func materialNames(files []File) []string {
	var names []string
	for _, f := range files {
		if isMaterialFile(f.Name) {
			names = append(names, f.Name)
		}
	}
	return names
}

// parseCerts reads every CERTIFICATE block of a PEM file.
func parseCerts(t *testing.T, data []byte) []*x509.Certificate {
	t.Helper()
	var out []*x509.Certificate
	for _, b := range certsPEM(data) {
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

func certsPEM(data []byte) []*pem.Block {
	var out []*pem.Block
	for rest := data; ; {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			return out
		}
		if b.Type == "CERTIFICATE" {
			out = append(out, b)
		}
	}
}

func sameCerts(a, b []*x509.Certificate) bool {
	return slices.EqualFunc(a, b, (*x509.Certificate).Equal)
}

// keyIn parses the one unencrypted PKCS#8 key in a PEM file.
func keyIn(t *testing.T, data []byte) crypto.Signer {
	t.Helper()
	for rest := data; ; {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			t.Fatal("no PRIVATE KEY block")
		}
		if b.Type == "PRIVATE KEY" {
			k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
			if err != nil {
				t.Fatal(err)
			}
			return k.(crypto.Signer)
		}
	}
}

func samePublic(a, b crypto.PublicKey) bool {
	return a.(interface{ Equal(crypto.PublicKey) bool }).Equal(b)
}

// TestFiles checks every preset's export set: exactly the documented files, each
// holding what its name promises.
func TestFiles(t *testing.T) {
	for _, p := range scenario.Presets {
		t.Run(p.ID, func(t *testing.T) {
			t.Parallel()
			set, err := Build(context.Background(), p.At(scenario.PresetClock))
			if err != nil {
				t.Fatal(err)
			}
			m, s := set.Material, set.Material.Scenario
			if got, want := materialNames(set.Files), wantFiles(s); !slices.Equal(got, want) {
				t.Fatalf("files %v, want %v", got, want)
			}
			files := map[string]File{}
			for _, f := range set.Files {
				files[f.Name] = f
				// Nor, anywhere (a fixed story has no mTLS either).
				if !s.MTLS() && slices.Contains(clientFiles, path.Base(f.Name)) {
					t.Errorf("a story without mTLS writes %s", f.Name)
				}
				if !isMaterialFile(f.Name) {
					continue
				}
				secret := f.Name == ServerKeyFile || f.Name == ClientKeyFile || f.Name == ClientCombined
				if want := map[bool]uint32{true: 0o600, false: 0o644}[secret]; uint32(f.Mode) != want {
					t.Errorf("%s has mode %o, want %o", f.Name, f.Mode, want)
				}
			}

			if got := parseCerts(t, files[ServerChainFile].Data); !sameCerts(got, m.Sent) {
				t.Error("server-chain.pem is not what the server sends, in order")
			}
			// The key the bank holds: its leaf's, or the one the story gives it
			// instead (server-wrong-key).
			holds := m.Sent[0].PublicKey
			if send, key := s.Answering(); len(send) > 0 && key != send[0] {
				holds = m.Set.Get(key).Cert.PublicKey
				if samePublic(holds, m.Sent[0].PublicKey) {
					t.Errorf("the bank holds %s's key, which is the leaf's", key)
				}
			}
			if key := keyIn(t, files[ServerKeyFile].Data); !samePublic(key.Public(), holds) {
				t.Error("server.key is not the key the bank holds")
			}
			if s.MTLS() {
				if got := parseCerts(t, files[ClientCAFile].Data); !sameCerts(got, m.ClientCAs) {
					t.Error("client-ca.pem is not what the bank trusts")
				}
			}
			if f, ok := files[ClientCertFile]; ok {
				badge := m.Set.Get(s.Client.Badge).Cert
				if got := parseCerts(t, f.Data); len(got) != 1 || !got[0].Equal(badge) {
					t.Error("client.crt is not the badge")
				}
			}
			if f, ok := files[ClientCombined]; ok {
				if !bytes.Equal(f.Data, append(append([]byte(nil), files[ClientCertFile].Data...), files[ClientKeyFile].Data...)) {
					t.Error("client-combined.pem is not client.crt followed by client.key")
				}
			}

			back, err := scenario.ParseJSON(files[ScenarioFile].Data)
			if err != nil {
				t.Fatalf("scenario.json does not read back: %v", err)
			}
			if a, b := mustJSON(t, back), mustJSON(t, s); !bytes.Equal(a, b) {
				t.Errorf("scenario.json is another scenario:\n%s\n%s", a, b)
			}

			readme := string(files[ReadmeFile].Data)
			for _, want := range append(wantFiles(s), s.Title, s.Client.Dial, set.Trace.Outcome.Reason.String()) {
				if !strings.Contains(readme, want) {
					t.Errorf("README.txt does not mention %q:\n%s", want, readme)
				}
			}
			// Who changes for the fixed story: a revoked certificate is the
			// courier's to start checking and the bank's to replace.
			words := strings.Join(strings.Fields(readme), " ")
			if strings.Contains(words, "the both's") || strings.HasPrefix(p.ID, "revoked-") != strings.Contains(words, "(both sides change;") {
				t.Errorf("README.txt misnames who changes for the fix:\n%s", readme)
			}
		})
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	js, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return js
}

// TestBadgeKeyFiles: the key file is the badge's own key, someone else's, or
// encrypted, as the story says.
func TestBadgeKeyFiles(t *testing.T) {
	for id, want := range map[string]string{
		"mtls-ok":            "own",
		"mtls-combined-pem":  "own",
		"mtls-key-mismatch":  "other",
		"mtls-encrypted-key": "encrypted",
	} {
		t.Run(id, func(t *testing.T) {
			set, err := Build(context.Background(), scenario.Lookup(id).At(scenario.PresetClock))
			if err != nil {
				t.Fatal(err)
			}
			m := set.Material
			var keyPEM []byte
			for _, f := range set.Files {
				if f.Name == ClientKeyFile {
					keyPEM = f.Data
				}
			}
			badge := m.Set.Get(m.Scenario.Client.Badge)
			if want == "encrypted" {
				if b, _ := pem.Decode(keyPEM); b == nil || b.Type != "ENCRYPTED PRIVATE KEY" {
					t.Fatalf("client.key is not an encrypted PKCS#8 key:\n%s", keyPEM)
				}
				return
			}
			key := keyIn(t, keyPEM)
			if own := samePublic(key.Public(), badge.Cert.PublicKey); own != (want == "own") {
				t.Fatalf("client.key is the badge's own key: %v, want %s", own, want)
			}
			for _, name := range m.Set.Order {
				if other := m.Set.Get(name); samePublic(key.Public(), other.Cert.PublicKey) && want == "other" {
					t.Fatalf("the mismatched key belongs to %s: it should belong to no certificate", name)
				}
			}
		})
	}
}

// TestCABundle: ca.pem holds what the courier trusts, and for verify=False what
// verify=True would have trusted, never nothing.
func TestCABundle(t *testing.T) {
	mozilla := 0
	for range bundle.Roots() {
		mozilla++
	}
	for _, tt := range []struct {
		preset string
		want   []string // Common Names of ca.pem's certificates; nil: Mozilla's roots
		note   string   // in README.txt
	}{
		{"verify-true", []string{"Playground Public Root CA"}, TrustedBundleNote[:40]},
		{"verify-false-mitm", []string{"Playground Public Root CA"}, "verify=False trusts nothing and checks nothing"},
		{"custom-ca-bundle", []string{"Example Corp Root CA"}, ""},
		{"internal-ca-default-bundle", nil, "this scenario has no simulated public root"},
	} {
		t.Run(tt.preset, func(t *testing.T) {
			set, err := Build(context.Background(), scenario.Lookup(tt.preset).At(scenario.PresetClock))
			if err != nil {
				t.Fatal(err)
			}
			var ca, readme string
			for _, f := range set.Files {
				switch f.Name {
				case CAFile:
					ca = string(f.Data)
				case ReadmeFile:
					readme = strings.Join(strings.Fields(string(f.Data)), " ")
				}
			}
			certs := parseCerts(t, []byte(ca))
			if tt.want == nil {
				if len(certs) != mozilla {
					t.Errorf("ca.pem holds %d certificates, want Mozilla's %d roots", len(certs), mozilla)
				}
			} else {
				var names []string
				for _, c := range certs {
					names = append(names, c.Subject.CommonName)
				}
				if !slices.Equal(names, tt.want) {
					t.Errorf("ca.pem holds %q, want %q", names, tt.want)
				}
			}
			if tt.note == "" {
				if strings.Contains(readme, "Note:") {
					t.Errorf("README.txt has a note on a custom bundle:\n%s", readme)
				}
			} else if !strings.Contains(readme, tt.note) {
				t.Errorf("README.txt does not say %q:\n%s", tt.note, readme)
			}
		})
	}
}

func TestZip(t *testing.T) {
	set, data := kitZip(t)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != len(set.Files) {
		t.Fatalf("%d entries, want %d", len(zr.File), len(set.Files))
	}
	for i, zf := range zr.File {
		f := set.Files[i]
		if zf.Name != "mtls-ok/"+f.Name || zf.Mode() != f.Mode {
			t.Errorf("entry %s mode %v, want mtls-ok/%s mode %v", zf.Name, zf.Mode(), f.Name, f.Mode)
		}
		// Dated when it was made: exactly (the extended timestamp), and in
		// MS-DOS's fields, to their two seconds.
		if !zf.Modified.Equal(kitMade) || zf.ModifiedDate != 0x5CC1 || zf.ModifiedTime != 12<<11|34<<5|28 {
			t.Errorf("entry %s dated %v (MS-DOS %#x %#x), want %v", zf.Name, zf.Modified, zf.ModifiedDate, zf.ModifiedTime, kitMade)
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc)
		rc.Close()
		if err != nil || !bytes.Equal(got, f.Data) {
			t.Errorf("%s does not hold the file (%v)", zf.Name, err)
		}
	}
}

// kitMade is when kitZip's zip says its files were made.
var kitMade = time.Date(2026, 6, 1, 12, 34, 56, 0, time.UTC)

// kitZip is mtls-ok's export set and its zip.
func kitZip(t *testing.T) (*Set, []byte) {
	t.Helper()
	set, err := Build(context.Background(), scenario.Lookup("mtls-ok").At(scenario.PresetClock))
	if err != nil {
		t.Fatal(err)
	}
	data, err := Zip("mtls-ok", set.Files, kitMade)
	if err != nil {
		t.Fatal(err)
	}
	return set, data
}

// A kit stopped in its cure's replay (after its story's every checkpoint)
// stops, as the answer does (the one CureOf finds both cures): it is not
// built with the first failure's cure alone, whose fixed/ would leave the
// expired badge the fix says to renew.
func TestBuildStoppedInItsReplay(t *testing.T) {
	s := scenario.Lookup("mtls-expired-client").At(scenario.PresetClock)
	s.Spec(scenario.Root).Public = false
	m, err := handshake.NewMaterial(s)
	if err != nil {
		t.Fatal(err)
	}
	first := 0
	if _, err := m.Run(pki.WithCheckpoint(context.Background(), func() error { first++; return nil })); err != nil {
		t.Fatal(err)
	}
	stop, calls := errors.New("stopped"), 0
	ctx := pki.WithCheckpoint(context.Background(), func() error {
		if calls++; calls > first {
			return stop
		}
		return nil
	})
	if _, err := Build(ctx, s); !errors.Is(err, stop) {
		t.Errorf("a kit stopped in its replay was built: %v", err)
	}
	if set, err := Build(context.Background(), s); err != nil || set.Cure == nil || set.Cure.Next == nil {
		t.Errorf("the kit's cure did not play on: %v", err)
	}
}

// TestRunServerVersions: the kit's bank takes the versions the story's bank
// takes, its lowest TLS 1.2 where the story leaves it out (Go's server
// default): s_server, on Debian's OpenSSL 3.0, would take TLS 1.1 and answer
// it with an internal error alert where Go's bank sends protocol_version
// (clients' TestKit runs it against a courier capped at TLS 1.1). A bank
// that takes TLS 1.0 or 1.1 signs there with SHA-1, which s_server does at
// security level 0 only: else it answers a courier capped at TLS 1.1 with
// an internal error alert where Go's bank signs and the courier refuses it.
func TestRunServerVersions(t *testing.T) {
	for _, tt := range []struct {
		min, max scenario.Version
		want     string
	}{
		{"", "", "-min_protocol TLSv1.2"},
		{scenario.TLS10, "", "-min_protocol TLSv1 "},
		{scenario.TLS13, "", "-min_protocol TLSv1.3"},
		{scenario.TLS11, scenario.TLS11, "-min_protocol TLSv1.1 -max_protocol TLSv1.1"},
		// A bank whose lowest is before TLS 1.2 signs there with SHA-1,
		// as Go's does: s_server only at security level 0 (review 19).
		{scenario.TLS10, "", "-cipher DEFAULT:@SECLEVEL=0"},
		{scenario.TLS11, "", "-cipher DEFAULT:@SECLEVEL=0"},
	} {
		s := scenario.Lookup("verify-true").At(scenario.PresetClock)
		s.Server.MinVersion, s.Server.MaxVersion = tt.min, tt.max
		set, err := Build(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		script := string(set.File(RunServerFile))
		if line := script[strings.LastIndex(script, "set -- openssl s_server"):]; !strings.Contains(line[:strings.IndexByte(line, '\n')]+" ", tt.want) {
			t.Errorf("bank min %q max %q: %q, want %q", tt.min, tt.max, line[:strings.IndexByte(line, '\n')], tt.want)
		}
	}
}
