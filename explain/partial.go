package explain

import (
	"slices"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// A bundle that holds the bank's issuing CA but not the root above it (the
// company's "ca.pem" that is its intermediate): Go takes any certificate of
// its trust store for an anchor and ends the chain there; OpenSSL goes on up
// its trust store to a self-signed certificate, and without one refuses the
// chain as it builds it, before any other check of it, unless told
// X509_V_FLAG_PARTIAL_CHAIN. curl sets that flag (since 7.68), Python
// (before 3.13's own default context, which urllib3 does not use before 2.4),
// s_client and Node do not. The real clients prove each (clients'
// custom-ca-bundle-intermediate variants).

// errIssuer is OpenSSL's error for a chain whose top, in the trust store, did
// not sign itself and has no issuer there.
var errIssuer = x509Err{2, "unable to get issuer certificate", "UNABLE_TO_GET_ISSUER_CERT"}

// partialRefusers are the clients whose OpenSSL wants a self-signed anchor:
// the ones without X509_V_FLAG_PARTIAL_CHAIN.
var partialRefusers = map[string]bool{Requests: true, Requests1: true, OpenSSL: true, Node: true}

// partialNotes say why each client does what it does with such a chain.
var partialNotes = map[string]string{
	Requests:  "The bundle holds {anchor}, which did not sign itself: it is an issuing CA, not a root. OpenSSL, which Python uses, builds the chain up its bundle to a self-signed root and, without one, refuses (\"unable to get issuer certificate\") unless told X509_V_FLAG_PARTIAL_CHAIN, which urllib3 2 sets only from 2.4 on Python 3.13 and later (as Python 3.13's own default context does): there this requests connects. Go takes any certificate of its pool for an anchor, and curl sets the flag.",
	Requests1: "The bundle holds {anchor}, which did not sign itself: it is an issuing CA, not a root. OpenSSL, which Python uses, builds the chain up its bundle to a self-signed root and, without one, refuses (\"unable to get issuer certificate\"): urllib3 1.26 does not set X509_V_FLAG_PARTIAL_CHAIN. Go takes any certificate of its pool for an anchor, and curl sets the flag.",
	OpenSSL:   "The bundle (-CAfile) holds {anchor}, an issuing CA, not a root. s_client builds the chain up its trust store to a self-signed root and, without one, refuses (\"unable to get issuer certificate\"); -partial_chain would accept a chain ending at any certificate of -CAfile, as Go and curl do.",
	Node:      "The bundle (ca) holds {anchor}, an issuing CA, not a root. Node's OpenSSL builds the chain up its trust store to a self-signed root and, without one, refuses (UNABLE_TO_GET_ISSUER_CERT): Node does not set X509_V_FLAG_PARTIAL_CHAIN (nodejs/node#36453 asked for it). Go and curl accept a chain ending at any certificate of their bundle.",
	Curl:      "The bundle holds {anchor}, an issuing CA, not a root: curl sets OpenSSL's X509_V_FLAG_PARTIAL_CHAIN (since 7.68), so a chain ending at any certificate of its bundle passes, as in Go. Python, s_client and Node refuse it (\"unable to get issuer certificate\").",
	GoNetHTTP: "The bundle holds {anchor}, an issuing CA, not a root: Go takes any certificate of its pool for an anchor, and ends the chain there. Python, s_client and Node refuse it (\"unable to get issuer certificate\"): their OpenSSL wants a self-signed root; curl accepts it.",
}

// partialAnchor is the certificate at which the chain ends in the bundle
// client reads, when it signed none of itself and that bundle holds no root
// above it, and whether there is one. The bank's own certificate in the
// bundle is left out: that the real clients have not been shown. A story's
// chain is judged by the bundle each client reads (scenario.Resolve); a
// pasted chain's, or a real host's, by the trace's anchor check, whose
// trust store every client reads.
func (f *facts) partialAnchor(client string) (string, bool) {
	if len(f.chain) == 0 {
		return "", false
	}
	if f.chain[0].spec == nil {
		a := f.traceAnchor()
		if a == nil || a.SelfSigned || a.RootAbove || a.SHA256 == f.chain[0].id {
			return "", false
		}
		return a.Name, true
	}
	r := f.s.Resolve(client)
	if r.Off() {
		return "", false
	}
	trusts := func(c cert) bool { return c.spec != nil && r.Trusts(c.spec.Name, c.spec.Public) }
	for i, c := range f.chain {
		if !trusts(c) {
			continue
		}
		if i == 0 || c.top() {
			return "", false
		}
		for _, above := range f.chain[i+1:] {
			if !trusts(above) {
				break
			}
			if above.top() {
				return "", false
			}
		}
		return c.name, true
	}
	return "", false
}

// traceAnchor is where the courier's enforced check of the bank's chain
// found it ends in its trust store (nil when it did not, or checked
// nothing).
func (f *facts) traceAnchor() *handshake.Anchor {
	for _, st := range f.t.Steps {
		if st.Kind == handshake.KindCheck && st.Side == handshake.Client && st.Checks == handshake.CheckAnchor && !st.Advisory {
			return st.Anchor
		}
	}
	return nil
}

// partialRefuses reports whether client refuses the bank's chain for its
// partial anchor, and first: the chain is built before the other checks of
// the chain (opensslOrder's first rank), and before what chainBefore says.
// A weak key of the bank's own certificate OpenSSL refuses first of all.
func (f *facts) partialRefuses(client string) bool {
	if !partialRefusers[client] || f.failsToLoad(client) {
		return false
	}
	if _, ok := f.partialAnchor(client); !ok {
		return false
	}
	if client != Node && f.chain[0].weak() {
		return false
	}
	return f.chainBefore(client) || reasonRank(f.o.Reason, client) > opensslOrder[handshake.UnknownAuthority]
}

// partialVerdict is client's verdict v on a chain whose anchor in its
// bundle is no root: OpenSSL's refusal for the clients without
// X509_V_FLAG_PARTIAL_CHAIN, v with why for the others.
func (f *facts) partialVerdict(v verdict, client string) verdict {
	anchor, ok := f.partialAnchor(client)
	if !ok {
		return v
	}
	note := substitute(partialNotes[client], "{anchor}", anchor)
	if f.partialRefuses(client) {
		v = chainVerdict(f, errIssuer, client)
		v.note = note
		return v
	}
	if !partialRefusers[client] && v.note == "" {
		v.note = note
	}
	return v
}

// partialWords are the issuing CA at which the chain ends in the bundle
// requests reads, with no root above it there, and the root above it: the
// chain's self-signed top, else (a pasted chain without it) the name its
// last certificate gives its issuer. Both "" when requests' anchor is a
// root.
func (f *facts) partialWords() (anchor, root string) {
	anchor, ok := f.partialAnchor(Requests)
	if !ok {
		return "", ""
	}
	last := f.chain[len(f.chain)-1]
	if last.top() {
		return anchor, last.name
	}
	return anchor, last.issuer
}

// addRoot puts the root above the partial anchor, the chain's self-signed
// top, in every bundle of s that holds the anchor, and reports whether it
// did: the cure of a bundle holding an issuing CA alone.
func (f *facts) addRoot(s *scenario.Scenario) bool {
	if f.vars.PartialAnchor == "" || len(f.chain) == 0 {
		return false
	}
	top := f.chain[len(f.chain)-1]
	var anchor *pki.Spec
	for _, c := range f.chain {
		if c.name == f.vars.PartialAnchor && c.spec != nil {
			anchor = c.spec
			break
		}
	}
	if !top.top() || top.spec == nil || anchor == nil {
		return false
	}
	added := false
	add := func(bundle *[]string) {
		if slices.Contains(*bundle, anchor.Name) && !slices.Contains(*bundle, top.spec.Name) {
			*bundle = append(*bundle, top.spec.Name)
			added = true
		}
	}
	add(&s.Client.Bundle)
	add(&s.Client.OSStore)
	for i := range s.Client.Env {
		add(&s.Client.Env[i].Certs)
	}
	return added
}

// partialFix is the cure of a bundle holding an issuing CA alone, for the
// clients whose OpenSSL wants a self-signed root.
const partialFix = " Python requests, openssl s_client and Node refuse the chain (\"unable to get issuer certificate\"): the bundle holds {partial_anchor}, the CA that issued the bank's certificate, and not {partial_root}, the root above it, which signed itself. Put {partial_root} in the bundle (verify='ca.pem'), beside {partial_anchor} or in its place."

// partialPending is the fix summary's words for a bundle that holds an
// issuing CA alone where Go refuses for another reason: the cure must add
// the root too ("" otherwise).
func (f *facts) partialPending() string {
	if f.o.OK || f.vars.PartialAnchor == "" || !f.partialRefuses(Requests) {
		return ""
	}
	return f.render(partialFix)
}
