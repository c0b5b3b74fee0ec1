//go:build !js

package export

import (
	"bytes"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/internal/testtool"
)

// The kit's zip as another implementation reads it: Python's zipfile checks
// every entry's checksum and reads each one's Unix mode.
func TestZipPython(t *testing.T) {
	set, data := kitZip(t)
	file := filepath.Join(t.TempDir(), "kit.zip")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := testtool.Run(t, "", "python3", "-c", `import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None, z.testzip()
for i in z.infolist():
    print(i.filename, oct(i.external_attr >> 16), len(z.read(i)), "%d-%02d-%02d %02d:%02d:%02d" % i.date_time)`, file)
	if err != nil {
		t.Fatalf("python3 zipfile: %v", err)
	}
	var want strings.Builder
	for _, f := range set.Files {
		fmt.Fprintf(&want, "mtls-ok/%s 0o100%o %d %s\n", f.Name, f.Mode.Perm(), len(f.Data), kitMade.Format(time.DateTime))
	}
	if string(out) != want.String() {
		t.Errorf("python3 zipfile reads:\n%s\nwant:\n%s", out, want.String())
	}
}

// The zip's own checksum is hash/crc32's IEEE CRC-32.
func TestCRC32(t *testing.T) {
	for _, in := range [][]byte{nil, []byte("a"), []byte("123456789"), bytes.Repeat([]byte{0xff, 0, 0x5a}, 4000)} {
		if got, want := crc32Of(in), crc32.ChecksumIEEE(in); got != want {
			t.Errorf("crc32(%.20q) = %08x, hash/crc32 says %08x", in, got, want)
		}
	}
}
