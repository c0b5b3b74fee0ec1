package handshake

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/tlsplay/tlsplay/handshake/wire"
)

// DottedAccepted is what DottedSNI reports of a server that answers a
// ClientHello naming its host with the trailing dot as any other.
const DottedAccepted = "accepted"

// DottedSNI asks the server at the end of conn what it makes of a ClientHello
// naming host (a name ending in a dot, "bank.example.") in its server_name
// with the dot, as s_client and Node send it: DottedAccepted when it answers
// with its own hello, else the name of the alert it refuses the hello with
// (Go's crypto/tls sends decode_error). Go's client leaves the dot out (RFC
// 6066), so the hello is Go's own with the dot put back into the name and its
// lengths; nothing after the server's first record is read, and no handshake
// is finished. The error is a server that answered neither way in time.
func DottedSNI(ctx context.Context, conn net.Conn, host string, timeout time.Duration) (string, error) {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	hello, err := dotHello(host)
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	if _, err := conn.Write(hello); err != nil {
		return "", err
	}
	var hdr [7]byte
	if _, err := io.ReadFull(conn, hdr[:5]); err != nil {
		return "", err
	}
	switch hdr[0] {
	case 22: // handshake: the server's hello
		return DottedAccepted, nil
	case 21: // alert: level, description
		if _, err := io.ReadFull(conn, hdr[5:7]); err != nil {
			return "", err
		}
		return wire.AlertName(hdr[6]), nil
	}
	return "", fmt.Errorf("a record of type %d", hdr[0])
}

// dotHello is the ClientHello Go's crypto/tls writes for host without its
// trailing dot, with the dot put back at the end of its server_name.
func dotHello(host string) ([]byte, error) {
	if len(host) < 2 || host[len(host)-1] != '.' {
		return nil, fmt.Errorf("%q does not end in a dot", host)
	}
	w := &helloCatcher{}
	tls.Client(w, &tls.Config{ServerName: host[:len(host)-1], InsecureSkipVerify: true, NextProtos: []string{"http/1.1"}}).Handshake()
	return addSNIDot(w.b)
}

// helloCatcher is a connection that keeps what a client writes (its
// ClientHello) and ends its reading.
type helloCatcher struct {
	net.Conn
	b []byte
}

func (c *helloCatcher) Write(p []byte) (int, error) { c.b = append(c.b, p...); return len(p), nil }
func (c *helloCatcher) Read([]byte) (int, error)    { return 0, io.EOF }
func (c *helloCatcher) Close() error                { return nil }
func (c *helloCatcher) SetDeadline(time.Time) error { return nil }
func (c *helloCatcher) SetReadDeadline(time.Time) error {
	return nil
}
func (c *helloCatcher) SetWriteDeadline(time.Time) error { return nil }

// addSNIDot is the ClientHello record rec with a dot added at the end of the
// host name in its server_name extension, and every length around it grown
// by one: the record's, the message's, the extensions', the extension's, its
// list's and the name's.
func addSNIDot(rec []byte) ([]byte, error) {
	bad := errors.New("not a ClientHello with a server_name")
	at := 5 + 4 + 2 + 32 // record header, message header, version, random
	skip := func(lenBytes int) bool {
		if at+lenBytes > len(rec) {
			return false
		}
		n := 0
		for _, b := range rec[at : at+lenBytes] {
			n = n<<8 | int(b)
		}
		at += lenBytes + n
		return at <= len(rec)
	}
	if len(rec) < at || rec[0] != 22 || rec[5] != 1 || !skip(1) || !skip(2) || !skip(1) || at+2 > len(rec) {
		return nil, bad
	}
	extsLen := at
	at += 2
	for at+4 <= len(rec) {
		typ := int(rec[at])<<8 | int(rec[at+1])
		if typ != 0 {
			at += 2
			if !skip(2) {
				return nil, bad
			}
			continue
		}
		// server_name: extension length, list length, name type, name length, name.
		ext, list, name := at+2, at+4, at+7
		if name+2 > len(rec) {
			return nil, bad
		}
		end := name + 2 + (int(rec[name])<<8 | int(rec[name+1]))
		if end > len(rec) {
			return nil, bad
		}
		out := append(append(append([]byte(nil), rec[:end]...), '.'), rec[end:]...)
		for _, l := range []struct{ at, size int }{{3, 2}, {6, 3}, {extsLen, 2}, {ext, 2}, {list, 2}, {name, 2}} {
			grow(out[l.at : l.at+l.size])
		}
		return out, nil
	}
	return nil, bad
}

// grow adds one to the big-endian number b.
func grow(b []byte) {
	for i := len(b) - 1; i >= 0; i-- {
		b[i]++
		if b[i] != 0 {
			return
		}
	}
}
