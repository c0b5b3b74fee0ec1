//go:build !js

package export

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
    print(i.filename, oct(i.external_attr >> 16), len(z.read(i)))`, file)
	if err != nil {
		t.Fatalf("python3 zipfile: %v", err)
	}
	var want strings.Builder
	for _, f := range set.Files {
		fmt.Fprintf(&want, "mtls-ok/%s 0o100%o %d\n", f.Name, f.Mode.Perm(), len(f.Data))
	}
	if string(out) != want.String() {
		t.Errorf("python3 zipfile reads:\n%s\nwant:\n%s", out, want.String())
	}
}
