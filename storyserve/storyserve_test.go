package storyserve

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/export"
	"github.com/tlsplay/tlsplay/scenario"
)

// Renaming a story under its host keeps what matches and what does not: the
// engine's verdict is the story's own.
func TestRenameKeepsVerdicts(t *testing.T) {
	tests := []struct {
		id, dial string
		leafDNS  []string
	}{
		{"verify-true", "verify-true.tlsplay.test", []string{"verify-true.tlsplay.test", "www.verify-true.tlsplay.test"}},
		{"hostname-mismatch", "hostname-mismatch.tlsplay.test", []string{"www.hostname-mismatch.tlsplay.test"}},
		{"wildcard-too-deep", "a.b.wildcard-too-deep.tlsplay.test", []string{"*.wildcard-too-deep.tlsplay.test"}},
		{"custom-ca-bundle", "vault.custom-ca-bundle.tlsplay.test", []string{"vault.custom-ca-bundle.tlsplay.test"}},
		{"name-constraints", "name-constraints.tlsplay.test", []string{"name-constraints.tlsplay.test", "www.name-constraints.tlsplay.test"}},
		{"ip-mismatch", "192.0.2.20", []string{"bank.example", "www.bank.example"}},
	}
	var presets []*scenario.Preset
	for _, tt := range tests {
		presets = append(presets, scenario.Lookup(tt.id))
	}
	stories, err := Craft(context.Background(), presets, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for i, tt := range tests {
		st := stories[i]
		s := st.Set.Material.Scenario
		if st.Host != tt.dial || s.Client.Dial != tt.dial || !slices.Equal(s.Spec(scenario.Leaf).DNSNames, tt.leafDNS) {
			t.Errorf("%s: dials %s (host %s), leaf %v; want %s, %v", tt.id, s.Client.Dial, st.Host, s.Spec(scenario.Leaf).DNSNames, tt.dial, tt.leafDNS)
		}
		orig := scenario.Lookup(tt.id).Scenario()
		orig.Now = s.Now
		want, err := export.Build(context.Background(), orig)
		if err != nil {
			t.Fatal(err)
		}
		if got, w := st.Set.Trace.Outcome.Reason, want.Trace.Outcome.Reason; got != w {
			t.Errorf("%s: %s renamed, %s as the story", tt.id, got, w)
		}
		if got := route(stories, tt.dial); !isIP(tt.dial) && got != st {
			t.Errorf("%s: SNI %s routes to %v", tt.id, tt.dial, got)
		}
	}
	if got := route(stories, ""); got == nil || got.ID != "ip-mismatch" {
		t.Errorf("no SNI routes to %v, want the story that dials an address", got)
	}
	if got := route(stories, "nothing.tlsplay.test"); got != nil {
		t.Errorf("an unknown name routes to %s", got.ID)
	}
}

// With ports, each story answers on its own port without SNI routing, GET /
// says which story it is, and the hints name every story's URL and host.
func TestPortsAndHints(t *testing.T) {
	var presets []*scenario.Preset
	for _, id := range []string{"verify-true", "hostname-mismatch"} {
		presets = append(presets, scenario.Lookup(id))
	}
	stories, err := Craft(context.Background(), presets, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	srv, err := Listen(stories, "127.0.0.1:0", true)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if stories[0].Port == stories[1].Port {
		t.Fatalf("both stories on port %d", stories[0].Port)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(PublicRoots(stories))
	st := stories[0]
	c, err := tls.Dial("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(st.Port)), &tls.Config{ServerName: st.Host, RootCAs: roots})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "GET / HTTP/1.1\r\nHost: "+st.Host+"\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if !strings.HasPrefix(string(body), "verify-true: ") || !strings.Contains(string(body), "- curl works") {
		t.Errorf("GET / answered %q", body)
	}
	// The mismatch story's certificate does not name the host it answers at.
	if _, err := tls.Dial("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(stories[1].Port)), &tls.Config{ServerName: stories[1].Host, RootCAs: roots}); err == nil || !strings.Contains(err.Error(), "not "+stories[1].Host) {
		t.Errorf("hostname-mismatch: %v", err)
	}
	var b strings.Builder
	Hints(&b, stories, "127.0.0.1:0")
	for _, want := range []string{"https://verify-true.tlsplay.test:" + strconv.Itoa(st.Port) + "/", "127.0.0.1 hostname-mismatch.tlsplay.test verify-true.tlsplay.test", "--resolve verify-true.tlsplay.test:"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("hints lack %q:\n%s", want, b.String())
		}
	}
	// The commands to copy hold --addr's host quoted for sh.
	b.Reset()
	Hints(&b, stories, "a$(id);b:0")
	for _, want := range []string{"curl --resolve 'verify-true.tlsplay.test:" + strconv.Itoa(st.Port) + ":a$(id);b' https://", "curl --connect-to 'verify-true.tlsplay.test:"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("hints lack %q:\n%s", want, b.String())
		}
	}
}
