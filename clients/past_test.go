//go:build unix

package clients

import (
	"context"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/scenario"
)

// pastVariants are the variants where a client reports another failure
// than the one Go's handshake stops at: it gets past Go's (the bank's name
// in its Common Name alone, a badge without its key that Node loads) and
// meets another, or checks in another order: a check of the bank's chain
// or name, or what the cure's replay refused. (Not the env-curl-ca-bundle-*
// variants: the kit's fixed/ cures requests' view, and a client that reads
// another bundle is told by its lens how to trust the root.)
var pastVariants = []string{
	"mtls-expired-client-cn-only", "mtls-expired-client-cn-only-tls12", "mtls-not-yet-valid-client-cn-only",
	"mtls-wrong-ca-cn-only", "mtls-wrong-ca-cn-only-tls12", "mtls-wrong-eku-cn-only", "mtls-wrong-eku-cn-only-tls12",
	"mtls-no-cert-cn-only", "mtls-no-cert-cn-only-tls12", "mtls-expired-client-ca-cn-only", "mtls-expired-client-ca-cn-only-tls12",
	"badge-optional-wrong-ca-cn-only",
	"cn-only-untrusted-root", "cn-only-missing-intermediate", "cn-only-expired-intermediate", "cn-only-wrong-eku",
	"cn-only-sha1", "cn-only-not-a-ca", "cn-only-untrusted-root-wrong-eku", "mtls-expired-client-cn-only-untrusted-root",
	"cn-only-server-wrong-key", "cn-only-revoked-checked", "cn-only-weak-key",
	"hostname-mismatch-untrusted-root", "hostname-mismatch-expired-intermediate", "hostname-mismatch-expired", "cn-only-expired",
	"mtls-cert-without-key-optional-expired", "mtls-cert-without-key-expired-bank", "mtls-cert-without-key-expired-bank-tls12",
	"mtls-cert-without-key-optional-expired-bank",
	"expired-weak-key", "cn-only-name-constraints", "cn-only-untrusted-self-sent-root",
	"untrusted-root-weak-leaf", "missing-intermediate-weak-leaf", "mtls-expired-client-weak-leaf", "mtls-expired-client-cn-only-weak-leaf",
}

// TestPastCured runs every real client against the kit's fixed story (its
// run-server.sh fixed, openssl s_server) for each pastVariant: the cure the
// fix names, and fixed/ holds, cures what each client meets past the first
// failure too, and every client connects.
func TestPastCured(t *testing.T) {
	needTools(t)
	for _, name := range pastVariants {
		i := -1
		for j, v := range variants {
			if v.name == name {
				i = j
			}
		}
		if i < 0 {
			t.Fatalf("no variant %s", name)
		}
		v := variants[i]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			set, dir := exportNow(t, scenario.Lookup(v.preset), v.edit)
			if set.Cure == nil {
				t.Fatal("no cure")
			}
			port := kitServer(t, dir, true)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			for _, client := range sortedKeys(Runners) {
				o, err := Runners[client](ctx, Run{Dir: dir, Port: port, Fixed: true, S: set.Cure.Scenario})
				if err != nil {
					t.Errorf("%s: %v", client, err)
				} else if !o.OK {
					t.Errorf("%s refuses the fixed story: %s %s", client, o.Class, Mask(o.Message, port))
				}
			}
		})
	}
}
