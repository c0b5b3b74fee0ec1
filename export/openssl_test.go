//go:build !js

package export

import (
	"bytes"
	"context"
	"encoding/pem"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/internal/testtool"
	"github.com/tlsplay/tlsplay/scenario"
)

// openssl runs openssl in dir and returns everything it printed, and whether it
// exited 0.
func openssl(t *testing.T, dir string, args ...string) (string, bool) {
	t.Helper()
	out, err := testtool.Run(t, dir, "openssl", args...)
	if err != nil {
		return string(out) + err.Error(), false
	}
	return string(out), true
}

// certsIn returns the CERTIFICATE blocks of a PEM file, each as its own PEM.
func certsIn(data []byte) [][]byte {
	var out [][]byte
	for _, b := range certsPEM(data) {
		out = append(out, pem.EncodeToMemory(b))
	}
	return out
}

var firstVerifyError = regexp.MustCompile(`error (\d+) at (\d+) depth lookup: (.*)`)

// checkVerify compares `openssl verify` output for file with want.
func checkVerify(t *testing.T, what, out string, ok bool, file string, want sslWant) {
	t.Helper()
	if want == sslOK {
		if !ok || !strings.Contains(out, file+": OK") {
			t.Errorf("%s: openssl verify failed, want OK:\n%s", what, out)
		}
		return
	}
	m := firstVerifyError.FindStringSubmatch(out)
	if ok || m == nil {
		t.Errorf("%s: openssl verify passed, want error %d at depth %d (%s):\n%s", what, want.code, want.depth, want.msg, out)
		return
	}
	code, _ := strconv.Atoi(m[1])
	depth, _ := strconv.Atoi(m[2])
	if got := (sslWant{code, depth, m[3]}); got != want {
		t.Errorf("%s: openssl says error %d at depth %d (%s), want %d at %d (%s)", what, code, depth, m[3], want.code, want.depth, want.msg)
	}
}

// TestPresetDefectsOpenSSL exports every preset and checks that OpenSSL, reading
// the files a person would download, agrees with the defects table: the verdict
// on the bank's chain (as a TLS client at Debian's security level 2 would check
// it), on the badge (as a bank would), the crafted fields, and the badge's key.
func TestPresetDefectsOpenSSL(t *testing.T) {
	testtool.Path(t, "openssl")
	for _, p := range scenario.Presets {
		t.Run(p.ID, func(t *testing.T) {
			t.Parallel()
			d := defects[p.ID]
			set, err := Build(context.Background(), p.At(scenario.PresetClock))
			if err != nil {
				t.Fatal(err)
			}
			s := set.Material.Scenario
			dir := t.TempDir()
			write := func(name string, data []byte) {
				path := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, data, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			files := map[string][]byte{}
			for _, f := range set.Files {
				files[f.Name] = f.Data
				write(f.Name, f.Data)
			}
			at := strconv.FormatInt(s.Now.Unix(), 10)

			chain := certsIn(files[ServerChainFile])
			write("leaf.pem", chain[0])
			args := []string{"verify", "-no-CApath", "-no-CAstore", "-CAfile", CAFile, "-attime", at,
				"-purpose", "sslserver", "-auth_level", "2"}
			if len(chain) > 1 {
				write("untrusted.pem", bytes.Join(chain[1:], nil))
				args = append(args, "-untrusted", "untrusted.pem")
			}
			if scenario.IsIP(s.Client.Dial) {
				args = append(args, "-verify_ip", s.Client.Dial)
			} else {
				args = append(args, "-verify_hostname", s.Client.Dial)
			}
			out, ok := openssl(t, dir, append(args, "leaf.pem")...)
			checkVerify(t, "server chain", out, ok, "leaf.pem", d.ssl)
			if _, has := files[CRLFile]; has {
				out, ok := openssl(t, dir, append(args, "-crl_check_all", "-CRLfile", CRLFile, "leaf.pem")...)
				checkVerify(t, "server chain with its CRLs", out, ok, "leaf.pem", d.sslCRL)
			} else if d.sslCRL != sslOK {
				t.Errorf("no %s to check, want openssl error %d", CRLFile, d.sslCRL.code)
			}

			if _, has := files[ClientCertFile]; has {
				out, ok := openssl(t, dir, "verify", "-no-CApath", "-no-CAstore", "-CAfile", ClientCAFile, "-attime", at,
					"-purpose", "sslclient", "-auth_level", "2", ClientCertFile)
				checkVerify(t, "badge", out, ok, ClientCertFile, d.sslBadge)
			} else if d.sslBadge != sslOK {
				t.Errorf("no %s to verify, want openssl error %d", ClientCertFile, d.sslBadge.code)
			}

			for i, sh := range d.shows {
				certs := certsIn(files[sh.file])
				if sh.index >= len(certs) {
					t.Fatalf("%s holds %d certificates, want at least %d", sh.file, len(certs), sh.index+1)
				}
				name := "show" + strconv.Itoa(i) + ".pem"
				write(name, certs[sh.index])
				text, ok := openssl(t, dir, "x509", "-noout", "-text", "-in", name)
				if !ok {
					t.Fatalf("openssl x509 -text %s[%d]: %s", sh.file, sh.index, text)
				}
				for _, want := range sh.has {
					if !strings.Contains(text, want) {
						t.Errorf("%s[%d] does not show %q:\n%s", sh.file, sh.index, want, text)
					}
				}
				for _, not := range sh.lacks {
					if strings.Contains(text, not) {
						t.Errorf("%s[%d] shows %q:\n%s", sh.file, sh.index, not, text)
					}
				}
			}

			checkBadgeKey(t, dir, s, files)
		})
	}
}

// checkBadgeKey asks OpenSSL whether the badge's key files hold the badge's key:
// they do, except in the story where the key is someone else's.
func checkBadgeKey(t *testing.T, dir string, s *scenario.Scenario, files map[string][]byte) {
	t.Helper()
	if _, has := files[ClientKeyFile]; !has {
		return
	}
	certPub, ok := openssl(t, dir, "x509", "-noout", "-pubkey", "-in", ClientCertFile)
	if !ok {
		t.Fatalf("openssl x509 -pubkey: %s", certPub)
	}
	for _, file := range []string{ClientKeyFile, ClientCombined} {
		args := []string{"pkey", "-pubout", "-in", file}
		if s.Client.KeyPassword != "" {
			args = append(args, "-passin", "pass:"+s.Client.KeyPassword)
		}
		keyPub, ok := openssl(t, dir, args...)
		if !ok {
			t.Fatalf("openssl pkey %s: %s", file, keyPub)
		}
		if match, want := keyPub == certPub, s.Client.Cert != scenario.CertWrongKey; match != want {
			t.Errorf("%s holds the badge's key: %v, want %v", file, match, want)
		}
	}
}
