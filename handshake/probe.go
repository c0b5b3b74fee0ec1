package handshake

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"time"

	"github.com/tlsplay/tlsplay/scenario"
)

// ProbeOptions says whom a probe talks to and what it trusts.
type ProbeOptions struct {
	// Host is the name (or IP) the certificate must be valid for.
	Host string
	// Port is the server's port, for the record (the caller has dialled already).
	Port int
	// SNI overrides the server_name sent; empty means Host (none for an IP).
	SNI string
	// Now is the clock verification uses; the caller reads it (this package never does).
	Now time.Time
	// ExtraRoots are trusted besides Mozilla's roots (tests use their own root).
	ExtraRoots []*x509.Certificate
	// Intermediates are certificates the prober found elsewhere (the leaf's AIA
	// caIssuers URL): they never make the verdict pass, they only tell a missing
	// intermediate from an unknown authority.
	Intermediates []*x509.Certificate
	// Timeout bounds the handshake and the short HTTP exchange after it.
	Timeout time.Duration
}

// Probe performs a real TLS handshake over conn with Go's crypto/tls client and
// returns the trace, decoded and decrypted like a scenario's. The handshake runs
// with verification off, so the chain is always captured; the verdict is computed
// afterwards with x509.Verify against Mozilla's roots (plus ExtraRoots) for Host at
// Now, with the same checks, reasons and outcome as the crafted stories.
//
// The error is non-nil only for bad options; a failed connection is an outcome.
func Probe(ctx context.Context, conn net.Conn, opt ProbeOptions) (*Trace, error) {
	if opt.Host == "" {
		return nil, errors.New("probe: no host")
	}
	if opt.Now.IsZero() {
		return nil, errors.New("probe: no clock")
	}
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()

	s := &scenario.Scenario{ID: "probe", Title: "A real handshake with " + opt.Host, Now: opt.Now,
		Client: scenario.Client{Dial: opt.Host, Port: opt.Port, SNI: opt.SNI, Verify: scenario.VerifyTrue}}
	bundle, err := mozillaBundle()
	if err != nil {
		return nil, err
	}
	m := &Material{Scenario: s, Roots: bundle.pool.Clone(),
		Trusted: append(append([]*x509.Certificate(nil), bundle.certs...), opt.ExtraRoots...), Known: opt.Intermediates, Remote: true}
	for _, c := range opt.ExtraRoots {
		m.Roots.AddCert(c)
	}

	kl := &keyLog{seen: map[string]bool{}}
	tp := &tap{start: time.Now()}
	tc := &tappedConn{Conn: conn, tap: tp}
	sni := opt.SNI
	if sni == "" {
		sni = opt.Host
	}
	if _, err := netip.ParseAddr(sni); err == nil {
		sni = "" // no SNI for an address, as every client does
	}
	client := tls.Client(tc, &tls.Config{
		ServerName:         sni,
		InsecureSkipVerify: true, // capture the chain whatever it is; verified below
		NextProtos:         []string{"http/1.1"},
		KeyLogWriter:       kl,
		Time:               func() time.Time { return opt.Now },
	})
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	cres := probeExchange(ctx, client, opt)
	client.Close()

	t := &Trace{Scenario: s, Segments: tp.segments(), KeyLog: kl.String()}
	if opt.Port > 0 {
		t.Target = net.JoinHostPort(opt.Host, fmt.Sprint(opt.Port))
	}
	if cres.handshakeErr == nil {
		if err := verifyPeer(cres.state, m, opt); err != nil {
			// The verdict a verifying client would have reached in its handshake.
			cres.handshakeErr = &tls.CertificateVerificationError{UnverifiedCertificates: cres.state.PeerCertificates, Err: err}
		}
	}
	var sres result // the server's side is not ours to see
	ctxErr := ctx.Err()
	if cres.handshakeErr != nil && isVerifyError(cres.handshakeErr) {
		ctxErr = nil // a verification verdict is not a timeout, even if reading the answer was cut short
	}
	if err := m.analyse(t, &cres, &sres, ctxErr); err != nil {
		return nil, err
	}
	return t, nil
}

// probeExchange does the handshake and a HEAD request, so that what a server sends
// after its handshake (session tickets, a refusal) is on record too.
func probeExchange(ctx context.Context, c *tls.Conn, opt ProbeOptions) (r result) {
	if r.handshakeErr = c.HandshakeContext(ctx); r.handshakeErr != nil {
		return r
	}
	r.state = c.ConnectionState()
	if d, ok := ctx.Deadline(); ok {
		c.SetDeadline(d)
	}
	req := fmt.Sprintf("HEAD / HTTP/1.1\r\nHost: %s\r\nUser-Agent: tlsplay-probe\r\nConnection: close\r\n\r\n", opt.Host)
	if _, r.ioErr = io.WriteString(c, req); r.ioErr != nil {
		return r
	}
	status, err := readHead(c)
	if err != nil {
		r.ioErr = err
		return r
	}
	r.read = status
	r.exchanged = true
	return r
}

// verifyPeer is Go's verdict on the captured chain, as a verifying client reaches it.
func verifyPeer(cs tls.ConnectionState, m *Material, opt ProbeOptions) error {
	if len(cs.PeerCertificates) == 0 {
		return errors.New("tls: server sent no certificate")
	}
	opts := x509.VerifyOptions{Roots: m.Roots, DNSName: opt.Host, CurrentTime: opt.Now, Intermediates: x509.NewCertPool()}
	for _, c := range cs.PeerCertificates[1:] {
		opts.Intermediates.AddCert(c)
	}
	_, err := cs.PeerCertificates[0].Verify(opts)
	return err
}

// tappedConn records a real connection's bytes: what we write is the client's,
// what we read is the server's.
type tappedConn struct {
	net.Conn
	tap *tap
}

func (c *tappedConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.tap.record(Server, p[:n])
	}
	return n, err
}

func (c *tappedConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	if n > 0 {
		c.tap.record(Client, p[:n])
	}
	return n, err
}
