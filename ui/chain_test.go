package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/export"
	"github.com/tlsplay/tlsplay/flow"
	"github.com/tlsplay/tlsplay/scenario"
)

// What the box says of its fields before anything is asked of the engine.
func TestChainCheck(t *testing.T) {
	tests := []struct {
		name   string
		in     ChainInput
		fields []string // the fields with a problem, in order
	}{
		{"nothing", ChainInput{Trust: TrustMozilla}, []string{ChainCerts}},
		{"a chain", ChainInput{Chain: "-----BEGIN CERTIFICATE-----", Trust: TrustMozilla}, nil},
		{"a dropped file", ChainInput{ChainFile: []byte{0x30, 0x82}, Trust: TrustMozilla}, nil},
		{"a bundle chosen, none given", ChainInput{Chain: "x", Trust: TrustBundle}, []string{ChainRoots}},
		{"a bundle given but Mozilla chosen", ChainInput{Chain: "x", Trust: TrustMozilla, Roots: "y"}, nil},
		{"a URL", ChainInput{Chain: "x", Name: "https://bank.example:8443/login"}, nil},
		{"a host that is none", ChainInput{Chain: "x", Name: "bank..example"}, []string{ChainName}},
		// As every field that takes a host reads it (scenario.ReadHost).
		{"an ftp:// URL", ChainInput{Chain: "x", Name: "ftp://bank.example/"}, []string{ChainName}},
		{"an http:// URL", ChainInput{Chain: "x", Name: "http://bank.example/"}, []string{ChainName}},
		{"a user name", ChainInput{Chain: "x", Name: "https://me@bank.example/"}, []string{ChainName}},
		{"a path alone", ChainInput{Chain: "x", Name: "/v1/x"}, []string{ChainName}},
		{"a port that is none", ChainInput{Chain: "x", Name: "bank.example:https"}, []string{ChainName}},
		{"a time", ChainInput{Chain: "x", Time: "2026-06-01 12:00"}, nil},
		{"a time that is none", ChainInput{Chain: "x", Time: "soon"}, []string{ChainTime}},
		{"too much", ChainInput{Chain: strings.Repeat("x", flow.MaxPaste+1), Trust: TrustBundle, RootsFile: make([]byte, flow.MaxPaste+1)}, []string{ChainCerts, ChainRoots}},
	}
	for _, tt := range tests {
		req, ps := tt.in.Check()
		var fields []string
		for _, p := range ps {
			fields = append(fields, p.Field)
			if p.Message == "" {
				t.Errorf("%s: a problem without words", tt.name)
			}
		}
		if strings.Join(fields, ",") != strings.Join(tt.fields, ",") {
			t.Errorf("%s: problems at %v, want %v", tt.name, fields, tt.fields)
		}
		if tt.in.Trust != TrustBundle && req.Roots != "" {
			t.Errorf("%s: the bundle is sent though Mozilla's roots were chosen", tt.name)
		}
	}
}

// The engine's answer, read: the report to draw, and what the box says
// beside it (the twin, the key, the link).
func TestReadInspection(t *testing.T) {
	e, err := flow.New()
	if err != nil {
		t.Fatal(err)
	}
	s := scenario.Lookup("custom-ca-bundle").At(scenario.PresetClock)
	set, err := export.Build(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	in := ChainInput{Trust: TrustBundle, Name: s.Client.Dial, Time: s.Now.Format(time.RFC3339),
		Chain: string(set.File(export.ServerChainFile)) + "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n",
		Roots: string(set.File(export.CAFile))}
	req, ps := in.Check()
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	arg, _ := json.Marshal(req)
	r := flow.NewWorkshop(e).Handle(context.Background(), 1, "inspect", string(arg))
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	rep, ins, err := ReadInspection(r.Text)
	if err != nil {
		t.Fatal(err)
	}
	if !ins.OK || ins.Reason != "ok" || VerdictOf(rep).Reason != "ok" || len(ins.Certs) != 2 {
		t.Errorf("ok %v %s, %d certificates", ins.OK, ins.Reason, len(ins.Certs))
	}
	// Said of a key pasted alone too, with no certificate: no "too".
	if w := ins.KeyWarning(); !strings.HasPrefix(w, "A private key was pasted: it was taken out of the box") || !strings.Contains(w, "Treat it as exposed only if you pasted it somewhere else") {
		t.Errorf("key warning %q", w)
	}
	twin, err := ins.TwinScenario()
	if err != nil || twin == nil || !strings.HasPrefix(twin.Title, "Twin of") {
		t.Errorf("twin %v %v", twin, err)
	}
	if !strings.Contains(ins.TwinWords(), "the real keys are not here") {
		t.Errorf("twin words %q", ins.TwinWords())
	}
	if !strings.Contains(ins.ShareWords(), "no private key") || !strings.HasPrefix(ins.Link, "c1.") {
		t.Errorf("share %q %q", ins.ShareWords(), ins.Link)
	}
	for _, tt := range []struct {
		certs, bundle int
		story, share  string
	}{
		{1, 1, "The pasted certificate, verified", "puts the pasted certificate and the CA bundle's 1 certificate in the link"},
		{2, 144, "The 2 pasted certificates, verified", "puts the 2 pasted certificates and the CA bundle's 144 certificates in the link"},
	} {
		c := *ins
		c.Certs, c.Trust.Mozilla, c.Trust.Certificates = make([]struct{}, tt.certs), false, tt.bundle
		if !strings.HasPrefix(c.Story(), tt.story) || !strings.Contains(c.Story(), fmt.Sprintf("(%s)", certificates(tt.bundle))) || !strings.Contains(c.ShareWords(), tt.share) {
			t.Errorf("%d and %d certificates: %q, %q", tt.certs, tt.bundle, c.Story(), c.ShareWords())
		}
	}
	if !strings.Contains(ins.Story(), "Nothing pasted left the page") {
		t.Errorf("story %q", ins.Story())
	}
	// The link opens the same chain in the box, without the key.
	route := ParseRoute("#" + ins.Link)
	if route.Err != nil || route.Chain == nil || strings.Contains(route.Chain.Chain, "PRIVATE") || route.Chain.Roots == "" || route.Chain.Name != s.Client.Dial {
		t.Errorf("route %+v", route)
	}
	if _, _, err := ReadInspection(`{"report": {}}`); err == nil {
		t.Error("an answer without an inspection")
	}
}

// A dropped file's text goes into the field; DER stays beside it, named; a
// file over the limit is said before it is read.
func TestDropped(t *testing.T) {
	if text, file, label := Dropped("chain.pem", []byte("-----BEGIN CERTIFICATE-----\n")); text == "" || file != nil || label != "" {
		t.Errorf("PEM: %q %v %q", text, file, label)
	}
	if text, file, label := Dropped("leaf.der", []byte{0x30, 0x82, 0x01, 0x00}); text != "" || len(file) != 4 || !strings.Contains(label, "leaf.der") {
		t.Errorf("DER: %q %v %q", text, file, label)
	}
	if FileProblem("big.pem", flow.MaxPaste+1) == "" || FileProblem("ok.pem", 4000) != "" {
		t.Error("file sizes")
	}
}

// A box says a key was pasted while a field holds the text the key was taken
// out of, and not of a text pasted after it.
func TestKeyMemo(t *testing.T) {
	key := "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEI\n-----END EC PRIVATE KEY-----\n"
	cert := "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
	m := KeyMemo{}
	if text, found := m.Take(ChainCerts, cert); found || text != cert || m.Holds(ChainCerts, cert) {
		t.Errorf("no key: %q %v, held %v", text, found, m.Holds(ChainCerts, cert))
	}
	text, found := m.Take(ChainCerts, cert+key)
	if !found || text != cert || !m.Holds(ChainCerts, cert) {
		t.Errorf("a key after the certificate: %q %v", text, found)
	}
	if m.Holds(ChainRoots, cert) || m.Holds(ChainCerts, cert+"x") || m.Holds(ChainCerts, "") {
		t.Error("held for another field or another text")
	}
	// The same field, pasted again without a key: that text holds none.
	if _, found := m.Take(ChainCerts, "other"); found || m.Holds(ChainCerts, "other") || !m.Holds(ChainCerts, cert) {
		t.Error("a paste without a key is said to hold one")
	}
	// A key alone leaves the field empty, which then is the text it came with.
	if text, found := m.Take(ChainRoots, key); !found || text != "" || !m.Holds(ChainRoots, "") {
		t.Errorf("a key alone: %q %v", text, found)
	}
}

// Why nothing was inspected is a sentence; with a chain inspected before on
// screen, the box says the verdict is that one's.
func TestChainFailed(t *testing.T) {
	for _, tt := range []struct {
		why     string
		earlier bool
		want    string
	}{
		{"the chain holds no certificate: paste it", false, "The chain holds no certificate: paste it."},
		{"Nothing was inspected: the time is wrong.", true, "Nothing was inspected: the time is wrong. The verdict below is still that of the chain inspected before."},
		{"certificate 1 of the chain is damaged (a line is cut)", true, "Certificate 1 of the chain is damaged (a line is cut). The verdict below is still that of the chain inspected before."},
	} {
		if got := ChainFailed(tt.why, tt.earlier); got != tt.want {
			t.Errorf("ChainFailed(%q, %v) = %q, want %q", tt.why, tt.earlier, got, tt.want)
		}
	}
}

// The downloads and the share link say why they are off: for a probe, and for
// a pasted chain (its twin has files; a chain with no link says why).
func TestActionsOff(t *testing.T) {
	if files, share := ActionsOff(false, nil); files != "" || share != "" {
		t.Errorf("a story's actions are off: %q, %q", files, share)
	}
	files, share := ActionsOff(true, nil)
	if !strings.Contains(files, "no files") || !strings.Contains(share, "no share link") {
		t.Errorf("a probe: %q, %q", files, share)
	}
	var ins Inspection
	must(t, json.Unmarshal([]byte(`{"twin": {"scenario": {}}}`), &ins))
	ins.Link = "c1.x"
	files, share = ActionsOff(false, &ins)
	if !strings.Contains(files, "Play it opens its twin") || share != "" {
		t.Errorf("a chain with a twin and a link: %q, %q", files, share)
	}
	ins.Twin, ins.Link, ins.NoLink = nil, "", "the certificates take 9000 bytes, more than a link holds"
	files, share = ActionsOff(false, &ins)
	if files == "" || strings.Contains(files, "Play it") || !strings.Contains(share, "more than a link holds") {
		t.Errorf("a chain without a twin or a link: %q, %q", files, share)
	}
}

// A long host is clipped in what every field that takes one says of it.
func TestLongHostClipped(t *testing.T) {
	long := strings.Repeat("a", 5000) + ".example"
	_, chain := ChainInput{Chain: "x", Trust: TrustMozilla, Name: long}.Check()
	_, probe := ProbeInput{Host: long}.Check()
	for _, ps := range [][]scenario.Problem{chain, probe} {
		if len(ps) != 1 || len(ps[0].Message) > 300 || !strings.Contains(ps[0].Message, "… (5008 characters)") {
			t.Errorf("%+.400v", ps)
		}
	}
}
