package explain

import (
	"fmt"
	"strings"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/handshake/wire"
	"github.com/tlsplay/tlsplay/scenario"
)

// The key exchange in words: which group made the shared secret, whether it
// resists a quantum computer, what that cost the ClientHello, and a
// HelloRetryRequest when the bank asked for another key share.

// hybridGroup is the hybrid post-quantum group Go offers by default (Go 1.24
// and later): ML-KEM-768 (FIPS 203) beside X25519.
const hybridGroup wire.Group = 0x11ec

// postQuantum reports whether a group's secret resists a quantum computer: the
// hybrids, and ML-KEM on its own.
func postQuantum(g wire.Group) bool {
	return strings.Contains(strings.ToUpper(g.String()), "MLKEM")
}

// keyExchange is the sentence on the negotiated group ("" before any).
func (f *facts) keyExchange() string {
	n := f.t.Negotiated
	if n.Group == 0 {
		return ""
	}
	var b strings.Builder
	if n.HelloRetry {
		fmt.Fprintf(&b, " The bank first answered with a HelloRetryRequest: the courier had sent a key share for %s only, and the bank wants %s, which the courier listed but had not sent a share for; so the courier sent a second ClientHello with a %s share, a round trip more.",
			groupWords(f.t.Offered.KeyShares), n.Group, n.Group)
	}
	hello := f.clientHelloSize()
	switch {
	case n.Group == hybridGroup:
		fmt.Fprintf(&b, " The secret was agreed with X25519MLKEM768, a hybrid of the classical X25519 and the post-quantum ML-KEM-768 (FIPS 203): it holds unless both are broken, so what is recorded today stays secret from a future quantum computer. It costs bytes: the courier's share is 1,216 bytes (ML-KEM's 1,184-byte key and X25519's 32) where X25519 alone is 32, and the bank answers with 1,120")
		if hello > 0 {
			fmt.Fprintf(&b, ", which is why this ClientHello is about %.1f kB instead of about 250 bytes", float64(hello)/1000)
		}
		b.WriteString(".")
	case postQuantum(n.Group):
		fmt.Fprintf(&b, " The secret was agreed with %s, which resists a quantum computer.", n.Group)
	case n.Version != wire.VersionTLS13:
		fmt.Fprintf(&b, " The secret was agreed with %s, a classical group: %s has no post-quantum key exchange, so what is recorded today could be decrypted by a future quantum computer.", n.Group, n.Version)
	case f.offeredPQ():
		fmt.Fprintf(&b, " The secret was agreed with %s, a classical group: the courier offered X25519MLKEM768 but the bank does not take it, so what is recorded today could be decrypted by a future quantum computer (harvest now, decrypt later).", n.Group)
	default:
		fmt.Fprintf(&b, " The secret was agreed with %s, a classical group: the courier offered no post-quantum group (Go offers X25519MLKEM768 by default; OpenSSL has it from 3.5 only, so Python, curl and Node on older systems do not), so what is recorded today could be decrypted by a future quantum computer (harvest now, decrypt later).", n.Group)
	}
	return b.String()
}

// groupsApart words the groups of a courier and a bank with none in common.
func (f *facts) groupsApart() {
	v := &f.vars
	_, offered := f.offered()
	server := f.s.Server.Groups
	if len(server) == 0 {
		server = scenario.Groups
	}
	v.ClientGroups, v.ServerGroups = groupList(offered), groupList(server)
	if f.pqOnlyBank() && !f.offeredPQ() {
		v.PQNote = " The bank takes only post-quantum key exchange, and this courier knows none: Go's courier offers X25519MLKEM768 by default, but OpenSSL has ML-KEM from 3.5 only, so Python, curl, openssl and Node on most systems today offer none and are refused the same way."
	}
}

// legacyVersion reports whether the handshake settled on TLS 1.0 or 1.1.
func (f *facts) legacyVersion() bool {
	v := f.t.Negotiated.Version
	return v != 0 && v < wire.VersionTLS12
}

// pqOnlyBank reports whether the bank takes post-quantum groups only.
func (f *facts) pqOnlyBank() bool {
	if len(f.s.Server.Groups) == 0 || f.s.Imposter != nil {
		return false
	}
	for _, g := range f.s.Server.Groups {
		if !postQuantum(handshake.GroupID(g)) {
			return false
		}
	}
	return true
}

// pqRefuses reports whether client, on an OpenSSL without ML-KEM, offers
// none of the groups of a bank that takes only post-quantum ones, where Go's
// courier reached the bank (predict; the lens's pqRefused).
func (f *facts) pqRefuses(client string) bool {
	return client != GoNetHTTP && !f.failsToLoad(client) && f.pqOnlyBank() && f.o.Reason != handshake.NoSharedGroup
}

// offeredPQ reports whether the courier offered a post-quantum group.
func (f *facts) offeredPQ() bool {
	for _, g := range f.t.Offered.Groups {
		if postQuantum(g) {
			return true
		}
	}
	return false
}

// clientHelloSize is the first ClientHello's length, 0 without one.
func (f *facts) clientHelloSize() int {
	for _, st := range f.t.Steps {
		if st.Side == handshake.Client && st.IsMessage(wire.TypeClientHello) {
			return len(st.Bytes)
		}
	}
	return 0
}

// groupWords lists groups by name.
func groupWords(gs []wire.Group) string {
	if len(gs) == 0 {
		return "no group"
	}
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = g.String()
	}
	return strings.Join(out, " and ")
}
