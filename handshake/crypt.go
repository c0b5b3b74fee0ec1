package handshake

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"strings"

	"golang.org/x/crypto/chacha20poly1305"

	"github.com/tlsplay/tlsplay/handshake/wire"
)

// The key log gives us what an eavesdropper lacks: with it we open the records
// ourselves, exactly as the receiving end did.

// parseKeyLog reads NSS key log lines into label → client random (hex) → secret.
func parseKeyLog(log string) map[string]map[string][]byte {
	out := map[string]map[string][]byte{}
	for _, line := range strings.Split(log, "\n") {
		f := strings.Fields(line)
		if len(f) != 3 {
			continue
		}
		secret, err := hex.DecodeString(f[2])
		if err != nil {
			continue
		}
		if out[f[0]] == nil {
			out[f[0]] = map[string][]byte{}
		}
		out[f[0]][strings.ToLower(f[1])] = secret
	}
	return out
}

// suite describes how a cipher suite protects records.
type suite struct {
	id     wire.CipherSuite
	hash   func() hash.Hash // TLS 1.3 HKDF hash; TLS 1.2 PRF hash
	keyLen int
	aead   func(key []byte) (cipher.AEAD, error)
	// TLS 1.2 only
	fixedIVLen int              // GCM's salt (4) or ChaCha20's full IV (12); CBC uses explicit IVs
	mac        func() hash.Hash // CBC suites' record MAC
}

func aesGCM(key []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

// A suiteList is the suites one version decrypts: a list, not a map, so that it
// is data in the program and not code that builds a map at start.
type suiteList []suite

// find is the suite with id cs.
func (l suiteList) find(cs wire.CipherSuite) (suite, bool) {
	for _, st := range l {
		if st.id == cs {
			return st, true
		}
	}
	return suite{}, false
}

var suites13 = suiteList{
	{id: 0x1301, hash: sha256.New, keyLen: 16, aead: aesGCM},
	{id: 0x1302, hash: sha512.New384, keyLen: 32, aead: aesGCM},
	{id: 0x1303, hash: sha256.New, keyLen: 32, aead: chacha20poly1305.New},
}

var suites12 = suiteList{
	{id: 0xc02b, hash: sha256.New, keyLen: 16, aead: aesGCM, fixedIVLen: 4}, // ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
	{id: 0xc02f, hash: sha256.New, keyLen: 16, aead: aesGCM, fixedIVLen: 4}, // ECDHE_RSA_WITH_AES_128_GCM_SHA256
	{id: 0xc02c, hash: sha512.New384, keyLen: 32, aead: aesGCM, fixedIVLen: 4},
	{id: 0xc030, hash: sha512.New384, keyLen: 32, aead: aesGCM, fixedIVLen: 4},
	{id: 0xcca9, hash: sha256.New, keyLen: 32, aead: chacha20poly1305.New, fixedIVLen: 12},
	{id: 0xcca8, hash: sha256.New, keyLen: 32, aead: chacha20poly1305.New, fixedIVLen: 12},
	{id: 0xc009, hash: sha256.New, keyLen: 16, mac: sha1.New}, // ECDHE_ECDSA_WITH_AES_128_CBC_SHA
	{id: 0xc013, hash: sha256.New, keyLen: 16, mac: sha1.New},
	{id: 0xc00a, hash: sha256.New, keyLen: 32, mac: sha1.New},
	{id: 0xc014, hash: sha256.New, keyLen: 32, mac: sha1.New},
	{id: 0xc023, hash: sha256.New, keyLen: 16, mac: sha256.New}, // ECDHE_ECDSA_WITH_AES_128_CBC_SHA256
	{id: 0xc027, hash: sha256.New, keyLen: 16, mac: sha256.New},
}

// opener removes one direction's record protection.
type opener struct {
	aead  cipher.AEAD
	iv    []byte // TLS 1.3 and ChaCha20: the per-connection IV; GCM 1.2: the salt
	tls13 bool
	block cipher.Block // CBC
	// implicitIV is TLS 1.0's CBC state: the IV of the next record, which is
	// the last ciphertext block of the one before (RFC 2246 6.2.3.2); nil for
	// TLS 1.1 and 1.2, whose records carry their own IV.
	implicitIV []byte
	macKey     []byte
	mac        func() hash.Hash
	seq        uint64
}

// hkdfExpandLabel is RFC 8446 section 7.1's HKDF-Expand-Label.
func hkdfExpandLabel(h func() hash.Hash, secret []byte, label string, length int) ([]byte, error) {
	full := "tls13 " + label
	info := make([]byte, 0, 4+len(full))
	info = binary.BigEndian.AppendUint16(info, uint16(length))
	info = append(info, byte(len(full)))
	info = append(info, full...)
	info = append(info, 0) // empty context
	return hkdf.Expand(h, secret, string(info), length)
}

// newOpener13 derives a direction's key and IV from a traffic secret (RFC 8446 7.3).
func newOpener13(cs wire.CipherSuite, secret []byte) (*opener, error) {
	st, ok := suites13.find(cs)
	if !ok {
		return nil, fmt.Errorf("cipher suite %s is not one this page decrypts", wire.CipherSuiteName(uint16(cs)))
	}
	key, err := hkdfExpandLabel(st.hash, secret, "key", st.keyLen)
	if err != nil {
		return nil, err
	}
	iv, err := hkdfExpandLabel(st.hash, secret, "iv", 12)
	if err != nil {
		return nil, err
	}
	a, err := st.aead(key)
	if err != nil {
		return nil, err
	}
	return &opener{aead: a, iv: iv, tls13: true}, nil
}

// prf12 is TLS 1.2's PRF (RFC 5246 section 5).
func prf12(h func() hash.Hash, secret []byte, label string, seed []byte, n int) []byte {
	labelSeed := append([]byte(label), seed...)
	out := make([]byte, 0, n)
	mac := hmac.New(h, secret)
	mac.Write(labelSeed)
	a := mac.Sum(nil)
	for len(out) < n {
		mac.Reset()
		mac.Write(a)
		mac.Write(labelSeed)
		out = append(out, mac.Sum(nil)...)
		mac.Reset()
		mac.Write(a)
		a = mac.Sum(nil)
	}
	return out[:n]
}

// prf10 is TLS 1.0's and 1.1's PRF (RFC 2246 section 5): P_MD5 over the
// secret's first half XORed with P_SHA-1 over its second (the halves share the
// middle byte of an odd-length secret).
func prf10(secret []byte, label string, seed []byte, n int) []byte {
	half := (len(secret) + 1) / 2
	out := prf12(md5.New, secret[:half], label, seed, n)
	for i, b := range prf12(sha1.New, secret[len(secret)-half:], label, seed, n) {
		out[i] ^= b
	}
	return out
}

// newOpeners12 expands the master secret into both directions' keys (RFC 5246
// 6.3; for TLS 1.0 and 1.1, RFC 2246 and RFC 4346 6.3, whose PRF differs, and
// whose CBC suites take their IVs from the key block in TLS 1.0).
func newOpeners12(version wire.Version, cs wire.CipherSuite, master, clientRandom, serverRandom []byte) (client, server *opener, err error) {
	st, ok := suites12.find(cs)
	if !ok {
		return nil, nil, fmt.Errorf("cipher suite %s is not one this page decrypts", wire.CipherSuiteName(uint16(cs)))
	}
	if version < wire.VersionTLS12 && st.mac == nil {
		return nil, nil, fmt.Errorf("cipher suite %s does not exist before TLS 1.2", wire.CipherSuiteName(uint16(cs)))
	}
	macLen := 0
	if st.mac != nil {
		macLen = st.mac().Size()
	}
	if version == wire.VersionTLS10 {
		st.fixedIVLen = aes.BlockSize
	}
	n := 2*macLen + 2*st.keyLen + 2*st.fixedIVLen
	seed := append(append([]byte(nil), serverRandom...), clientRandom...)
	kb := prf12(st.hash, master, "key expansion", seed, n)
	if version < wire.VersionTLS12 {
		kb = prf10(master, "key expansion", seed, n)
	}
	take := func(k int) []byte { b := kb[:k]; kb = kb[k:]; return b }
	cMAC, sMAC := take(macLen), take(macLen)
	cKey, sKey := take(st.keyLen), take(st.keyLen)
	cIV, sIV := take(st.fixedIVLen), take(st.fixedIVLen)
	mk := func(key, iv, macKey []byte) (*opener, error) {
		if st.mac != nil {
			b, err := aes.NewCipher(key)
			o := &opener{block: b, macKey: macKey, mac: st.mac}
			if len(iv) > 0 {
				o.implicitIV = append([]byte(nil), iv...)
			}
			return o, err
		}
		a, err := st.aead(key)
		return &opener{aead: a, iv: iv}, err
	}
	if client, err = mk(cKey, cIV, cMAC); err != nil {
		return nil, nil, err
	}
	server, err = mk(sKey, sIV, sMAC)
	return client, server, err
}

var errOpen = errors.New("the record does not decrypt with the logged keys")

// open decrypts one record. For TLS 1.3 it returns the inner content type.
func (o *opener) open(rec wire.Record) (contentType wire.ContentType, plain []byte, err error) {
	defer func() { o.seq++ }()
	var seq [8]byte
	binary.BigEndian.PutUint64(seq[:], o.seq)
	switch {
	case o.tls13:
		nonce := xorNonce(o.iv, seq)
		plain, err = o.aead.Open(nil, nonce, rec.Payload, rec.Raw[:5])
		if err != nil {
			return 0, nil, errOpen
		}
		// TLSInnerPlaintext: content, then the real type, then zero padding.
		i := len(plain) - 1
		for i >= 0 && plain[i] == 0 {
			i--
		}
		if i < 0 {
			return 0, nil, errors.New("decrypted record has no content type")
		}
		return wire.ContentType(plain[i]), plain[:i], nil
	case o.aead != nil:
		payload, nonce := rec.Payload, []byte(nil)
		if len(o.iv) == 12 { // ChaCha20-Poly1305, RFC 7905
			nonce = xorNonce(o.iv, seq)
		} else {
			if len(payload) < 8 {
				return 0, nil, errOpen
			}
			nonce = append(append([]byte(nil), o.iv...), payload[:8]...)
			payload = payload[8:]
		}
		n := len(payload) - o.aead.Overhead()
		if n < 0 {
			return 0, nil, errOpen
		}
		plain, err = o.aead.Open(nil, nonce, payload, additionalData12(seq, rec, n))
		if err != nil {
			return 0, nil, errOpen
		}
		return rec.Type, plain, nil
	default:
		return o.openCBC(seq, rec)
	}
}

// layout splits a protected payload of n bytes, at offset at of its record,
// into what the suite puts there (RFC 8446 5.2; RFC 5246 6.2.3.2 and 6.2.3.3;
// RFC 7905): nil when n is too short for it.
func (o *opener) layout(at, n int) []Field {
	var fields []Field
	add := func(name, value string, length int) {
		fields = append(fields, Field{Name: name, Value: value, Offset: at, Length: length})
		at += length
	}
	switch {
	case o.aead != nil:
		tag, nonce := o.aead.Overhead(), 0
		if !o.tls13 && len(o.iv) != 12 {
			nonce = 8 // AES-GCM in TLS 1.2: the nonce's second half travels with the record
		}
		if n-nonce-tag <= 0 {
			return nil
		}
		if nonce > 0 {
			add("explicit nonce", "the per-record half of the GCM nonce, in the clear", nonce)
		}
		body := "the record's content, encrypted"
		if o.tls13 {
			body = "the record's content, its real content type and any padding, encrypted"
		}
		add("ciphertext", body, n-nonce-tag)
		add("authentication tag", "the AEAD tag over the content and the record header", tag)
	case o.block != nil && o.implicitIV != nil:
		// TLS 1.0: the IV is the previous record's last block, not sent.
		if n < o.block.BlockSize() {
			return nil
		}
		add("ciphertext", "the content, its HMAC and padding, encrypted (TLS 1.0 sends no IV: it is the last block of the record before)", n)
	case o.block != nil:
		bs := o.block.BlockSize()
		if n <= bs {
			return nil
		}
		add("IV", "the record's CBC initialisation vector, in the clear", bs)
		add("ciphertext", "the content, its HMAC and padding, encrypted", n-bs)
	}
	return fields
}

func (o *opener) openCBC(seq [8]byte, rec wire.Record) (wire.ContentType, []byte, error) {
	bs := o.block.BlockSize()
	p, iv := rec.Payload, []byte(nil)
	if o.implicitIV != nil {
		if len(p) < bs || len(p)%bs != 0 {
			return 0, nil, errOpen
		}
		iv, o.implicitIV = o.implicitIV, append([]byte(nil), p[len(p)-bs:]...)
	} else {
		if len(p) < 2*bs || len(p)%bs != 0 {
			return 0, nil, errOpen
		}
		iv, p = p[:bs], p[bs:]
	}
	plain := make([]byte, len(p))
	cipher.NewCBCDecrypter(o.block, iv).CryptBlocks(plain, p)
	pad := int(plain[len(plain)-1]) + 1
	macLen := o.mac().Size()
	if pad+macLen > len(plain) {
		return 0, nil, errOpen
	}
	plain = plain[:len(plain)-pad]
	body, tag := plain[:len(plain)-macLen], plain[len(plain)-macLen:]
	mac := hmac.New(o.mac, o.macKey)
	mac.Write(additionalData12(seq, rec, len(body)))
	mac.Write(body)
	if !hmac.Equal(mac.Sum(nil), tag) {
		return 0, nil, errOpen
	}
	return rec.Type, body, nil
}

// additionalData12 is seq_num + type + version + length (RFC 5246 6.2.3.3).
func additionalData12(seq [8]byte, rec wire.Record, n int) []byte {
	ad := append(seq[:], byte(rec.Type), byte(rec.Version>>8), byte(rec.Version))
	return binary.BigEndian.AppendUint16(ad, uint16(n))
}

func xorNonce(iv []byte, seq [8]byte) []byte {
	nonce := append([]byte(nil), iv...)
	for i := range 8 {
		nonce[len(nonce)-8+i] ^= seq[i]
	}
	return nonce
}
