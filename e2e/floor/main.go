//go:build js && wasm

// Command floor is the least a Go js/wasm page needs to show the verdict of
// one real crypto/tls handshake: a certificate made on the spot, both ends in
// this program over an in-memory pipe, the outcome written into the DOM.
// make bench measures the page against it, built with the same flags.
package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"math/big"
	"net"
	"sync"
	"syscall/js"
	"time"
)

func main() {
	verdict, ok := handshake()
	el := js.Global().Get("document").Call("getElementById", "verdict")
	el.Set("textContent", verdict)
	el.Get("dataset").Set("ok", ok)
	js.Global().Get("performance").Call("mark", "tlsplay:first-verdict")
}

// handshake has a courier that trusts the bank's self-signed certificate
// dial bank.example, and says what came of it.
func handshake() (string, bool) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err.Error(), false
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "bank.example"},
		DNSNames: []string{"bank.example"}, NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return err.Error(), false
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return err.Error(), false
	}
	roots := x509.NewCertPool()
	roots.AddCert(cert)
	c2s, s2c := newPipe(), newPipe()
	server := tls.Server(conn{s2c, c2s}, &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}})
	client := tls.Client(conn{c2s, s2c}, &tls.Config{RootCAs: roots, ServerName: "bank.example"})
	go server.Handshake()
	if err := client.Handshake(); err != nil {
		return "refused: " + err.Error(), false
	}
	st := client.ConnectionState()
	return "ok: " + tls.VersionName(st.Version) + ", " + tls.CipherSuiteName(st.CipherSuite) + ", " + st.CurveID.String(), true
}

// pipe is one direction of the connection, with a queue: a side that fails
// writes its alert without waiting for the other to read.
type pipe struct {
	mu     sync.Mutex
	more   *sync.Cond
	buf    bytes.Buffer
	closed bool
}

func newPipe() *pipe {
	p := &pipe{}
	p.more = sync.NewCond(&p.mu)
	return p
}

// conn reads from r and writes to w.
type conn struct{ r, w *pipe }

func (c conn) Read(b []byte) (int, error) {
	c.r.mu.Lock()
	defer c.r.mu.Unlock()
	for c.r.buf.Len() == 0 && !c.r.closed {
		c.r.more.Wait()
	}
	if c.r.buf.Len() == 0 {
		return 0, io.EOF
	}
	return c.r.buf.Read(b)
}

func (c conn) Write(b []byte) (int, error) {
	c.w.mu.Lock()
	defer c.w.mu.Unlock()
	if c.w.closed {
		return 0, io.ErrClosedPipe
	}
	c.w.more.Broadcast()
	return c.w.buf.Write(b)
}

func (c conn) Close() error {
	for _, p := range []*pipe{c.r, c.w} {
		p.mu.Lock()
		p.closed = true
		p.more.Broadcast()
		p.mu.Unlock()
	}
	return nil
}

func (conn) LocalAddr() net.Addr              { return addr{} }
func (conn) RemoteAddr() net.Addr             { return addr{} }
func (conn) SetDeadline(time.Time) error      { return nil }
func (conn) SetReadDeadline(time.Time) error  { return nil }
func (conn) SetWriteDeadline(time.Time) error { return nil }

type addr struct{}

func (addr) Network() string { return "memory" }
func (addr) String() string  { return "memory" }
