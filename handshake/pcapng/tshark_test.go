package pcapng

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/internal/testtool"
)

// pipe is an unbounded in-memory byte stream.
type pipe struct {
	mu     sync.Mutex
	cond   sync.Cond
	buf    []byte
	closed bool
}

func newPipe() *pipe {
	p := &pipe{}
	p.cond.L = &p.mu
	return p
}

func (p *pipe) read(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.buf) == 0 && !p.closed {
		p.cond.Wait()
	}
	if len(p.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(b, p.buf)
	p.buf = p.buf[n:]
	return n, nil
}

func (p *pipe) close() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.cond.Broadcast()
}

// recorder logs every write of both sides, in order, as Segments.
type recorder struct {
	mu   sync.Mutex
	segs []Segment
}

// memConn is one end of an in-memory connection whose writes are recorded
// before they become readable by the peer, so the log is causally ordered.
type memConn struct {
	in, out    *pipe
	rec        *recorder
	fromClient bool
}

func connPair(rec *recorder) (client, server net.Conn) {
	c2s, s2c := newPipe(), newPipe()
	return &memConn{s2c, c2s, rec, true}, &memConn{c2s, s2c, rec, false}
}

func (c *memConn) Read(b []byte) (int, error) { return c.in.read(b) }

func (c *memConn) Write(b []byte) (int, error) {
	c.rec.mu.Lock()
	defer c.rec.mu.Unlock()
	c.out.mu.Lock()
	defer c.out.mu.Unlock()
	if c.out.closed {
		return 0, net.ErrClosed
	}
	c.rec.segs = append(c.rec.segs, Segment{FromClient: c.fromClient, Data: slices.Clone(b)})
	c.out.buf = append(c.out.buf, b...)
	c.out.cond.Broadcast()
	return len(b), nil
}

func (c *memConn) Close() error                     { c.out.close(); return nil }
func (c *memConn) LocalAddr() net.Addr              { return &net.TCPAddr{} }
func (c *memConn) RemoteAddr() net.Addr             { return &net.TCPAddr{} }
func (c *memConn) SetDeadline(time.Time) error      { return nil }
func (c *memConn) SetReadDeadline(time.Time) error  { return nil }
func (c *memConn) SetWriteDeadline(time.Time) error { return nil }

const (
	httpRequest  = "GET /balance HTTP/1.1\r\nHost: bank.example\r\n\r\n"
	httpResponse = "HTTP/1.1 200 OK\r\nContent-Length: 12\r\nContent-Type: text/plain\r\n\r\nbalance: 42\n"
)

// recordTLS runs a crypto/tls handshake plus one request/response in memory
// and returns the recorded segments and the key log.
func recordTLS(t *testing.T, version uint16) ([]Segment, []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "bank.example"},
		DNSNames:              []string{"bank.example"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:                  true,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(cert)

	var keyLog bytes.Buffer
	rec := &recorder{}
	cc, sc := connPair(rec)
	client := tls.Client(cc, &tls.Config{
		ServerName:   "bank.example",
		RootCAs:      roots,
		MinVersion:   version,
		MaxVersion:   version,
		NextProtos:   []string{"http/1.1"},
		KeyLogWriter: &keyLog,
	})
	server := tls.Server(sc, &tls.Config{
		Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}},
		MinVersion:   version,
		MaxVersion:   version,
		NextProtos:   []string{"http/1.1"},
	})

	srvErr := make(chan error, 1)
	go func() {
		buf := make([]byte, len(httpRequest))
		if _, err := io.ReadFull(server, buf); err != nil {
			srvErr <- err
			return
		}
		if string(buf) != httpRequest {
			srvErr <- errors.New("server got " + string(buf))
			return
		}
		_, err := io.WriteString(server, httpResponse)
		srvErr <- err
	}()
	if _, err := io.WriteString(client, httpRequest); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, len(httpResponse))
	if _, err := io.ReadFull(client, buf); err != nil {
		t.Fatal(err)
	}
	if err := <-srvErr; err != nil {
		t.Fatal(err)
	}
	if client.ConnectionState().Version != version {
		t.Fatalf("negotiated %#x, want %#x", client.ConnectionState().Version, version)
	}
	client.Close() // close_notify
	server.Close()

	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.segs, keyLog.Bytes()
}

func tsharkPath(t *testing.T) string { return testtool.Path(t, "tshark") }

func runTshark(t *testing.T, tshark string, args ...string) string {
	t.Helper()
	cmd := exec.Command(tshark, args...)
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("tshark %v: %v\n%s", args, err, stderr.String())
	}
	return string(out)
}

func writeFile(t *testing.T, name string, segs []Segment, opt Options) {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, segs, opt); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestTshark(t *testing.T) {
	tshark := tsharkPath(t)
	for _, tc := range []struct {
		name      string
		version   uint16
		wantTypes []string // handshake types, in order of first appearance
		wantVer   string   // tls.record.version of the application data records
	}{
		// 8 (EncryptedExtensions), 11, 15 and 20 are encrypted in TLS 1.3 and
		// only visible when the DSB secrets are applied.
		{"TLS1.3", tls.VersionTLS13, []string{"1", "2", "8", "11", "15", "20"}, "0x0303"},
		// 20 (Finished) is encrypted in TLS 1.2 too.
		{"TLS1.2", tls.VersionTLS12, []string{"1", "2", "11", "12", "14", "16", "20"}, "0x0303"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			segs, keyLog := recordTLS(t, tc.version)
			file := filepath.Join(t.TempDir(), "conn.pcapng")
			start := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
			writeFile(t, file, segs, Options{KeyLog: keyLog, Comment: "tlsplay " + tc.name, Start: start})

			out := runTshark(t, tshark, "-r", file, "-o", "tls.desegment_ssl_records:TRUE",
				"-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,",
				"-e", "tls.handshake.type", "-e", "tls.handshake.extensions_server_name",
				"-e", "tls.record.version", "-e", "tls.handshake.ciphersuite",
				"-e", "http.request.uri", "-e", "http.response.code", "-e", "http.file_data",
				"-Y", "tls")
			t.Logf("tshark fields:\n%s", out)
			var types []string
			var sni, uri, code, body, versions string
			for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
				fields := strings.Split(line, "\t")
				for len(fields) < 7 {
					fields = append(fields, "")
				}
				for _, ty := range strings.Split(fields[0], ",") {
					if ty != "" && !slices.Contains(types, ty) {
						types = append(types, ty)
					}
				}
				sni += fields[1]
				versions += fields[2] + ","
				uri += fields[4]
				code += fields[5]
				body += fields[6]
			}
			if !slices.Equal(types, tc.wantTypes) {
				t.Errorf("handshake types %v, want %v", types, tc.wantTypes)
			}
			if sni != "bank.example" {
				t.Errorf("SNI %q, want bank.example", sni)
			}
			if !strings.Contains(versions, tc.wantVer) {
				t.Errorf("record versions %q lack %s", versions, tc.wantVer)
			}
			if uri != "/balance" || code != "200" {
				t.Errorf("decrypted HTTP: uri %q code %q, want /balance 200", uri, code)
			}
			if !strings.Contains(body, "balance: 42") && !strings.Contains(body, "62:61:6c:61:6e:63:65") {
				t.Errorf("decrypted HTTP body %q lacks the response", body)
			}

			// Without the DSB, Finished (and all TLS 1.3 encrypted handshake
			// messages) must stay opaque.
			plain := filepath.Join(t.TempDir(), "nokeys.pcapng")
			writeFile(t, plain, segs, Options{Start: start})
			out = runTshark(t, tshark, "-r", plain, "-T", "fields", "-e", "tls.handshake.type", "-Y", "tls")
			if strings.Contains(out, "20") || strings.Contains(out, "8") {
				t.Errorf("handshake types without key log %q: decryption did not depend on the DSB", out)
			}

			// No TCP analysis flags, bad checksums, malformed packets or
			// expert errors anywhere in the capture.
			bad := runTshark(t, tshark, "-r", file,
				"-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE",
				"-Y", `tcp.analysis.flags || _ws.malformed || _ws.expert.severity >= "warning" || `+
					`tcp.checksum.status == "Bad" || ip.checksum.status == "Bad"`)
			if strings.TrimSpace(bad) != "" {
				t.Errorf("tshark reports problems:\n%s", bad)
			}
			expert := runTshark(t, tshark, "-r", file, "-q", "-z", "expert,warn")
			if strings.Contains(expert, "Errors (") || strings.Contains(expert, "Warns (") {
				t.Errorf("tshark expert info:\n%s", expert)
			}
		})
	}
}
