package explain

import (
	"slices"
	"strings"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/handshake/wire"
	"github.com/tlsplay/tlsplay/scenario"
)

// Go says "no cipher suite supported by both client and server" whenever it
// finds no TLS 1.2 suite it can use, which is not always a suite missing from a
// list: every ECDHE suite also needs a key-exchange group both sides support,
// and each suite needs a certificate of its kind (ECDHE_RSA an RSA key,
// ECDHE_ECDSA an ECDSA or Ed25519 key). cipherCause tells which, from the
// suites and groups the ClientHello offered and the bank's configuration and
// certificate: noCase when no suite is in both lists (the general words),
// cipherKey when the shared suites need another kind of certificate,
// cipherGroup when they are ECDHE and no group is shared.

// cipherCause is the cause of a no_shared_cipher outcome. It fills the facts
// its words name: the suites both sides allow, the kind of key they need and
// the bank's, the two sides' groups.
func (f *facts) cipherCause() fixCase {
	offered, groups := f.offered()
	var shared []string
	for _, cs := range offered {
		if !cs.TLS13() && (len(f.s.Server.CipherSuites) == 0 || slices.Contains(f.s.Server.CipherSuites, cs.String())) {
			shared = append(shared, cs.String())
		}
	}
	if len(shared) == 0 {
		return noCase
	}
	_, keyName := f.s.Answering()
	key := ""
	if sp := f.s.Spec(keyName); sp != nil {
		key = string(sp.Key)
	}
	kind := keyKind(key)
	var fit []string
	for _, cs := range shared {
		if needs := suiteNeeds(cs); kind == "" || needs == "" || needs == kind {
			fit = append(fit, cs)
		}
	}
	v := &f.vars
	v.SharedSuites, v.LeafKey, v.SuiteKey = strings.Join(shared, ", "), kind, suiteNeeds(shared[0])
	if len(fit) == 0 {
		return cipherKey
	}
	server := f.s.Server.Groups
	if len(server) == 0 {
		server = scenario.Groups
	}
	for _, cs := range fit {
		if !strings.HasPrefix(cs, "TLS_ECDHE_") {
			return noCase
		}
	}
	for _, g := range groups {
		if g != scenario.X25519MLKEM768 && slices.Contains(server, g) {
			return noCase
		}
	}
	v.ClientGroups, v.ServerGroups = groupList(groups), groupList(server)
	return cipherGroup
}

// offered are the cipher suites and groups the courier's ClientHello offered,
// the groups as a scenario names them.
func (f *facts) offered() (suites []wire.CipherSuite, groups []scenario.Group) {
	for _, g := range f.t.Offered.Groups {
		groups = append(groups, scenarioGroup(g))
	}
	return f.t.Offered.CipherSuites, groups
}

// scenarioGroup is a group as a scenario names it; one no scenario can name
// goes by the registry's name, in lower case as the scenario's are.
func scenarioGroup(g wire.Group) scenario.Group {
	for _, sg := range scenario.Groups {
		if handshake.GroupID(sg) == g {
			return sg
		}
	}
	return scenario.Group(strings.ToLower(g.String()))
}

// keyKind is the kind of certificate a key makes, as the suites name it.
func keyKind(key string) string {
	switch {
	case strings.HasPrefix(key, "rsa"):
		return "RSA"
	case strings.HasPrefix(key, "ecdsa"), key == "ed25519":
		return "ECDSA"
	}
	return ""
}

// suiteNeeds is the kind of certificate a TLS 1.2 suite needs.
func suiteNeeds(suite string) string {
	switch {
	case strings.Contains(suite, "_ECDSA_"):
		return "ECDSA"
	case strings.HasPrefix(suite, "TLS_ECDHE_RSA_"), strings.HasPrefix(suite, "TLS_RSA_"):
		return "RSA"
	}
	return ""
}

func groupList(groups []scenario.Group) string {
	out := make([]string, len(groups))
	for i, g := range groups {
		out[i] = string(g)
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}

// cipherWords are the technical words of a no_shared_cipher outcome by its
// cause (see cipherCause); the general ones are the reason's own.
var cipherWords = [numFixCases]string{
	cipherKey:   "The courier offers {shared_suites}, and the bank allows it, but such a suite needs a certificate with an {suite_key} key and the bank's certificate has an {leaf_key} key: the bank can use none of the suites both allow, and answered with a handshake failure alert.",
	cipherGroup: "The suites both sides allow are all ECDHE, and every ECDHE suite needs a key-exchange group both sides support: the courier offers {client_groups}, the bank accepts {server_groups}, with none in common for TLS 1.2 (X25519MLKEM768 counts in TLS 1.3 only). Go reports that as no cipher suite in common; the bank answered with a handshake failure alert.",
}

// sha1Only is the bank's TLS 1.2 suites when every one it can use with its
// certificate has a SHA-1 MAC (the CBC suites ending in _CBC_SHA), in a
// handshake that settled on TLS 1.2; nil otherwise. CPython's own default
// cipher list (since 3.10: ECDH+AESGCM:ECDH+CHACHA20:ECDH+AES:DHE+AES:!SHA1…)
// leaves exactly those out of Go's TLS 1.2 suites.
func (f *facts) sha1Only() []string {
	if f.legacyVersion() {
		// Before TLS 1.2 every suite Go has ends in _CBC_SHA.
		return []string{f.t.CipherSuite}
	}
	if f.t.Negotiated.Version != wire.VersionTLS12 || len(f.s.Server.CipherSuites) == 0 {
		return nil
	}
	_, keyName := f.s.Answering()
	kind := ""
	if sp := f.s.Spec(keyName); sp != nil {
		kind = keyKind(string(sp.Key))
	}
	var usable []string
	for _, cs := range f.s.Server.CipherSuites {
		if needs := suiteNeeds(cs); kind != "" && needs != "" && needs != kind {
			continue
		}
		if !strings.HasSuffix(cs, "_CBC_SHA") {
			return nil
		}
		usable = append(usable, cs)
	}
	return usable
}
