//go:build workerd

package workertest

import (
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// A bank is one local TLS server: a preset's leaf, made out to 127.0.0.1 as well,
// sending the chain the preset sends.
type bank struct {
	port  int
	chain []*x509.Certificate // as sent, leaf first
}

// fixture is every local server the tests probe through the workers.
type fixture struct {
	banks map[string]*bank // by preset id, plus "unknown-authority"
	// aiaHits counts fetches of the intermediate from the AIA server.
	aiaHits atomic.Int32
	rootPEM []byte

	silentPort int // accepts connections and never says a word
	closedPort int // nothing listens there

	closers []func()
	silent  struct {
		sync.Mutex
		conns []net.Conn
	}
}

// start crafts one PKI, the verify-true preset's root and intermediate with the
// leaves of the stories under test, and serves each leaf on 127.0.0.1; close
// undoes whatever part of it was done.
func (f *fixture) start() error {
	f.banks = map[string]*bank{}
	var intermediateDER []byte
	aia := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/issuer.crt" {
			http.NotFound(w, r)
			return
		}
		f.aiaHits.Add(1)
		w.Header().Set("Content-Type", "application/pkix-cert")
		w.Write(intermediateDER)
	}))
	f.closers = append(f.closers, aia.Close)

	base := scenario.Lookup("verify-true").Scenario()
	specs := []pki.Spec{base.Spec(scenario.Root).Clone(), base.Spec(scenario.Intermediate).Clone()}
	sends := map[string][]string{}
	// unknown-authority is missing-intermediate's bank without an AIA URL: only the
	// fetched issuer tells the two apart.
	for _, c := range []struct{ name, preset, issuerURL string }{
		{"verify-true", "verify-true", ""},
		{"expired", "expired", ""},
		{"missing-intermediate", "missing-intermediate", aia.URL + "/issuer.crt"},
		{"unknown-authority", "missing-intermediate", ""},
	} {
		s := scenario.Lookup(c.preset).Scenario()
		leaf := s.Spec(scenario.Leaf).Clone()
		leaf.Name, leaf.IPAddresses, leaf.IssuerURL = c.name, []string{"127.0.0.1"}, c.issuerURL
		specs = append(specs, leaf)
		send, _ := s.Answering()
		for _, n := range send {
			if n == scenario.Leaf {
				n = c.name
			}
			sends[c.name] = append(sends[c.name], n)
		}
	}
	set, err := pki.Build(specs, time.Now())
	if err != nil {
		return err
	}
	intermediateDER = set.Get(scenario.Intermediate).Cert.Raw
	f.rootPEM = pki.CertPEM(set.Get(scenario.Root).Cert)

	for name, send := range sends {
		b := &bank{}
		cert := tls.Certificate{PrivateKey: set.Get(name).Key}
		if b.chain, err = set.Certs(send); err != nil {
			return err
		}
		for _, c := range b.chain {
			cert.Certificate = append(cert.Certificate, c.Raw)
		}
		ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}})
		if err != nil {
			return err
		}
		srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("hello")) })}
		go srv.Serve(ln)
		f.closers = append(f.closers, func() { srv.Close() })
		b.port = ln.Addr().(*net.TCPAddr).Port
		f.banks[name] = b
	}

	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	f.silentPort = silent.Addr().(*net.TCPAddr).Port
	f.closers = append(f.closers, func() { silent.Close() })
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			f.silent.Lock()
			f.silent.conns = append(f.silent.conns, c)
			f.silent.Unlock()
		}
	}()

	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	f.closedPort = closed.Addr().(*net.TCPAddr).Port
	closed.Close()
	return nil
}

// allowedPorts are the workers' ALLOWED_PORTS: every local server's.
func (f *fixture) allowedPorts() []int {
	ports := []int{f.silentPort, f.closedPort}
	for _, b := range f.banks {
		ports = append(ports, b.port)
	}
	return ports
}

func (f *fixture) close() {
	for _, c := range f.closers {
		c()
	}
	f.silent.Lock()
	defer f.silent.Unlock()
	for _, c := range f.silent.conns {
		c.Close()
	}
}
