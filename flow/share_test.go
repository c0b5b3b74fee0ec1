package flow

import (
	"bytes"
	"compress/flate"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/scenario"
)

// A chain's share link carries the pasted certificates, the host and the
// time, and nothing else that was pasted: no private key, no text around
// them. Opened, it inspects to the same verdict.
func TestChainLink(t *testing.T) {
	e := newEngine(t)
	c := exported(t, "hostname-mismatch")
	key := "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n"
	req := ChainRequest{Chain: "depth=0 CN = secret-noise-42\n" + string(c.Chain) + key, Roots: string(c.Roots), Name: "https://" + c.Name + "/x", Time: c.Time.Format(time.RFC3339)}
	frag, err := ChainLink(req)
	if err != nil {
		t.Fatal(err)
	}
	if !IsChainLink(frag) || len(frag) > scenario.MaxFragmentLen {
		t.Fatalf("fragment %q", frag[:20])
	}
	back, err := ReadChainLink(frag)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"PRIVATE KEY", "MIGHAgEA", "secret-noise-42"} {
		if strings.Contains(back.Chain+back.Roots, secret) {
			t.Errorf("the link carries %q", secret)
		}
	}
	if back.Name != req.Name || back.Time != req.Time || strings.Count(back.Chain, "BEGIN CERTIFICATE") != strings.Count(string(c.Chain), "BEGIN CERTIFICATE") {
		t.Errorf("read back %+v", back)
	}
	for _, r := range []ChainRequest{req, back} {
		in, err := r.Read(time.Now())
		if err != nil {
			t.Fatal(err)
		}
		ans, err := e.Inspect(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		if got := ans.Inspection.Trace.Outcome.Reason.String(); got != "hostname_mismatch" {
			t.Errorf("inspected as %s", got)
		}
	}
}

// A link that is not a chain's, or damaged, or that carries anything but
// certificates, is refused in words, never opened.
func TestReadChainLinkRefuses(t *testing.T) {
	good, err := ChainLink(ChainRequest{Chain: string(exported(t, "verify-true").Chain)})
	if err != nil {
		t.Fatal(err)
	}
	keyLink := func() string {
		l := chainLink{Chain: [][]byte{derOfKey(t)}}
		js, _ := json.Marshal(l)
		return chainLinkPrefix + deflate64(t, js)
	}
	for name, frag := range map[string]string{
		"another version": "c2." + good[3:],
		"cut short":       good[:len(good)/2],
		"changed":         good[:40] + "!!" + good[42:],
		"a key inside":    keyLink(),
		"empty":           "c1.",
		"too long":        "c1." + strings.Repeat("A", scenario.MaxFragmentLen),
	} {
		if _, err := ReadChainLink(frag); err == nil {
			t.Errorf("%s: opened", name)
		} else if strings.Contains(err.Error(), "MII") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// The times a person types.
func TestParseTime(t *testing.T) {
	want := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	for _, s := range []string{"2026-06-01T12:00:00Z", "2026-06-01T14:00:00+02:00", "2026-06-01T12:00", "2026-06-01 12:00"} {
		if got, err := ParseTime(s); err != nil || !got.Equal(want) {
			t.Errorf("%q: %v %v", s, got, err)
		}
	}
	if _, err := ParseTime("yesterday"); err == nil || !strings.Contains(err.Error(), `"yesterday"`) {
		t.Errorf("yesterday: %v", err)
	}
}

// The page's engine answers an inspection with the answer, the report it
// draws and the share link.
func TestWorkshopInspect(t *testing.T) {
	w := NewWorkshop(newEngine(t))
	c := exported(t, "expired")
	arg, _ := json.Marshal(ChainRequest{Chain: string(c.Chain), Roots: string(c.Roots), Name: c.Name, Time: c.Time.Format(time.RFC3339)})
	r := w.Handle(context.Background(), 1, "inspect", string(arg))
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	var page struct {
		Inspection struct{ Reason string }
		Report     struct{ Outcome struct{ Reason string } }
		Link       string
	}
	if err := json.Unmarshal([]byte(r.Text), &page); err != nil {
		t.Fatal(err)
	}
	if page.Inspection.Reason != "expired" || page.Report.Outcome.Reason != "expired" || !IsChainLink(page.Link) {
		t.Errorf("%+v", page)
	}
	if r := w.Handle(context.Background(), 2, "inspect", `{"chain": 5}`); r.Err == nil {
		t.Error("a chain that is a number")
	}
	if r := w.Handle(context.Background(), 3, "inspect", `{"chain": "nothing"}`); r.Err == nil || !strings.Contains(r.Err.Error(), "holds no certificate") {
		t.Errorf("no certificate: %v", r.Err)
	}
}

func derOfKey(t *testing.T) []byte {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func deflate64(t *testing.T, b []byte) string {
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestCompression)
	w.Write(b)
	w.Close()
	return base64.RawURLEncoding.EncodeToString(buf.Bytes())
}

// FuzzReadChainLink feeds arbitrary fragments to the chain link reader: it
// refuses or reads certificates, never panics, and what it reads is
// certificates alone.
func FuzzReadChainLink(f *testing.F) {
	ex := exported(f, "verify-true")
	c, err := ChainLink(ChainRequest{Chain: string(ex.Chain), Roots: string(ex.Roots), Name: ex.Name})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(c)
	f.Add("c1.")
	f.Add("c1.AAAA")
	f.Fuzz(func(t *testing.T, frag string) {
		r, err := ReadChainLink(frag)
		if err != nil {
			return
		}
		for _, text := range []string{r.Chain, r.Roots} {
			if strings.Contains(text, "PRIVATE") {
				t.Errorf("a link read a key: %q", text)
			}
		}
	})
}
