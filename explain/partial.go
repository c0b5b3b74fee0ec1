package explain

import (
	"fmt"
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
// above it, and whether there is one. A bundle holding the bank's own
// certificate (verify='server.pem', a pinning attempt) and none of its
// issuers ends the chain at it (leafAnchor); one holding its issuing CA too
// ends it there, as OpenSSL finds the leaf's issuer in its store first. A
// story's chain is judged by the bundle each client reads
// (scenario.Resolve); a pasted chain's, or a real host's, by the trace's
// anchor check, whose trust store every client reads.
func (f *facts) partialAnchor(client string) (string, bool) {
	if len(f.chain) == 0 {
		return "", false
	}
	if f.chain[0].spec == nil {
		a := f.traceAnchor()
		switch {
		case a == nil || a.SelfSigned || a.RootAbove:
			return "", false
		case a.Held != "":
			return a.Held, true
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
		if c.top() {
			return "", false
		}
		if i == 0 && slices.ContainsFunc(f.chain[1:], trusts) {
			continue
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

// leafAnchor reports whether the chain ends, in the bundle client reads, at
// the bank's own certificate (partialAnchor): no CA, which OpenSSL takes for
// an anchor only with X509_V_FLAG_PARTIAL_CHAIN. Without it OpenSSL looks for
// the certificate's issuer, in its store and among those the bank sent, and
// finds none in its store: "unable to get local issuer certificate" (Node's
// "unable to verify the first certificate" of a certificate sent alone), as
// for a chain nobody trusts.
func (f *facts) leafAnchor(client string) bool {
	anchor, ok := f.partialAnchor(client)
	if !ok {
		return false
	}
	if f.chain[0].spec == nil {
		a := f.traceAnchor()
		return a.SHA256 == f.chain[0].id && a.Held == ""
	}
	return anchor == f.chain[0].name && !slices.ContainsFunc(f.chain[1:], func(c cert) bool {
		return c.spec != nil && f.s.Resolve(client).Trusts(c.spec.Name, c.spec.Public)
	})
}

// leafSentAlone reports whether the bank sent its own certificate alone.
func (f *facts) leafSentAlone() bool {
	send, _ := f.s.Answering()
	return len(f.sentCerts(handshake.Server, send)) == 1
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
	leaf := f.leafAnchor(client)
	notes := partialNotes
	if leaf {
		notes = leafNotes
	}
	note := substitute(notes[client], "{anchor}", anchor)
	if f.partialRefuses(client) {
		switch {
		case !leaf:
			v = chainVerdict(f, errIssuer, client)
		case client == Node && f.leafSentAlone():
			v = nodeLeafAlone()
		default:
			v = chainVerdict(f, errIssuerLocally, client)
		}
		v.note = note
		return v
	}
	if !partialRefusers[client] && v.note == "" {
		v.note = note
	}
	return v
}

// leafNotes say why each client does what it does with a bundle that holds
// the bank's own certificate and none of its issuers.
var leafNotes = map[string]string{
	Requests:  "The bundle holds {anchor}, the bank's own certificate, which is no CA and did not sign itself. OpenSSL, which Python uses, takes no such certificate for an anchor unless told X509_V_FLAG_PARTIAL_CHAIN: it looks for the CA that issued it, finds none in the bundle, and refuses (\"unable to get local issuer certificate\"). urllib3 2 sets the flag only from 2.4 on Python 3.13 and later (as Python 3.13's own default context does): there this requests connects. Go takes any certificate of its pool for an anchor, and curl sets the flag.",
	Requests1: "The bundle holds {anchor}, the bank's own certificate, which is no CA and did not sign itself. OpenSSL, which Python uses, takes no such certificate for an anchor unless told X509_V_FLAG_PARTIAL_CHAIN, which urllib3 1.26 does not set: it looks for the CA that issued it, finds none in the bundle, and refuses (\"unable to get local issuer certificate\"). Go takes any certificate of its pool for an anchor, and curl sets the flag.",
	OpenSSL:   "The bundle (-CAfile) holds {anchor}, the bank's own certificate, no CA. s_client looks for the CA that issued it, finds none in its trust store, and refuses (\"unable to get local issuer certificate\"); -partial_chain would take any certificate of -CAfile for an anchor, as Go and curl do.",
	Node:      "The bundle (ca) holds {anchor}, the bank's own certificate, no CA. Node's OpenSSL looks for the CA that issued it, finds none in its trust store, and refuses: Node does not set X509_V_FLAG_PARTIAL_CHAIN (nodejs/node#36453 asked for it). Go and curl take any certificate of their bundle for an anchor.",
	Curl:      "The bundle holds {anchor}, the bank's own certificate, no CA: curl sets OpenSSL's X509_V_FLAG_PARTIAL_CHAIN (since 7.68), so a chain ending at any certificate of its bundle passes, as in Go. Python, s_client and Node look for the CA that issued it and refuse (\"unable to get local issuer certificate\").",
	GoNetHTTP: "The bundle holds {anchor}, the bank's own certificate: Go takes any certificate of its pool for an anchor, and the chain ends there. Python, s_client and Node refuse it (\"unable to get local issuer certificate\"): their OpenSSL takes no certificate that is no CA for an anchor; curl accepts it.",
}

// partialWords are the issuing CA at which the chain ends in the bundle
// requests reads, with no root above it there, and the root above it: the
// chain's self-signed top, else (a pasted chain without it) the name its
// last certificate gives its issuer. Both "" when requests' anchor is a
// root. The anchor is the bank's own certificate when the bundle holds it
// and none of its issuers (leafAnchor).
func (f *facts) partialWords() (anchor, root string) {
	anchor, ok := f.partialAnchor(Requests)
	if !ok {
		return "", ""
	}
	if a := f.traceAnchor(); f.chain[0].spec == nil && a.Held != "" {
		return anchor, a.HeldIssuer
	}
	last := f.chain[len(f.chain)-1]
	if last.top() {
		return anchor, last.name
	}
	return anchor, last.issuer
}

// partialCure is the cure the fix names for the anchor in requests'
// bundle ({partial_fix}): the root above an issuing CA; in place of the
// bank's own certificate, the CAs above it ({partial_cas}).
func (f *facts) partialCure() (fix, cas string) {
	anchor, root := f.vars.PartialAnchor, f.vars.PartialRoot
	if anchor == "" {
		return "", ""
	}
	if !f.leafAnchor(Requests) {
		return substitute(partialFixWords, "{partial_anchor}", anchor, "{partial_root}", root), ""
	}
	issuer := f.chain[0].issuer
	cas = fmt.Sprintf("the CA that issued it, %s, with the root above it, %s, which signed itself", issuer, root)
	if issuer == root {
		cas = fmt.Sprintf("the CA that issued it, %s, which signed itself", root)
	}
	return fmt.Sprintf(leafFixWords, anchor, cas), cas
}

// partialFixWords and leafFixWords are partialCure's words.
const (
	partialFixWords = "Python requests, openssl s_client and Node refuse the chain (\"unable to get issuer certificate\"): the bundle holds {partial_anchor}, the CA that issued the bank's certificate, and not {partial_root}, the root above it, which signed itself. Put {partial_root} in the bundle (verify='ca.pem'), beside {partial_anchor} or in its place."
	leafFixWords    = "Python requests, openssl s_client and Node refuse the chain (\"unable to get local issuer certificate\"): the bundle holds %s, the bank's own certificate, which is no CA, and their OpenSSL takes no such certificate for an anchor. Put in the bundle (verify='ca.pem'), in its place, %s: it vouches for the bank's certificate, and for the one that renews it. " + pinNote
	// pinNote is what a bundle holding the bank's own certificate meant.
	pinNote = "(To pin the bank's own certificate, compare its fingerprint after the handshake: a bundle cannot.)"
)

// addRoot puts the root above the partial anchor, the chain's self-signed
// top, in every bundle of s that holds the anchor, and reports whether it
// did: the cure of a bundle holding an issuing CA alone. A bundle holding
// the bank's own certificate takes the CAs above it in its place.
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
	// In place of the bank's own certificate, the CAs above it.
	leaf := anchor == f.chain[0].spec
	var cas []string
	for _, c := range f.chain[1:] {
		if c.spec != nil {
			cas = append(cas, c.spec.Name)
		}
	}
	added := false
	add := func(bundle *[]string) {
		if !slices.Contains(*bundle, anchor.Name) {
			return
		}
		if leaf {
			*bundle = slices.DeleteFunc(*bundle, func(n string) bool { return n == anchor.Name })
			for _, n := range cas {
				if !slices.Contains(*bundle, n) {
					*bundle = append(*bundle, n)
				}
			}
			added = true
			return
		}
		if !slices.Contains(*bundle, top.spec.Name) {
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

// partialFix is the cure of a bundle whose anchor is no root, for the
// clients whose OpenSSL wants a self-signed root (partialCure).
const partialFix = " {partial_fix}"

// partialPending is the fix summary's words for a bundle that holds an
// issuing CA alone where Go refuses for another reason: the cure must add
// the root too ("" otherwise).
func (f *facts) partialPending() string {
	if f.o.OK || f.vars.PartialAnchor == "" || !f.partialRefuses(Requests) {
		return ""
	}
	return f.render(partialFix)
}
