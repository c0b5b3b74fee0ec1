package pki

import (
	"bytes"
	"encoding/pem"
	"testing"
)

// AppendPEM writes what pem.EncodeToMemory writes for a block without
// headers, at every length around the line's 48 bytes, and appends.
func TestAppendPEM(t *testing.T) {
	for n := range 200 {
		der := make([]byte, n)
		for i := range der {
			der[i] = byte(i*7 + n)
		}
		for _, typ := range []string{"CERTIFICATE", "X509 CRL"} {
			want := pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
			if got := AppendPEM(nil, typ, der); !bytes.Equal(got, want) {
				t.Fatalf("%s of %d bytes:\n got %q\nwant %q", typ, n, got, want)
			}
			if got := AppendPEM([]byte("before\n"), typ, der); !bytes.Equal(got, append([]byte("before\n"), want...)) {
				t.Fatalf("%s of %d bytes, appended: %q", typ, n, got)
			}
		}
	}
}
