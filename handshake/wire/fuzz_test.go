package wire

import (
	"bytes"
	"testing"
)

// fuzzContext chooses a decoding context from a fuzzed byte.
func fuzzContext(v byte) Context {
	return Context{
		Version:     [...]Version{0, VersionTLS12, VersionTLS13}[v%3],
		CipherSuite: [...]CipherSuite{0, 0x1301, 0xc02b, 0x009c, 0x009e}[v/3%5],
		FromServer:  v&0x80 != 0,
	}
}

// fuzzByte is the inverse of fuzzContext; for suites fuzzContext does not
// choose it picks no suite.
func fuzzByte(ctx Context) byte {
	for _, want := range []Context{ctx, {Version: ctx.Version, FromServer: ctx.FromServer}} {
		for v := range 256 {
			if fuzzContext(byte(v)) == want {
				return byte(v)
			}
		}
	}
	return 0 // unreachable for versions fuzzContext chooses
}

func FuzzDecodeMessage(f *testing.F) {
	for _, tt := range messageTests {
		f.Add(tt.msg, fuzzByte(tt.ctx))
	}
	f.Fuzz(func(t *testing.T, msg []byte, v byte) {
		m, err := DecodeMessage(msg, fuzzContext(v))
		if err := CheckTiling(m.Fields, len(msg)); err != nil {
			t.Fatalf("%s: %v", m.Name, err)
		}
		if err == nil && len(msg) < 4 {
			t.Fatalf("no error for a %d-byte message", len(msg))
		}
	})
}

func FuzzReadRecord(f *testing.F) {
	f.Add(cat(u8(22), u16(0x0301), vec(2, clientHello)))
	f.Add(cat(u8(22), u16(0x0303), vec(2, hsMsg(14), serverHello13[:20])))
	f.Add(cat(u8(21), u16(0x0303), vec(2, u8(2), u8(40))))
	f.Add(cat(u8(20), u16(0x0303), vec(2, u8(1))))
	f.Fuzz(func(t *testing.T, b []byte) {
		if err := CheckTiling(RecordHeaderFields(b), min(len(b), recordHeaderLen)); err != nil {
			t.Fatal(err)
		}
		rec, n, err := ReadRecord(b)
		if err != nil {
			if n != 0 {
				t.Fatalf("consumed %d bytes with error %v", n, err)
			}
			return
		}
		if n != len(rec.Raw) || n > len(b) || !bytes.Equal(rec.Raw[recordHeaderLen:], rec.Payload) || len(rec.Payload) > maxRecordLen {
			t.Fatalf("n %d, raw %d bytes, payload %d bytes", n, len(rec.Raw), len(rec.Payload))
		}
		for _, fields := range [][]Field{AlertFields(rec.Payload), ChangeCipherSpecFields(rec.Payload)} {
			if err := CheckTiling(fields, len(rec.Payload)); err != nil {
				t.Fatal(err)
			}
		}
		msgs, rest := SplitMessages(rec.Payload)
		total := len(rest)
		for _, msg := range msgs {
			total += len(msg)
			m, _ := DecodeMessage(msg, Context{Version: rec.Version})
			if err := CheckTiling(m.Fields, len(msg)); err != nil {
				t.Fatalf("%s: %v", m.Name, err)
			}
		}
		if total != len(rec.Payload) {
			t.Fatalf("split %d of %d bytes", total, len(rec.Payload))
		}
	})
}
