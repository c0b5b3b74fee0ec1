package pki

//go:generate go run gen_rsapool.go

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"sync"
)

// rsapool.pem holds RSA keys generated once by gen_rsapool.go. Generating an RSA key
// in a browser takes 0.15 to 6 seconds; taking one from the pool takes microseconds.
// A program has it built in (pooldata_embed.go), or, built with the tag
// tlsplay_fetchdata as the page's WebAssembly is, fetches it when a scenario
// first needs an RSA key (pooldata_fetch.go).

var (
	poolMu  sync.Mutex
	rsaKeys map[int][]*rsa.PrivateKey // by size; nil until read
	// reading is the pool read so far, when a ReadPool was stopped: the
	// keys read and the PEM still to read.
	reading struct {
		keys map[int][]*rsa.PrivateKey
		rest []byte
	}
)

// rsaPool is the pooled keys by size. A pool that cannot be had (fetched
// while offline, say, or damaged) is empty this time: keys are made on the spot instead,
// slower but the same to every check; the next call tries again.
func rsaPool() map[int][]*rsa.PrivateKey {
	pool, _ := readPool(context.Background())
	return pool
}

// ReadPool reads the pool of RSA keys ahead of a scenario that needs one,
// passing ctx's checkpoint (WithCheckpoint) between two keys: reading one
// takes a browser tens of milliseconds, the pool a quarter of a second. Its
// error is the checkpoint's; the keys read so far are kept, and the next
// read goes on from there.
func ReadPool(ctx context.Context) error {
	_, err := readPool(ctx)
	return err
}

// HoldPool gets the pool's PEM (fetched, in the page's WebAssembly) and holds
// it, unread, for the first read: that read then needs no network.
func HoldPool() {
	poolMu.Lock()
	defer poolMu.Unlock()
	holdPool()
}

// holdPool starts a read of the pool, unless one is under way or done;
// false says the pool cannot be had this time. poolMu is held.
func holdPool() bool {
	if rsaKeys != nil || reading.keys != nil {
		return true
	}
	data, err := poolPEM()
	if err != nil {
		return false
	}
	reading.keys, reading.rest = make(map[int][]*rsa.PrivateKey), data
	return true
}

func readPool(ctx context.Context) (map[int][]*rsa.PrivateKey, error) {
	poolMu.Lock()
	defer poolMu.Unlock()
	if rsaKeys != nil {
		return rsaKeys, nil
	}
	if !holdPool() {
		return map[int][]*rsa.PrivateKey{}, nil
	}
	r := &reading
	for {
		b, rest := pem.Decode(r.rest)
		if b == nil {
			break
		}
		if err := Checkpoint(ctx); err != nil {
			return nil, err
		}
		k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
		rk, ok := k.(*rsa.PrivateKey)
		if err != nil || !ok {
			r.keys, r.rest = nil, nil
			return map[int][]*rsa.PrivateKey{}, nil // a damaged file: as if there were none
		}
		r.keys[rk.N.BitLen()] = append(r.keys[rk.N.BitLen()], rk)
		r.rest = rest
	}
	rsaKeys, r.keys, r.rest = r.keys, nil, nil
	return rsaKeys, nil
}

// poolCursor hands out distinct pooled RSA keys within one Build, so no two
// certificates of a scenario share a key by accident. Keys already held by
// certificates reused from a Cache count as handed out.
type poolCursor struct {
	next map[int]int
	used map[*rsa.PrivateKey]bool
}

func newPoolCursor() *poolCursor {
	return &poolCursor{next: map[int]int{}, used: map[*rsa.PrivateKey]bool{}}
}

// hold marks a key a reused certificate has as handed out. Only RSA keys come
// from the pool (and an Ed25519 key, a slice, could not be a map key).
func (c *poolCursor) hold(key crypto.Signer) {
	if k, ok := key.(*rsa.PrivateKey); ok {
		c.used[k] = true
	}
}

// held reports whether a certificate of this build already has key (only
// RSA keys are tracked: the others are made afresh for each spec).
func (c *poolCursor) held(key crypto.Signer) bool {
	k, ok := key.(*rsa.PrivateKey)
	return ok && c.used[k]
}

func (c *poolCursor) key(k KeyType) (crypto.Signer, error) {
	bits := k.RSABits()
	if bits == 0 {
		return freshKey(k)
	}
	keys := rsaPool()[bits]
	// The pool's last key is SpareKey's: no certificate may get it, or a "key
	// that belongs to another certificate" could belong to the badge itself.
	for c.next[bits] < len(keys)-1 {
		key := keys[c.next[bits]]
		c.next[bits]++
		if !c.used[key] {
			c.used[key] = true
			return key, nil
		}
	}
	// More RSA keys of one size than the pool holds: slow, but still correct.
	return rsa.GenerateKey(rand.Reader, bits)
}

// PoolSize reports how many pooled keys of an RSA size there are.
func PoolSize(k KeyType) int { return len(rsaPool()[k.RSABits()]) }

// SpareKey returns a key of the given type that Build never hands out (for RSA, the
// pool's final key), for a "key that belongs to another certificate" story.
func SpareKey(k KeyType) (crypto.Signer, error) {
	if keys := rsaPool()[k.RSABits()]; len(keys) > 0 {
		return keys[len(keys)-1], nil
	}
	return freshKey(k)
}

// pooledPerSize is how many keys of each RSA size rsapool.pem holds, known
// without parsing it (which takes a browser a moment): a scenario's editor
// checks what a scenario would make on every keystroke. A test keeps it equal
// to the pool.
const pooledPerSize = 8

// ReadyKeys is how many keys of type k a Build takes ready-made: for RSA the
// pool's keys but its last (SpareKey's); 0 for ECDSA and Ed25519, which cost
// next to nothing to make.
func ReadyKeys(k KeyType) int {
	if k.RSABits() == 0 {
		return 0
	}
	return pooledPerSize - 1
}

// MakeCost is what making a fresh key of type k costs, in RSA-2048 keys
// (0.15 to 0.4 s each in a browser, a tenth of that natively): generating an
// RSA key grows with about the cube of its size, and measured in Go 1.26 an
// RSA-3072 key takes 1.5 to 3 times an RSA-2048 one, an RSA-4096 key 5 to 10
// times. RSA-1024 counts as one though it is quicker. ECDSA and Ed25519
// keys cost 0.
func MakeCost(k KeyType) int {
	switch k.RSABits() {
	case 0:
		return 0
	case 3072:
		return 3
	case 4096:
		return 8
	}
	return 1
}
