//go:build unix

package clients

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/scenario"
)

// pastVariants are the stories and variants where a client reports another failure
// than the one Go's handshake stops at, or connects where Go refuses, or
// refuses where Go connects and the fix has a cure (a key or a badge
// OpenSSL refuses, which Go accepts; a bundle holding an issuing CA and not
// its root): it
// gets past Go's (the bank's name in its Common Name alone, a badge without
// its key that Node loads) and meets another, or checks in another order: a
// check of the bank's chain or name, or what the cure's replay refused. They
// are read off the predictions: a client whose lens gives another reason
// than Go's outcome's. (Not the env-* and *-requests-bundle variants, nor
// a courier whose machine's store holds a root, os-trust-store: the kit's
// fixed/ cures requests' view, and a client that reads another bundle is
// told by its lens how to trust the root.)
func pastVariants(t *testing.T) []string {
	var past []string
	for _, v := range played() {
		if strings.HasPrefix(v.name, "env-") || strings.HasSuffix(v.name, "-requests-bundle") {
			continue
		}
		set, _ := exportNow(t, scenario.Lookup(v.preset), v.edit)
		if set.Cure == nil || len(set.Material.Scenario.Client.OSStore) > 0 {
			continue
		}
		r := explain.NewReportThen(set.Trace, set.Cure.Next)
		if slices.ContainsFunc(explain.LensClients, func(client string) bool {
			l, err := explain.Lens(r, client)
			if err != nil {
				t.Fatal(err)
			}
			return l.Reason != set.Trace.Outcome.Reason.String()
		}) {
			past = append(past, v.name)
		}
	}
	return past
}

// TestPastCured runs every real client against the kit's fixed story (its
// run-server.sh fixed, openssl s_server) for each pastVariant: the cure the
// fix names, and fixed/ holds, cures what each client meets past the first
// failure too, and every client connects.
func TestPastCured(t *testing.T) {
	needTools(t)
	past := pastVariants(t)
	// The stories and variants the proof first recorded a client past Go's
	// first failure for are among them.
	for _, name := range []string{"mtls-expired-client-cn-only", "cn-only-untrusted-root", "cn-only-server-wrong-key", "hostname-mismatch-untrusted-root", "mtls-cert-without-key-expired-bank", "expired-weak-key", "mtls-expired-client-cn-only-weak-leaf",
		"custom-ca-bundle-intermediate", "custom-ca-bundle-intermediate-expired", "mtls-sha1-badge", "mtls-rsa1024-badge", "mtls-expired-client-rsa1024"} {
		if !slices.Contains(past, name) {
			t.Errorf("%s: no client said past Go's first failure", name)
		}
	}
	t.Logf("%d variants with a client past Go's first failure: %v", len(past), past)
	for _, name := range past {
		all := played()
		i := slices.IndexFunc(all, func(v variant) bool { return v.name == name })
		if i < 0 {
			t.Fatalf("no story or variant %s", name)
		}
		v := all[i]
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

// played are the stories, unedited, then the variants.
func played() []variant {
	var all []variant
	for _, p := range scenario.Presets {
		all = append(all, variant{name: p.ID, preset: p.ID})
	}
	return append(all, variants...)
}
