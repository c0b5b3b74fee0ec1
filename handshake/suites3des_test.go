package handshake

import (
	"crypto/tls"
	"net"
	"testing"

	"github.com/tlsplay/tlsplay/scenario"
)

// The 3des-only bank really speaks 3DES: a courier that still offers it (as
// old clients did) gets a handshake; Go's default courier offers none.
func TestBankSpeaks3DES(t *testing.T) {
	s := scenario.Lookup("3des-only-bank").At(scenario.PresetClock)
	m, err := NewMaterial(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, cs := range tls.InsecureCipherSuites() {
		if cs.Name != s.Server.CipherSuites[0] {
			continue
		}
		c, srv := net.Pipe()
		scfg := m.ServerConfig()
		done := make(chan error, 1)
		go func() {
			conn := tls.Server(srv, scfg)
			done <- conn.Handshake()
			conn.Close()
		}()
		cl := tls.Client(c, &tls.Config{InsecureSkipVerify: true, MaxVersion: tls.VersionTLS12, CipherSuites: []uint16{cs.ID}})
		if err := cl.Handshake(); err != nil {
			t.Fatalf("a courier offering %s: %v", cs.Name, err)
		}
		if got := cl.ConnectionState().CipherSuite; got != cs.ID {
			t.Errorf("negotiated %s", tls.CipherSuiteName(got))
		}
		cl.Close()
		if err := <-done; err != nil {
			t.Errorf("bank: %v", err)
		}
		return
	}
	t.Fatalf("%s is no suite of Go's", s.Server.CipherSuites[0])
}
