package handshake

import (
	"crypto/tls"
	"slices"
	"testing"

	"github.com/tlsplay/tlsplay/handshake/wire"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// keyFacts is what a certificate summary says of each key a spec can hold.
var keyFacts = map[pki.KeyType]struct {
	typ  KeyType
	bits int
}{
	pki.ECDSAP256: {KeyECDSA, 256},
	pki.ECDSAP384: {KeyECDSA, 384},
	pki.Ed25519:   {KeyEd25519, 256},
	pki.RSA1024:   {KeyRSA, 1024},
	pki.RSA2048:   {KeyRSA, 2048},
	pki.RSA3072:   {KeyRSA, 3072},
	pki.RSA4096:   {KeyRSA, 4096},
}

// TestTraceFacts checks, for every preset and variant, the facts the trace
// carries as values against the scenario that produced them: what the
// ClientHello offered, what the bank chose, the CAs its CertificateRequest
// names, and the certificates' names and keys. The layers above read these
// instead of bytes or labels, so each must be what the wire said.
func TestTraceFacts(t *testing.T) {
	// seen counts the cases with each fact, so a test that looks at nothing
	// does not pass.
	seen := map[string]int{}
	defer func() {
		for _, fact := range []string{"acceptable CAs", "ALPN", "TLS 1.2 group", "hello retry", "badge", "RSA key"} {
			if seen[fact] == 0 {
				t.Errorf("no case has a trace with %s", fact)
			}
		}
	}()
	forEachCase(t, func(t *testing.T, c tcase, tr *Trace) {
		n := tr.Negotiated
		for fact, has := range map[string]bool{"acceptable CAs": len(tr.AcceptableCAs) > 0, "ALPN": n.ALPN != "",
			"TLS 1.2 group": n.Version == wire.VersionTLS12 && n.Group != 0, "hello retry": n.HelloRetry} {
			if has {
				seen[fact]++
			}
		}
		for _, st := range tr.Steps {
			for _, cs := range st.Certs {
				if st.Side == Client {
					seen["badge"]++
				}
				if cs.KeyType == KeyRSA {
					seen["RSA key"]++
				}
			}
		}
		s := c.s
		hello := -1
		for i, st := range tr.Steps {
			if st.IsMessage(wire.TypeClientHello) && hello < 0 {
				hello = i
			}
		}
		if hello < 0 {
			if !slices.Equal(tr.Offered.Versions, nil) || tr.Negotiated != (Negotiated{}) {
				t.Errorf("no ClientHello, yet offered %+v and negotiated %+v", tr.Offered, tr.Negotiated)
			}
			return
		}
		offeredFacts(t, s, tr.Offered)
		negotiatedFacts(t, s, tr)
		acceptableCAFacts(t, s, tr)
		certFacts(t, s, tr)
	})
}

func offeredFacts(t *testing.T, s *scenario.Scenario, o Offered) {
	t.Helper()
	sni := s.Client.Dial
	if s.Client.SNI != "" {
		sni = s.Client.SNI
	}
	if scenario.IsIP(sni) {
		sni = ""
	}
	if o.SNI != sni {
		t.Errorf("offered SNI %q, want %q", o.SNI, sni)
	}
	if !slices.Equal(o.ALPN, s.Client.ALPN) {
		t.Errorf("offered ALPN %q, want %q", o.ALPN, s.Client.ALPN)
	}
	top := wire.VersionTLS13
	if s.Client.MaxVersion == scenario.TLS12 {
		top = wire.VersionTLS12
	}
	if !slices.Contains(o.Versions, top) || slices.Max(o.Versions) != top {
		t.Errorf("offered versions %v, want up to %v", o.Versions, top)
	}
	if groups := s.Client.Groups; len(groups) > 0 {
		// Go orders the groups its own way: the same set.
		want := make([]wire.Group, len(groups))
		for i, g := range groups {
			want[i] = GroupID(g)
		}
		if got := slices.Sorted(slices.Values(o.Groups)); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
			t.Errorf("offered groups %v, want %v", o.Groups, want)
		}
	}
	if len(o.CipherSuites) == 0 || len(o.KeyShares) == 0 && top == wire.VersionTLS13 {
		t.Errorf("offered suites %v, key shares %v", o.CipherSuites, o.KeyShares)
	}
	for _, g := range o.KeyShares {
		if !slices.Contains(o.Groups, g) {
			t.Errorf("key share for %v, which the groups %v leave out", g, o.Groups)
		}
	}
}

func negotiatedFacts(t *testing.T, s *scenario.Scenario, tr *Trace) {
	t.Helper()
	n := tr.Negotiated
	if n.Version == 0 {
		if tr.Version != "" || n.CipherSuite != 0 {
			t.Errorf("no version negotiated, yet %q and %+v", tr.Version, n)
		}
		return
	}
	if tr.Version != tls.VersionName(uint16(n.Version)) || tr.CipherSuite != tls.CipherSuiteName(uint16(n.CipherSuite)) {
		t.Errorf("negotiated %+v, named %s and %s", n, tr.Version, tr.CipherSuite)
	}
	if !slices.Contains(tr.Offered.Versions, n.Version) || !slices.Contains(tr.Offered.CipherSuites, n.CipherSuite) {
		t.Errorf("negotiated %v with %v, which the ClientHello did not offer", n.Version, n.CipherSuite)
	}
	if n.CipherSuite.TLS13() != (n.Version == wire.VersionTLS13) {
		t.Errorf("suite %v at %v", n.CipherSuite, n.Version)
	}
	if len(s.Server.CipherSuites) > 0 && n.Version == wire.VersionTLS12 && !slices.Contains(s.Server.CipherSuites, n.CipherSuite.String()) {
		t.Errorf("negotiated %v, which the bank does not allow (%v)", n.CipherSuite, s.Server.CipherSuites)
	}
	// A group is chosen in TLS 1.3, and in TLS 1.2 once the bank's
	// ServerKeyExchange names its curve.
	chose := n.Version == wire.VersionTLS13
	for _, st := range tr.Steps {
		chose = chose || st.IsMessage(wire.TypeServerKeyExchange)
	}
	if chose != (n.Group != 0) || n.Group != 0 && !slices.Contains(tr.Offered.Groups, n.Group) {
		t.Errorf("negotiated group %v, offered %v", n.Group, tr.Offered.Groups)
	}
	if g := s.Server.Groups; n.Group != 0 && len(g) > 0 && !slices.Contains(g, scenarioGroup(n.Group)) {
		t.Errorf("negotiated group %v, which the bank does not take (%v)", n.Group, g)
	}
	if n.ALPN != "" && (!slices.Contains(s.Client.ALPN, n.ALPN) || !slices.Contains(s.Server.ALPN, n.ALPN)) {
		t.Errorf("negotiated ALPN %q, offered %q, accepted %q", n.ALPN, s.Client.ALPN, s.Server.ALPN)
	}
	if tr.Outcome.OK && len(s.Client.ALPN) > 0 && len(s.Server.ALPN) > 0 && n.ALPN == "" {
		t.Errorf("both sides speak ALPN (%q, %q), none was chosen", s.Client.ALPN, s.Server.ALPN)
	}
}

func scenarioGroup(g wire.Group) scenario.Group {
	for _, sg := range scenario.Groups {
		if GroupID(sg) == g {
			return sg
		}
	}
	return ""
}

func acceptableCAFacts(t *testing.T, s *scenario.Scenario, tr *Trace) {
	t.Helper()
	requested := false
	for _, st := range tr.Steps {
		requested = requested || st.Side == Server && st.IsMessage(wire.TypeCertificateRequest)
	}
	var want []Name
	if requested {
		for _, n := range s.Server.ClientCAs {
			sp := s.Spec(n)
			want = append(want, Name{CommonName: sp.CommonName, Organization: sp.Organization})
		}
	}
	var got []Name
	for _, n := range tr.AcceptableCAs {
		if n.Text == "" {
			t.Errorf("acceptable CA %+v without its text", n)
		}
		got = append(got, Name{CommonName: n.CommonName, Organization: n.Organization})
	}
	if !slices.Equal(got, want) {
		t.Errorf("acceptable CAs %+v, want %+v", got, want)
	}
}

func certFacts(t *testing.T, s *scenario.Scenario, tr *Trace) {
	t.Helper()
	send, _ := s.Answering()
	for _, st := range tr.Steps {
		if !st.IsMessage(wire.TypeCertificate) {
			continue
		}
		names := send
		if st.Side == Client {
			names = []string{s.Client.Badge}
		}
		if len(st.Certs) != len(names) && len(st.Certs) > 0 {
			t.Errorf("%s sent %d certificates, the scenario %d", st.Side, len(st.Certs), len(names))
			continue
		}
		for i, cs := range st.Certs {
			sp := s.Spec(names[i])
			issuer := s.Spec(sp.Issuer)
			if issuer == nil {
				issuer = sp
			}
			kf := keyFacts[sp.Key]
			if cs.SubjectName != (Name{CommonName: sp.CommonName, Organization: sp.Organization}) ||
				cs.IssuerName != (Name{CommonName: issuer.CommonName, Organization: issuer.Organization}) ||
				cs.KeyType != kf.typ || cs.KeyBits != kf.bits {
				t.Errorf("%s's certificate %d (%s): subject %+v issuer %+v key %s %d, want %s/%s, %s/%s, %s %d", st.Side, i, sp.Name,
					cs.SubjectName, cs.IssuerName, cs.KeyType, cs.KeyBits, sp.CommonName, sp.Organization, issuer.CommonName, issuer.Organization, kf.typ, kf.bits)
			}
		}
	}
}
