//go:build workerd

package workertest

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// A bank is one local TLS server: a preset's leaf, made out to 127.0.0.1 and
// publicName as well, sending the chain the preset sends.
type storyServer struct {
	port  int
	chain []*x509.Certificate // as sent, leaf first
	conns atomic.Int32        // connections accepted
}

// publicName is the name the deployed worker probes the servers by: the tests'
// internet (testdata/looped.mjs) carries every connection to 127.0.0.1.
const publicName = "bank.example.com"

// issuerURLs are caIssuers URLs of servers like missing-intermediate's, each with
// whether each build may fetch it; the tests' internet carries every fetch to
// the issuer server, so one that was made is seen.
var issuerURLs = []struct {
	url        string
	test, prod bool
}{
	{"http://issuer.example.com/issuer.crt", true, true},
	{"http://127.0.0.1/issuer.crt", true, false},
	{"http://0x7f.0.0.1/issuer.crt", false, false},
	{"http://127.1/issuer.crt", false, false},
	{"http://2130706433/issuer.crt", false, false},
	{"http://0177.0.0.1/issuer.crt", false, false},
	{"http://127.0.0.1./issuer.crt", false, false},
	{"http://[::ffff:7f00:1]/issuer.crt", false, false},
	{"http://[64:ff9b::7f00:1]/issuer.crt", false, false},
	{"http://127.0.0.1.nip.io/issuer.crt", false, false},
	{"http://localhost/issuer.crt", false, false},
	{"http://169.254.169.254/issuer.crt", false, false},
}

// fixture is every local server the tests probe through the workers.
type fixture struct {
	servers map[string]*storyServer // by preset id, plus "unknown-authority"
	// issuerServers are missing-intermediate's servers by issuerURLs' URL.
	issuerServers map[string]*storyServer
	// aiaHits counts fetches of the intermediate from the AIA server.
	aiaHits atomic.Int32
	aiaURL  string // where the AIA server answers, host:port
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
	f.servers, f.issuerServers = map[string]*storyServer{}, map[string]*storyServer{}
	var intermediateDER []byte
	aia := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.aiaHits.Add(1) // whatever was asked: any fetch reaching here is one the worker made
		if r.URL.Path != "/issuer.crt" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/pkix-cert")
		w.Write(intermediateDER)
	}))
	f.closers = append(f.closers, aia.Close)
	f.aiaURL = aia.Listener.Addr().String()

	base := scenario.Lookup("verify-true").At(scenario.PresetClock)
	specs := []pki.Spec{base.Spec(scenario.Root).Clone(), base.Spec(scenario.Intermediate).Clone()}
	sends := map[string][]string{}
	// unknown-authority is missing-intermediate's bank without an AIA URL: only the
	// fetched issuer tells the two apart.
	type leaf struct{ name, preset, issuerURL string }
	leaves := []leaf{
		{"verify-true", "verify-true", ""},
		{"expired", "expired", ""},
		{"missing-intermediate", "missing-intermediate", aia.URL + "/issuer.crt"},
		{"unknown-authority", "missing-intermediate", ""},
	}
	issuerServer := map[string]string{} // bank name by URL
	for i, u := range issuerURLs {
		name := fmt.Sprintf("issuer-url-%d", i)
		leaves = append(leaves, leaf{name, "missing-intermediate", u.url})
		issuerServer[u.url] = name
	}
	for _, c := range leaves {
		s := scenario.Lookup(c.preset).At(scenario.PresetClock)
		leaf := s.Spec(scenario.Leaf).Clone()
		leaf.Name, leaf.IPAddresses, leaf.IssuerURL = c.name, []string{"127.0.0.1"}, c.issuerURL
		leaf.DNSNames = append(leaf.DNSNames, publicName)
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
		b := &storyServer{}
		cert := tls.Certificate{PrivateKey: set.Get(name).Key}
		if b.chain, err = set.Certs(send); err != nil {
			return err
		}
		for _, c := range b.chain {
			cert.Certificate = append(cert.Certificate, c.Raw)
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("hello")) })}
		go srv.Serve(tls.NewListener(countingListener{ln, &b.conns}, &tls.Config{Certificates: []tls.Certificate{cert}}))
		f.closers = append(f.closers, func() { srv.Close() })
		b.port = ln.Addr().(*net.TCPAddr).Port
		f.servers[name] = b
	}
	for u, name := range issuerServer {
		f.issuerServers[u] = f.servers[name]
		delete(f.servers, name)
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
	for _, bs := range []map[string]*storyServer{f.servers, f.issuerServers} {
		for _, b := range bs {
			ports = append(ports, b.port)
		}
	}
	return ports
}

// countingListener counts the connections it accepts.
type countingListener struct {
	net.Listener
	n *atomic.Int32
}

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.n.Add(1)
	}
	return c, err
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
