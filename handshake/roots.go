package handshake

import (
	"crypto/x509"
	"sync"

	"golang.org/x/crypto/cryptobyte"
	casn1 "golang.org/x/crypto/cryptobyte/asn1"
	"golang.org/x/crypto/x509roots/fallback/bundle"

	"github.com/tlsplay/tlsplay/pki"
)

// Mozilla's root store (what certifi ships) is the courier's book of trusted
// IDs for verify=True. Parsing all of its roots costs about a quarter of a
// second in a browser, on the first story's critical path. Yet crypto/x509
// looks a certificate's possible parents up by the issuer name the certificate
// carries, and nothing else: a pool holding only the Mozilla roots whose
// subject some certificate of the scenario names as its issuer verifies
// exactly as the whole store does. So roots are indexed by subject (a walk of
// their DER, no parsing) and parsed only when a scenario names one.

// publicRoot is one root of Mozilla's store, parsed on first use.
type publicRoot struct {
	der        []byte
	constraint func([]*x509.Certificate) error
	parse      func() *x509.Certificate
}

// addTo adds the root to pool, with its constraint.
func (r *publicRoot) addTo(pool *x509.CertPool) {
	if r.constraint == nil {
		pool.AddCert(r.parse())
	} else {
		pool.AddCertWithConstraint(r.parse(), r.constraint)
	}
}

// publicStore is Mozilla's roots in the bundle's order, and by raw subject.
type publicStore struct {
	all       []*publicRoot
	bySubject map[string][]*publicRoot
}

var mozillaStore = sync.OnceValue(func() publicStore {
	st := publicStore{bySubject: map[string][]*publicRoot{}}
	for r := range bundle.Roots() {
		subject, ok := rawSubject(r.Certificate)
		if !ok {
			panic("handshake: corrupt Mozilla root bundle: a root's subject cannot be read")
		}
		der := r.Certificate
		pr := &publicRoot{der: der, constraint: r.Constraint, parse: sync.OnceValue(func() *x509.Certificate {
			c, err := x509.ParseCertificate(der)
			if err != nil {
				panic("handshake: corrupt Mozilla root bundle: " + err.Error())
			}
			return c
		})}
		st.all = append(st.all, pr)
		st.bySubject[string(subject)] = append(st.bySubject[string(subject)], pr)
	}
	return st
})

// rawSubject reads the subject of a DER certificate as x509 keeps it in
// RawSubject, without parsing the rest.
func rawSubject(der []byte) ([]byte, bool) {
	in := cryptobyte.String(der)
	var cert, tbs, subject cryptobyte.String
	ok := in.ReadASN1(&cert, casn1.SEQUENCE) &&
		cert.ReadASN1(&tbs, casn1.SEQUENCE) &&
		tbs.SkipOptionalASN1(casn1.Tag(0).Constructed().ContextSpecific()) && // version
		tbs.SkipASN1(casn1.INTEGER) && // serial
		tbs.SkipASN1(casn1.SEQUENCE) && // signature algorithm
		tbs.SkipASN1(casn1.SEQUENCE) && // issuer
		tbs.SkipASN1(casn1.SEQUENCE) && // validity
		tbs.ReadASN1Element(&subject, casn1.SEQUENCE)
	return subject, ok
}

// addPublicRoots adds to pool the Mozilla roots named as issuer by any of certs.
func addPublicRoots(pool *x509.CertPool, certs []*x509.Certificate) {
	bySubject := mozillaStore().bySubject
	added := map[*publicRoot]bool{}
	for _, c := range certs {
		for _, r := range bySubject[string(c.RawIssuer)] {
			if !added[r] {
				added[r] = true
				r.addTo(pool)
			}
		}
	}
}

// publicRootsFor is the part of Mozilla's store that the certificates of set
// can chain to; the courier's trust store for verify=True starts from it.
func publicRootsFor(set *pki.Set) *x509.CertPool {
	var certs []*x509.Certificate
	for _, name := range set.Order {
		certs = append(certs, set.Get(name).Cert)
	}
	pool := x509.NewCertPool()
	addPublicRoots(pool, certs)
	return pool
}

// publicBundle is all of Mozilla's store, for a probe of a real host, whose
// chain is not known ahead.
type publicBundle struct {
	pool  *x509.CertPool
	certs []*x509.Certificate
}

var mozillaRoots = sync.OnceValue(func() publicBundle {
	b := publicBundle{pool: x509.NewCertPool()}
	for _, r := range mozillaStore().all {
		b.certs = append(b.certs, r.parse())
		r.addTo(b.pool)
	}
	return b
})
