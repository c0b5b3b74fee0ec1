package wire

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the FuzzDecodeMessage seed corpus from real traffic")

// TestRealTraffic runs crypto/tls handshakes over an in-memory connection,
// captures the bytes each side writes and decodes them.
func TestRealTraffic(t *testing.T) {
	pki := newPKI(t)
	for _, tt := range []struct {
		name       string
		version    uint16
		clientAuth bool
		client     []string // plaintext handshake messages the client sends
		server     []string // and the server
		client13   []string // TLS 1.3 encrypted handshake messages the client sends
		server13   []string // and the server (followed by NewSessionTicket messages)
		corpus     string   // with -update, the prefix of the seed files written from this case
	}{{
		name: "TLS 1.3", version: tls.VersionTLS13,
		client: []string{"ClientHello"}, server: []string{"ServerHello"},
		client13: []string{"Finished"},
		server13: []string{"EncryptedExtensions", "Certificate", "CertificateVerify", "Finished"},
	}, {
		name: "TLS 1.3 client auth", version: tls.VersionTLS13, clientAuth: true, corpus: "tls13",
		client: []string{"ClientHello"}, server: []string{"ServerHello"},
		client13: []string{"Certificate", "CertificateVerify", "Finished"},
		server13: []string{"EncryptedExtensions", "CertificateRequest", "Certificate", "CertificateVerify", "Finished"},
	}, {
		name: "TLS 1.2", version: tls.VersionTLS12,
		client: []string{"ClientHello", "ClientKeyExchange"},
		server: []string{"ServerHello", "Certificate", "ServerKeyExchange", "ServerHelloDone", "NewSessionTicket"},
	}, {
		name: "TLS 1.2 client auth", version: tls.VersionTLS12, clientAuth: true, corpus: "tls12",
		client: []string{"ClientHello", "Certificate", "ClientKeyExchange", "CertificateVerify"},
		server: []string{"ServerHello", "Certificate", "ServerKeyExchange", "CertificateRequest", "ServerHelloDone", "NewSessionTicket"},
	}} {
		t.Run(tt.name, func(t *testing.T) {
			var keyLog bytes.Buffer
			clientCfg := &tls.Config{
				ServerName: "bank.example", RootCAs: pki.roots, NextProtos: []string{"h2", "http/1.1"},
				MaxVersion: tt.version, KeyLogWriter: &keyLog, ClientSessionCache: tls.NewLRUClientSessionCache(1),
				CipherSuites: []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256},
			}
			serverCfg := &tls.Config{Certificates: []tls.Certificate{pki.server}, NextProtos: []string{"h2"}}
			if tt.clientAuth {
				clientCfg.Certificates = []tls.Certificate{pki.client}
				serverCfg.ClientAuth, serverCfg.ClientCAs = tls.RequireAndVerifyClientCert, pki.roots
			}
			c2s, s2c, state := handshake(t, clientCfg, serverCfg)
			if state.Version != tt.version {
				t.Fatalf("negotiated %s", VersionName(state.Version))
			}
			version := Version(tt.version)

			cHello, cRecords := plaintextMessages(t, c2s)
			sHello, sRecords := plaintextMessages(t, s2c)
			sh := decode(t, sHello[0], Context{FromServer: true})
			ctx := Context{Version: sh.Version, CipherSuite: sh.CipherSuite}
			if sh.Type != TypeServerHello || sh.HelloRetry || ctx.Version != version || ctx.CipherSuite != CipherSuite(state.CipherSuite) || !bytes.Equal(sh.Random, s2c[11:43]) {
				t.Errorf("ServerHello: %s version %x suite %x", sh.Name, sh.Version, sh.CipherSuite)
			}
			client := decodeAll(t, cHello, ctx, false)
			server := decodeAll(t, sHello, ctx, true)
			if tt.version == tls.VersionTLS13 {
				if state.CipherSuite != tls.TLS_AES_128_GCM_SHA256 {
					t.Skipf("cannot decrypt %s", CipherSuiteName(state.CipherSuite))
				}
				secrets := parseKeyLog(t, keyLog.String())
				client = append(client, decodeAll(t, open13(t, cRecords, secrets["CLIENT_HANDSHAKE_TRAFFIC_SECRET"], secrets["CLIENT_TRAFFIC_SECRET_0"]), ctx, false)...)
				server = append(server, decodeAll(t, open13(t, sRecords, secrets["SERVER_HANDSHAKE_TRAFFIC_SECRET"], secrets["SERVER_TRAFFIC_SECRET_0"]), ctx, true)...)
			}
			checkNames(t, "client", client, slices.Concat(tt.client, tt.client13), false)
			checkNames(t, "server", server, slices.Concat(tt.server, tt.server13), tt.server13 != nil)

			ch := client[0]
			if ch.SNI != "bank.example" || !slices.Equal(ch.ALPN, clientCfg.NextProtos) || len(ch.Random) != 32 {
				t.Errorf("ClientHello: SNI %q ALPN %q", ch.SNI, ch.ALPN)
			}
			// What the client offered: the versions up to its maximum, its one
			// TLS 1.2 suite after Go's TLS 1.3 ones (which it cannot configure).
			if !slices.Contains(ch.Versions, version) || slices.ContainsFunc(ch.Versions, func(v Version) bool { return v > version }) ||
				!slices.Contains(ch.CipherSuites, CipherSuite(tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)) {
				t.Errorf("ClientHello: versions %v suites %v", ch.Versions, ch.CipherSuites)
			}
			for _, m := range slices.Concat(client, server) {
				switch m.Type {
				case TypeServerKeyExchange:
					wantField(t, m.Message, "named group", "x25519 (0x001d)")
					if m.ServerKeyExchangeGroup != 29 {
						t.Errorf("ServerKeyExchange: group %v", m.ServerKeyExchangeGroup)
					}
					fallthrough
				case TypeCertificateVerify:
					if m.SignatureScheme != 0x0403 {
						t.Errorf("%s: signature scheme %s", m.Name, SignatureSchemeName(m.SignatureScheme))
					}
				case TypeEncryptedExtensions:
					if !slices.Equal(m.ALPN, []string{"h2"}) {
						t.Errorf("EncryptedExtensions: ALPN %q", m.ALPN)
					}
				case TypeCertificateRequest:
					wantField(t, m.Message, distinguishedNamePath(tt.version), fmt.Sprintf("%d bytes", len(pki.ca.RawSubject)))
					if !slices.EqualFunc(m.CertificateAuthorities, [][]byte{pki.ca.RawSubject}, bytes.Equal) {
						t.Errorf("CertificateRequest: authorities %x, want the CA's subject", m.CertificateAuthorities)
					}
				case TypeClientKeyExchange:
					wantField(t, m.Message, "public key", "32 bytes")
				}
			}
			wantCerts := func(from []sent, want [][]byte) {
				if i := slices.IndexFunc(from, func(m sent) bool { return m.Type == TypeCertificate }); i >= 0 &&
					!slices.EqualFunc(from[i].Certificates, want, bytes.Equal) {
					t.Errorf("Certificate: got %d certificates, want %d", len(from[i].Certificates), len(want))
				}
			}
			wantCerts(server, pki.server.Certificate)
			wantCerts(client, pki.client.Certificate)

			if tt.version == tls.VersionTLS13 {
				if !slices.Contains(ch.Groups, 0x11ec) || !slices.Contains(ch.KeyShareGroups, 0x11ec) || !slices.Contains(ch.KeyShareGroups, 29) {
					t.Errorf("ClientHello: groups %x key shares %x", ch.Groups, ch.KeyShareGroups)
				}
				if !slices.Equal(sh.KeyShareGroups, []Group{0x11ec}) {
					t.Errorf("ServerHello: key shares %x", sh.KeyShareGroups)
				}
				wantField(t, ch.Message, "extensions/key_share/client shares/key share entry/key exchange/ML-KEM-768 encapsulation key", "1184 bytes")
				wantField(t, sh, "extensions/key_share/key share entry/key exchange/ML-KEM-768 ciphertext", "1088 bytes")
			} else if !slices.Equal(sh.ALPN, []string{"h2"}) {
				t.Errorf("ServerHello: ALPN %q", sh.ALPN)
			}
			if *update && tt.corpus != "" {
				writeCorpus(t, tt.corpus, slices.Concat(server, client))
			}
		})
	}
}

// sent is a decoded message with what it was decoded from.
type sent struct {
	Message
	raw []byte
	ctx Context
}

func decodeAll(t *testing.T, msgs [][]byte, ctx Context, fromServer bool) []sent {
	t.Helper()
	ctx.FromServer = fromServer
	var out []sent
	for _, msg := range msgs {
		out = append(out, sent{decode(t, msg, ctx), msg, ctx})
	}
	return out
}

func decode(t *testing.T, msg []byte, ctx Context) Message {
	t.Helper()
	m, err := DecodeMessage(msg, ctx)
	if err != nil {
		t.Errorf("%s: %v", m.Name, err)
	}
	if err := CheckTiling(m.Fields, len(msg)); err != nil {
		t.Errorf("%s: tiling: %v", m.Name, err)
	}
	return m
}

// checkNames compares the names of msgs with want; if tickets is set, want
// is followed by one or more NewSessionTicket messages.
func checkNames(t *testing.T, side string, msgs []sent, want []string, tickets bool) {
	t.Helper()
	var got []string
	for _, m := range msgs {
		got = append(got, m.Name)
	}
	if tickets {
		for len(got) > len(want)+1 && got[len(got)-1] == "NewSessionTicket" {
			got = got[:len(got)-1]
		}
		want = append(want, "NewSessionTicket")
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s sent %q, want %q", side, got, want)
	}
}

func wantField(t *testing.T, m Message, path, want string) {
	t.Helper()
	if f, ok := lookup(m.Fields, path); !ok || f.Value != want {
		t.Errorf("%s: %s = %q, want %q", m.Name, path, f.Value, want)
	}
}

func distinguishedNamePath(version uint16) string {
	if version == tls.VersionTLS13 {
		return "extensions/certificate_authorities/authorities/distinguished name"
	}
	return "certificate authorities/distinguished name"
}

// plaintextMessages splits a captured stream into records and returns the
// handshake messages sent before ChangeCipherSpec and the records after it.
func plaintextMessages(t *testing.T, stream []byte) (msgs [][]byte, protected []Record) {
	t.Helper()
	var hs []byte
	ccs := false
	for len(stream) > 0 {
		rec, n, err := ReadRecord(stream)
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckTiling(RecordHeaderFields(rec.Raw), recordHeaderLen); err != nil {
			t.Error(err)
		}
		stream = stream[n:]
		switch {
		case rec.Type == ContentChangeCipherSpec:
			ccs = true
			if err := CheckTiling(ChangeCipherSpecFields(rec.Payload), len(rec.Payload)); err != nil {
				t.Error(err)
			}
		case rec.Type == ContentHandshake && !ccs:
			hs = append(hs, rec.Payload...)
		default:
			protected = append(protected, rec)
		}
	}
	msgs, rest := SplitMessages(hs)
	if len(rest) > 0 {
		t.Errorf("%d bytes of incomplete handshake message", len(rest))
	}
	return msgs, protected
}

func parseKeyLog(t *testing.T, log string) map[string][]byte {
	secrets := map[string][]byte{}
	for line := range strings.Lines(log) {
		f := strings.Fields(line)
		secret, err := hex.DecodeString(f[2])
		if err != nil {
			t.Fatal(err)
		}
		secrets[f[0]] = secret
	}
	return secrets
}

// open13 decrypts TLS_AES_128_GCM_SHA256 records and returns the handshake
// messages in them, switching from the handshake to the application traffic
// secret after Finished.
func open13(t *testing.T, records []Record, handshakeSecret, appSecret []byte) [][]byte {
	t.Helper()
	aead, iv := trafficKeys(t, handshakeSecret)
	var msgs [][]byte
	var stream []byte
	var seq byte
	for _, rec := range records {
		nonce := slices.Clone(iv)
		nonce[len(nonce)-1] ^= seq
		seq++
		plain, err := aead.Open(nil, nonce, rec.Payload, rec.Raw[:recordHeaderLen])
		if err != nil {
			t.Fatal(err)
		}
		plain = bytes.TrimRight(plain, "\x00")
		if len(plain) == 0 || ContentType(plain[len(plain)-1]) != ContentHandshake {
			continue
		}
		var done [][]byte
		done, stream = SplitMessages(append(stream, plain[:len(plain)-1]...))
		for _, m := range done {
			msgs = append(msgs, m)
			if m[0] == 20 { // Finished
				aead, iv = trafficKeys(t, appSecret)
				seq = 0
			}
		}
	}
	return msgs
}

func trafficKeys(t *testing.T, secret []byte) (cipher.AEAD, []byte) {
	expand := func(label string, n int) []byte {
		b, err := hkdf.Expand(sha256.New, secret, string(cat(u16(n), vec(1, str("tls13 "+label)), vec(1))), n)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	block, err := aes.NewCipher(expand("key", 16))
	if err != nil {
		t.Fatal(err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		t.Fatal(err)
	}
	return aead, expand("iv", 12)
}

// writeCorpus writes the first message of each name as a FuzzDecodeMessage seed.
func writeCorpus(t *testing.T, prefix string, msgs []sent) {
	dir := filepath.Join("testdata", "fuzz", "FuzzDecodeMessage")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, m := range msgs {
		if seen[m.Name] {
			continue
		}
		seen[m.Name] = true
		data := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\nbyte(%q)\n", m.raw, fuzzByte(m.ctx))
		if err := os.WriteFile(filepath.Join(dir, prefix+"-"+m.Name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

type testPKI struct {
	ca             *x509.Certificate
	roots          *x509.CertPool
	server, client tls.Certificate
}

// newPKI makes a CA and ECDSA P-256 server and client certificates it issued.
func newPKI(t *testing.T) *testPKI {
	now := time.Now()
	issue := func(serial int64, tmpl *x509.Certificate, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (*x509.Certificate, *ecdsa.PrivateKey) {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		tmpl.SerialNumber, tmpl.NotBefore, tmpl.NotAfter = big.NewInt(serial), now.Add(-time.Hour), now.Add(time.Hour)
		if parent == nil {
			parent, parentKey = tmpl, key
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
		if err != nil {
			t.Fatal(err)
		}
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			t.Fatal(err)
		}
		return cert, key
	}
	ca, caKey := issue(1, &x509.Certificate{
		Subject: pkix.Name{CommonName: "tlsplay test CA"}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign,
	}, nil, nil)
	leaf := func(serial int64, tmpl *x509.Certificate) tls.Certificate {
		tmpl.KeyUsage = x509.KeyUsageDigitalSignature
		cert, key := issue(serial, tmpl, ca, caKey)
		return tls.Certificate{Certificate: [][]byte{cert.Raw}, PrivateKey: key}
	}
	p := &testPKI{ca: ca, roots: x509.NewCertPool()}
	p.roots.AddCert(ca)
	p.server = leaf(2, &x509.Certificate{Subject: pkix.Name{CommonName: "bank.example"}, DNSNames: []string{"bank.example"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}})
	p.server.Certificate = append(p.server.Certificate, ca.Raw)
	p.client = leaf(3, &x509.Certificate{Subject: pkix.Name{CommonName: "alice"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}})
	return p
}

// handshake connects a client and a server, has the server send a few bytes
// of application data, and returns what each side wrote.
func handshake(t *testing.T, clientCfg, serverCfg *tls.Config) (c2s, s2c []byte, state tls.ConnectionState) {
	t.Helper()
	cc, sc := memPipe()
	client, server := tls.Client(cc, clientCfg), tls.Server(sc, serverCfg)
	defer client.Close()
	done := make(chan error, 1)
	go func() {
		defer server.Close()
		err := server.Handshake()
		if err == nil {
			_, err = server.Write([]byte("hello"))
		}
		done <- err
	}()
	err := client.Handshake()
	if err == nil {
		_, err = io.ReadFull(client, make([]byte, 5))
	}
	if err := <-done; err != nil {
		t.Fatal("server: ", err)
	}
	if err != nil {
		t.Fatal("client: ", err)
	}
	return cc.written(), sc.written(), client.ConnectionState()
}

// memConn is one end of an in-memory connection whose writes never block.
// It keeps a copy of everything written to it.
type memConn struct {
	in, out *pipeBuffer
	log     []byte // guarded by out.mu
}

type pipeBuffer struct {
	mu     sync.Mutex
	cond   sync.Cond
	buf    []byte
	closed bool
}

func memPipe() (*memConn, *memConn) {
	a, b := &pipeBuffer{}, &pipeBuffer{}
	a.cond.L, b.cond.L = &a.mu, &b.mu
	return &memConn{in: a, out: b}, &memConn{in: b, out: a}
}

func (c *memConn) Read(p []byte) (int, error) {
	c.in.mu.Lock()
	defer c.in.mu.Unlock()
	for len(c.in.buf) == 0 && !c.in.closed {
		c.in.cond.Wait()
	}
	if len(c.in.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, c.in.buf)
	c.in.buf = c.in.buf[n:]
	return n, nil
}

func (c *memConn) Write(p []byte) (int, error) {
	c.out.mu.Lock()
	defer c.out.mu.Unlock()
	if c.out.closed {
		return 0, net.ErrClosed
	}
	c.out.buf = append(c.out.buf, p...)
	c.log = append(c.log, p...)
	c.out.cond.Broadcast()
	return len(p), nil
}

func (c *memConn) Close() error {
	for _, b := range []*pipeBuffer{c.in, c.out} {
		b.mu.Lock()
		b.closed = true
		b.cond.Broadcast()
		b.mu.Unlock()
	}
	return nil
}

func (c *memConn) written() []byte {
	c.out.mu.Lock()
	defer c.out.mu.Unlock()
	return slices.Clone(c.log)
}

func (*memConn) LocalAddr() net.Addr              { return memAddr{} }
func (*memConn) RemoteAddr() net.Addr             { return memAddr{} }
func (*memConn) SetDeadline(time.Time) error      { return nil }
func (*memConn) SetReadDeadline(time.Time) error  { return nil }
func (*memConn) SetWriteDeadline(time.Time) error { return nil }

type memAddr struct{}

func (memAddr) Network() string { return "memory" }
func (memAddr) String() string  { return "memory" }
