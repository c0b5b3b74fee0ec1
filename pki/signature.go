package pki

import (
	"crypto/sha256"
	"crypto/x509"
	"sync"
	"sync/atomic"
)

// CheckSignature is parent.CheckSignature of c's signature (which allows
// SHA-1, as x509's does): whether parent's key signed c. The answer depends
// only on the two certificates' bytes, and in WebAssembly one ECDSA
// verification costs milliseconds, so answers are remembered: a link an edit
// leaves alone is not checked again, nor one several checks ask about.
//
// A certificate crafted here needs no check of its own: x509.CreateCertificate
// refuses a signer whose key is not the parent's and verifies the signature it
// made before returning (see issue), so its answer is remembered from there.
func CheckSignature(c, parent *x509.Certificate) error {
	key := sigKey{sha256.Sum256(c.Raw), sha256.Sum256(parent.Raw)}
	if v, ok := signatures.Load(key); ok {
		return v.(sigResult).err
	}
	err := parent.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature)
	verified.Add(1)
	remember(key, err)
	return err
}

// signed remembers that parent's key signed c: x509.CreateCertificate has just
// checked it.
func signed(c, parent *x509.Certificate) {
	remember(sigKey{sha256.Sum256(c.Raw), sha256.Sum256(parent.Raw)}, nil)
}

func remember(key sigKey, err error) {
	if signatureCount.Add(1) > signatureLimit {
		signatures.Clear()
		signatureCount.Store(0)
	}
	signatures.Store(key, sigResult{err})
}

type sigKey [2][sha256.Size]byte

type sigResult struct{ err error }

// signatures remembers signature checks, at most signatureLimit before
// starting over; verified counts the checks CheckSignature did itself.
var (
	signatures     sync.Map
	signatureCount atomic.Int64
	verified       atomic.Int64
)

const signatureLimit = 4096
