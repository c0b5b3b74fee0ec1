package pki

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"maps"
	"slices"
)

// A packed set is a saved set (Save) without PEM text: each block is its
// type, its Cache-Key and Spec-Key (the hashes themselves, not their hex;
// none is empty), the number of its other headers, each one's name and
// value, and its bytes; every string is preceded by its length, and numbers
// are written as binary.AppendUvarint writes them. Base64 hides from a
// compressor what certificates repeat (names, object identifiers, their
// issuers' key identifiers), so the stories' certificates, embedded in the
// page, are kept packed: 24 kB gzip rather than 31.

// Pack turns a set Save wrote into its packed form, which LoadPacked reads.
func Pack(saved []byte) ([]byte, error) {
	var out []byte
	for rest := bytes.TrimSpace(saved); len(rest) > 0; rest = bytes.TrimSpace(rest) {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			return nil, errors.New("pki: packing: text that is no PEM")
		}
		out = appendField(out, []byte(b.Type))
		for _, name := range []string{headerKey, headerSpec} {
			hash, err := hex.DecodeString(b.Headers[name])
			if err != nil {
				return nil, errors.New("pki: packing: a " + name + " that is not hex")
			}
			out = appendField(out, hash)
			delete(b.Headers, name)
		}
		out = binary.AppendUvarint(out, uint64(len(b.Headers)))
		for _, name := range slices.Sorted(maps.Keys(b.Headers)) {
			out = appendField(appendField(out, []byte(name)), []byte(b.Headers[name]))
		}
		out = appendField(out, b.Bytes)
	}
	return out, nil
}

func appendField(out, f []byte) []byte {
	return append(binary.AppendUvarint(out, uint64(len(f))), f...)
}

// LoadPacked is Load for a set Pack packed: it keeps the blocks, each
// decoded already, and refuses all of them if one is amiss.
func (c *Cache) LoadPacked(packed []byte) error {
	var blocks []savedBlock
	for r := (packReader{rest: packed}); len(r.rest) > 0; {
		block := &pem.Block{Type: string(r.field()), Headers: map[string]string{}}
		key, spec := r.field(), r.field()
		b := savedBlock{typ: block.Type, cacheKey: hex.EncodeToString(key), specKey: hex.EncodeToString(spec), block: block}
		for i, n := uint64(0), r.uvarint(); i < n && !r.failed; i++ {
			name := string(r.field())
			block.Headers[name] = string(r.field())
		}
		block.Bytes = r.field()
		if r.failed {
			return errors.New("pki: packed certificates: a block cut short")
		}
		blocks = append(blocks, b)
	}
	for i := 0; i < len(blocks); i += 2 {
		if i+1 == len(blocks) || !blocks[i].pairs(blocks[i+1]) {
			return errNotPairs
		}
	}
	c.keep(blocks)
	return nil
}

// packReader reads a packed set; what runs past its end leaves it failed,
// with nothing left to read.
type packReader struct {
	rest   []byte
	failed bool
}

func (r *packReader) uvarint() uint64 {
	n, size := binary.Uvarint(r.rest)
	if size <= 0 {
		r.failed, r.rest = true, nil
		return 0
	}
	r.rest = r.rest[size:]
	return n
}

func (r *packReader) field() []byte {
	n := r.uvarint()
	if n > uint64(len(r.rest)) {
		r.failed, r.rest = true, nil
		return nil
	}
	f := r.rest[:n]
	r.rest = r.rest[n:]
	return f
}
