package explain

import (
	"net/netip"
	"strings"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// facts are what the tables' templates may name, worked out once from the trace
// and its scenario.
type facts struct {
	t *handshake.Trace
	s *scenario.Scenario
	o *handshake.Outcome
	// chain is the answering server's leaf and its issuers, by the scenario's
	// issuer names, up to a self-signed certificate or a name the scenario lacks.
	chain []*pki.Spec
	// badgeChain is the same for the courier's badge (empty without one).
	badgeChain []*pki.Spec
	vars       map[string]string
	replacer   *strings.Replacer
}

const dateFormat = "2006-01-02 15:04 UTC"

func newFacts(t *handshake.Trace) *facts {
	s := t.Scenario
	f := &facts{t: t, s: s, o: &t.Outcome}
	send, _ := s.Answering()
	if len(send) > 0 {
		f.chain = f.issuers(send[0])
	}
	if s.Client.Badge != "" {
		f.badgeChain = f.issuers(s.Client.Badge)
	}
	v := map[string]string{
		"dial":     s.Client.Dial,
		"host":     urlHost(s.Client.Dial),
		"url":      "https://" + urlHost(s.Client.Dial) + VaultPath,
		"url_port": "https://" + urlHost(s.Client.Dial) + ":{port}" + VaultPath,
		"now":      s.Now.UTC().Format(dateFormat),
		"alert":    f.o.Alert,
		"version":  f.version(),
		"detail":   strings.TrimSuffix(f.o.Detail, "."),
		"go_error": f.o.ClientError,
		"verify":   verifyArg(s, ""),
		"cert":     certArg(s, ""),
	}
	v["cert_file"], v["key_file"] = CertFiles(s, "")
	// Defaults for what an edited scenario may lack, so that no template shows a
	// raw {name}.
	for k, d := range map[string]string{
		"leaf": "the bank's certificate", "issuer": "its issuer", "root": "the top of the chain", "names": "no names", "sent": "nothing",
		"bad": "a certificate of the chain", "bad_from": "a later date", "bad_until": "an earlier date",
		"badge": "the badge", "badge_issuer": "another CA", "weak_caveat": "", "weak_fix": "",
	} {
		v[k] = d
	}
	if len(f.chain) > 0 {
		leaf := f.chain[0]
		v["leaf"] = specName(leaf)
		v["names"] = strings.Join(sans(leaf), ", ")
		v["issuer"] = leaf.Issuer
		if is := s.Spec(leaf.Issuer); is != nil && !leaf.SelfSigned() {
			v["issuer"] = specName(is)
		}
		v["root"] = specName(f.chain[len(f.chain)-1])
		v["sent"] = f.sentNames()
	}
	for _, chain := range [][]*pki.Spec{f.chain, f.badgeChain} {
		if bad := f.outOfDate(chain); bad != nil {
			v["bad"] = specName(bad)
			v["bad_from"] = bad.NotBefore.At(s.Now).UTC().Format(dateFormat)
			v["bad_until"] = bad.NotAfter.At(s.Now).UTC().Format(dateFormat)
			break
		}
	}
	if len(f.badgeChain) > 0 {
		v["badge"] = specName(f.badgeChain[0])
		v["badge_issuer"] = f.badgeChain[0].Issuer
		if is := s.Spec(f.badgeChain[0].Issuer); is != nil {
			v["badge_issuer"] = specName(is)
		}
	}
	for i, sp := range f.chain {
		if sp.Key == pki.RSA1024 {
			what := "key"
			if i > 0 {
				what = "CA's key"
			}
			v["weak_caveat"] = " But " + specName(sp) + "'s " + what + " is RSA-1024: Go and Node accept it, while Python, curl and openssl s_client (the system's OpenSSL, security level 2) refuse it."
			v["weak_fix"] = " For the OpenSSL-based clients, reissue " + specName(sp) + " with an RSA-2048 or ECDSA key."
			break
		}
	}
	var cas []string
	for _, n := range s.Server.ClientCAs {
		if sp := s.Spec(n); sp != nil {
			cas = append(cas, specName(sp))
		}
	}
	v["client_cas"] = strings.Join(cas, ", ")
	// How Go's bank refuses a courier without a badge, in Go's words: TLS 1.3
	// has an alert for it, TLS 1.2 does not.
	v["no_badge_alert"] = "handshake failure"
	if f.tls13() {
		v["no_badge_alert"] = "certificate required"
	}
	f.vars = v
	pairs := make([]string, 0, 2*len(v))
	for k, val := range v {
		pairs = append(pairs, "{"+k+"}", val)
	}
	f.replacer = strings.NewReplacer(pairs...)
	return f
}

// render fills a template's {name}s with the facts; names it does not know (the
// run-to-run placeholders {port}, {line}, {thread}) stay as they are.
func (f *facts) render(tmpl string) string { return f.replacer.Replace(tmpl) }

// issuers follows Issuer names from the named certificate upwards.
func (f *facts) issuers(name string) []*pki.Spec {
	var chain []*pki.Spec
	for sp := f.s.Spec(name); sp != nil && len(chain) <= pki.MaxPathLimit; sp = f.s.Spec(sp.Issuer) {
		chain = append(chain, sp)
		if sp.SelfSigned() {
			break
		}
	}
	return chain
}

// outOfDate is the first certificate of chain outside its validity at the
// scenario's clock.
func (f *facts) outOfDate(chain []*pki.Spec) *pki.Spec {
	for _, sp := range chain {
		if sp.NotAfter < 0 || sp.NotBefore > 0 {
			return sp
		}
	}
	return nil
}

// version is the TLS version negotiated, or the one the client offers at most.
func (f *facts) version() string {
	if f.t.Version != "" {
		return f.t.Version
	}
	if f.s.Client.MaxVersion != "" {
		return "TLS " + string(f.s.Client.MaxVersion)
	}
	return "TLS 1.3"
}

// tls13 reports whether the connection ran (or would have run) TLS 1.3, which
// decides where a bank's refusal of the badge surfaces.
func (f *facts) tls13() bool { return f.version() == "TLS 1.3" }

func (f *facts) sentNames() string {
	send, _ := f.s.Answering()
	var names []string
	for _, n := range send {
		if sp := f.s.Spec(n); sp != nil {
			names = append(names, specName(sp))
		}
	}
	return strings.Join(names, ", ")
}

// dialIP reports whether the courier dials an IP address rather than a name.
func (f *facts) dialIP() bool { return scenario.IsIP(f.s.Client.Dial) }

// specName is how a certificate is called: its Common Name, else its
// organisation, else its name in the scenario.
func specName(sp *pki.Spec) string {
	switch {
	case sp.CommonName != "":
		return sp.CommonName
	case sp.Organization != "":
		return sp.Organization
	}
	return sp.Name
}

// sans lists a certificate's Subject Alternative Names as its extension orders
// them: DNS names first, then IP addresses.
func sans(sp *pki.Spec) []string {
	return append(append([]string(nil), sp.DNSNames...), sp.IPAddresses...)
}

// urlHost is the host as written in a URL: IPv6 addresses in brackets.
func urlHost(dial string) string {
	if a, err := netip.ParseAddr(dial); err == nil && a.Is6() {
		return "[" + dial + "]"
	}
	return dial
}
