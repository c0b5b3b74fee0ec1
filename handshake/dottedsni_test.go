package handshake

import (
	"bytes"
	"context"
	"io"
	"net"
	"testing"
	"time"
)

// A ClientHello naming a host with its trailing dot, as s_client and Node
// send it: Go's crypto/tls server refuses it with decode_error, and the hello
// is Go's own with the dot in the name, every length grown to hold it (a
// server that reads it, as one on OpenSSL does, answers with its hello:
// clients' TestTrailingDotRealHost).
func TestDottedSNI(t *testing.T) {
	addr, m := serveScenario(t, "verify-true")
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	got, err := DottedSNI(context.Background(), conn, m.Scenario.Client.Dial+".", 5*time.Second)
	if err != nil || got != "decode_error" {
		t.Errorf("Go's server: %q, %v; want decode_error", got, err)
	}

	// What a server reads: one record, its lengths consistent.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	read := make(chan []byte, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			read <- nil
			return
		}
		defer c.Close()
		hdr := make([]byte, 5)
		io.ReadFull(c, hdr)
		body := make([]byte, int(hdr[3])<<8|int(hdr[4]))
		io.ReadFull(c, body)
		c.Write([]byte{22, 3, 3, 0, 0})
		read <- append(hdr, body...)
	}()
	conn2, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn2.Close()
	if got, err := DottedSNI(context.Background(), conn2, "bank.example.", 5*time.Second); err != nil || got != DottedAccepted {
		t.Errorf("a server answering its hello: %q, %v", got, err)
	}
	rec := <-read
	msgLen := int(rec[6])<<16 | int(rec[7])<<8 | int(rec[8])
	if rec[0] != 22 || rec[5] != 1 || msgLen != len(rec)-9 {
		t.Fatalf("not one ClientHello record: % x", rec[:9])
	}
	// server_name: list length, host_name (0), name length, the name.
	name := []byte("bank.example.")
	want := append([]byte{0, byte(len(name) + 3), 0, 0, byte(len(name))}, name...)
	if !bytes.Contains(rec, append([]byte{0, 0, 0, byte(len(want))}, want...)) {
		t.Errorf("no server_name naming %s in the hello", name)
	}
	if _, err := dotHello("bank.example"); err == nil {
		t.Error("a name without its dot is dotted")
	}
}
