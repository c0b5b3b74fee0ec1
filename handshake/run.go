// Package handshake owns the wire: it plays a scenario with Go's crypto/tls at both ends (or probes a real host, or
// verifies a pasted chain) and returns the Trace, the typed contract: every byte decoded and decrypted, the checks
// itemised, Go's verdict.
// It never words a story or reads its own labels back; in code the ends are client and server, not courier and bank.
package handshake

import (
	"bytes"
	"cmp"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tlsplay/tlsplay/handshake/wire"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// DefaultTimeout bounds a whole run: a stalled scenario becomes a timeout outcome.
const DefaultTimeout = 10 * time.Second

// Vault is what the bank hands the courier once both are satisfied.
const Vault = "the parcel: 1,000,000 gold coins"

// Run plays the scenario and returns its trace. The error is non-nil only when the
// scenario cannot be played at all (it is invalid); every TLS failure is an outcome.
func Run(ctx context.Context, s *scenario.Scenario) (*Trace, error) {
	m, err := NewMaterial(s)
	if err != nil {
		return nil, err
	}
	return m.Run(ctx)
}

// result is what one end reports.
type result struct {
	handshakeErr error  // from Handshake
	ioErr        error  // from the application exchange after it
	read         string // what it read
	exchanged    bool   // the request and its whole answer crossed
	state        tls.ConnectionState
}

// keyLog collects the NSS key log lines both ends write, once each.
type keyLog struct {
	mu    sync.Mutex
	lines []string
	seen  map[string]bool
}

func (k *keyLog) Write(p []byte) (int, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, line := range strings.Split(strings.TrimSpace(string(p)), "\n") {
		if line != "" && !k.seen[line] {
			k.seen[line] = true
			k.lines = append(k.lines, line)
		}
	}
	return len(p), nil
}

func (k *keyLog) String() string {
	k.mu.Lock()
	defer k.mu.Unlock()
	if len(k.lines) == 0 {
		return ""
	}
	return strings.Join(k.lines, "\n") + "\n"
}

// Run plays the material's scenario.
func (m *Material) Run(ctx context.Context) (*Trace, error) {
	s := m.Scenario
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultTimeout)
		defer cancel()
	}
	t := &Trace{Scenario: s}
	badge, badgeErr := m.LoadBadge()
	if badgeErr != nil {
		// requests loads cert= before it connects: nothing reaches the wire.
		t.Steps = append(t.Steps, m.badgeLoadStep(badgeErr))
		t.Outcome = m.loadFailure(badgeErr)
		t.Outcome.Check = 0
		return t, nil
	}

	kl := &keyLog{seen: map[string]bool{}}
	tp := &tap{start: time.Now()}
	cEnd, sEnd := newPipe(tp)
	// Each side's turn to read, its flight sent, is a checkpoint: work no
	// longer wanted stops there, and nothing of it is analysed.
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	var stopped atomic.Pointer[error]
	turn := func() {
		if err := pki.Checkpoint(ctx); err != nil && ctx.Err() == nil {
			stopped.CompareAndSwap(nil, &err)
			stop(err)
		}
	}
	cEnd.turn, sEnd.turn = turn, turn
	ccfg, scfg := m.clientConfig(badge, kl), m.serverConfig(kl)

	// Each side says it is done on ended (a channel rather than a
	// sync.WaitGroup, which is code of its own in the page).
	var cres, sres result
	ended := make(chan struct{}, 2)
	go func() {
		cres = runClient(ctx, tls.Client(cEnd, ccfg), s)
		ended <- struct{}{}
	}()
	go func() {
		sres = runServer(ctx, tls.Server(sEnd, scfg))
		ended <- struct{}{}
	}()
	finished := make(chan struct{})
	go func() { <-ended; <-ended; close(finished) }()
	select {
	case <-finished:
	case <-ctx.Done():
		cEnd.Close()
		sEnd.Close()
		<-finished
	}

	if err := stopped.Load(); err != nil {
		return nil, *err
	}
	t.Segments = tp.segments()
	t.KeyLog = kl.String()
	if err := m.analyse(t, &cres, &sres, ctx.Err()); err != nil {
		return nil, err
	}
	return t, nil
}

func runClient(ctx context.Context, c *tls.Conn, s *scenario.Scenario) (r result) {
	defer c.Close()
	if r.handshakeErr = c.HandshakeContext(ctx); r.handshakeErr != nil {
		return r
	}
	r.state = c.ConnectionState()
	// The vault, or the path a pasted chain's URL asked for (its twin's).
	req := fmt.Sprintf("GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: tlsplay-courier\r\n\r\n", scenario.URLPath(cmp.Or(s.Client.Path, "/vault")), s.Client.Dial)
	if _, r.ioErr = io.WriteString(c, req); r.ioErr != nil {
		return r
	}
	// The first read is where a TLS 1.3 server's refusal of the badge arrives.
	// (A bytes.Buffer reads to the end as io.ReadAll does, with code the page
	// has already.)
	var resp bytes.Buffer
	_, err := resp.ReadFrom(io.LimitReader(c, 64<<10))
	r.read = resp.String()
	if err != nil {
		r.ioErr = err
	}
	r.exchanged = r.ioErr == nil && strings.Contains(r.read, Vault)
	return r
}

func runServer(ctx context.Context, c *tls.Conn) (r result) {
	defer c.Close()
	if r.handshakeErr = c.HandshakeContext(ctx); r.handshakeErr != nil {
		return r
	}
	r.state = c.ConnectionState()
	head, err := readHead(c)
	if err != nil {
		r.ioErr = err
		return r
	}
	r.read = head
	var body bytes.Buffer
	fmt.Fprintf(&body, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", len(Vault), Vault)
	_, r.ioErr = c.Write(body.Bytes())
	return r
}

// readHead reads an HTTP message's head (up to the blank line) and returns its
// first line. net/http would do, at the price of megabytes of WebAssembly; it
// reads a byte at a time (a TLS connection buffers its records), as bufio would
// cost the page's WebAssembly 17 kB.
func readHead(r io.Reader) (string, error) {
	r = io.LimitReader(r, 16<<10)
	var first string
	var line []byte
	b := make([]byte, 1)
	for {
		if _, err := io.ReadFull(r, b); err != nil {
			return "", err
		}
		line = append(line, b[0])
		if b[0] != '\n' {
			continue
		}
		switch {
		case first == "":
			first = string(line)
		case string(line) == "\r\n" || string(line) == "\n":
			return strings.TrimRight(first, "\r\n"), nil
		}
		line = line[:0]
	}
}

var versions = map[scenario.Version]uint16{
	scenario.TLS10: tls.VersionTLS10, scenario.TLS11: tls.VersionTLS11,
	scenario.TLS12: tls.VersionTLS12, scenario.TLS13: tls.VersionTLS13,
}

// VersionID is a scenario's version as crypto/tls names it (0: Go's default).
func VersionID(v scenario.Version) uint16 { return versions[v] }

var groups = map[scenario.Group]tls.CurveID{
	scenario.X25519MLKEM768: tls.X25519MLKEM768,
	scenario.X25519:         tls.X25519,
	scenario.P256:           tls.CurveP256,
	scenario.P384:           tls.CurveP384,
	scenario.P521:           tls.CurveP521,
}

// GroupID is a scenario's group as it travels.
func GroupID(g scenario.Group) wire.Group { return wire.Group(groups[g]) }

// CurveIDs are a scenario's groups as crypto/tls names them (nil for none:
// Go's default).
func CurveIDs(gs []scenario.Group) []tls.CurveID { return curves(gs) }

func curves(gs []scenario.Group) []tls.CurveID {
	var out []tls.CurveID
	for _, g := range gs {
		out = append(out, groups[g])
	}
	return out
}

func suites(names []string) []uint16 {
	var out []uint16
	for _, n := range names {
		for _, cs := range append(tls.CipherSuites(), tls.InsecureCipherSuites()...) {
			if cs.Name == n {
				out = append(out, cs.ID)
			}
		}
	}
	return out
}

// clientConfig is the courier as requests would configure it.
func (m *Material) clientConfig(badge *tls.Certificate, kl io.Writer) *tls.Config {
	s := m.Scenario
	now := s.Now
	cfg := &tls.Config{
		Time:               func() time.Time { return now },
		RootCAs:            m.Roots,
		ServerName:         s.Client.Dial,
		InsecureSkipVerify: s.Client.Verify == scenario.VerifyFalse,
		MinVersion:         versions[s.Client.MinVersion],
		MaxVersion:         versions[s.Client.MaxVersion],
		CurvePreferences:   curves(s.Client.Groups),
		NextProtos:         s.Client.ALPN,
		KeyLogWriter:       kl,
		// requests (OpenSSL) sends its certificate whatever CAs the server names;
		// Go's default would send none when the issuer is not among them.
		GetClientCertificate: func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
			if badge == nil {
				return &tls.Certificate{}, nil
			}
			return badge, nil
		},
	}
	if s.Client.SNI != "" && s.Client.SNI != s.Client.Dial && !cfg.InsecureSkipVerify {
		// A different SNI than the name dialled: send the SNI, verify the dialled
		// name, still with x509.Verify.
		cfg.ServerName = s.Client.SNI
		cfg.InsecureSkipVerify = true
		cfg.VerifyConnection = func(cs tls.ConnectionState) error {
			opts := x509.VerifyOptions{DNSName: s.Client.Dial, Roots: m.Roots, CurrentTime: now, Intermediates: x509.NewCertPool()}
			for _, c := range cs.PeerCertificates[1:] {
				opts.Intermediates.AddCert(c)
			}
			_, err := cs.PeerCertificates[0].Verify(opts)
			return err
		}
	} else if s.Client.SNI != "" {
		cfg.ServerName = s.Client.SNI
	}
	if s.Client.CheckRevocation && s.Client.Verify != scenario.VerifyFalse {
		// Told to check revocation, as Go never does by itself: after the
		// chain is verified, against the CRLs the courier holds and the staple.
		crls := m.published().crls()
		verify := cfg.VerifyConnection
		cfg.VerifyConnection = func(cs tls.ConnectionState) error {
			if verify != nil {
				if err := verify(cs); err != nil {
					return err
				}
			}
			chain := cs.PeerCertificates
			if len(cs.VerifiedChains) > 0 {
				chain = cs.VerifiedChains[0]
			} else if len(chain) > 0 {
				// Verified by the closure above (another SNI than the name
				// dialled): the chain up to the root, for the root's CRL.
				opts := x509.VerifyOptions{Roots: m.Roots, CurrentTime: now, Intermediates: x509.NewCertPool()}
				for _, c := range chain[1:] {
					opts.Intermediates.AddCert(c)
				}
				if chains, err := chain[0].Verify(opts); err == nil {
					chain = chains[0]
				}
			}
			return CheckRevocation(chain, crls, cs.OCSPResponse)
		}
	}
	return cfg
}

// serverConfig is the bank (or the imposter).
func (m *Material) serverConfig(kl io.Writer) *tls.Config {
	s := m.Scenario
	now := s.Now
	return &tls.Config{
		Time:             func() time.Time { return now },
		Certificates:     []tls.Certificate{*m.Default.TLS()},
		GetCertificate:   m.byName,
		MinVersion:       versions[s.Server.MinVersion],
		MaxVersion:       versions[s.Server.MaxVersion],
		CurvePreferences: curves(s.Server.Groups),
		CipherSuites:     suites(s.Server.CipherSuites),
		NextProtos:       s.Server.ALPN,
		ClientAuth:       clientAuth[s.Server.ClientAuth],
		ClientCAs:        m.ClientCAsPool,
		KeyLogWriter:     kl,
	}
}

// byName is the bank choosing its certificate by the name in the ClientHello:
// its ByName chain for that name, else (nil) its default.
func (m *Material) byName(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
	if m.ByName != nil && m.Scenario.Server.Chooses(hello.ServerName) {
		return m.ByName.TLS(), nil
	}
	return nil, nil
}

var clientAuth = map[scenario.ClientAuth]tls.ClientAuthType{
	"":                            tls.NoClientCert,
	scenario.AuthNone:             tls.NoClientCert,
	scenario.AuthRequest:          tls.RequestClientCert,
	scenario.AuthRequireAny:       tls.RequireAnyClientCert,
	scenario.AuthVerifyIfGiven:    tls.VerifyClientCertIfGiven,
	scenario.AuthRequireAndVerify: tls.RequireAndVerifyClientCert,
}

// errTimeout marks an outcome cut short by the deadline.
var errTimeout = errors.New("the handshake did not finish before the deadline")
