// Package deflate is the raw DEFLATE (RFC 1951) of share links, in the page's
// WebAssembly without compress/flate: Inflate reads any valid stream (stored,
// fixed and dynamic Huffman blocks) and tells a stream cut short from a damaged
// one as compress/flate does; Compress writes LZ77 matches (lazy, hash chains)
// in one block, dynamic or fixed Huffman, whichever is shorter.
package deflate

import (
	"errors"
	"io"
	"sync"
)

// ErrCorrupt is a stream that is not DEFLATE: a block type, code or distance
// that cannot be. A stream that ends early is io.ErrUnexpectedEOF instead.
var ErrCorrupt = errors.New("deflate: damaged data")

// Inflate unpacks a raw DEFLATE stream. It stops as soon as the output passes
// max bytes, returning its first max+1 bytes and no error, so a caller sees the
// stream is too large without unpacking it all. Bytes after the final block are
// ignored.
func Inflate(data []byte, max int) ([]byte, error) {
	d := inflater{in: data, max: max}
	err := d.run()
	if err == errFull {
		err = nil
	}
	return d.out, err
}

// errFull stops the inflater once the output passes max.
var errFull = errors.New("deflate: output full")

type inflater struct {
	in  []byte
	pos int    // next byte of in
	bit uint64 // bits read but not used, lowest first
	nb  uint   // how many
	out []byte
	max int
}

// bits returns the next n (≤ 16) bits, lowest first.
func (d *inflater) bits(n uint) (int, error) {
	for d.nb < n {
		if d.pos == len(d.in) {
			return 0, io.ErrUnexpectedEOF
		}
		d.bit |= uint64(d.in[d.pos]) << d.nb
		d.pos++
		d.nb += 8
	}
	v := int(d.bit & (1<<n - 1))
	d.bit >>= n
	d.nb -= n
	return v, nil
}

// available reports whether n more bits are there to read.
func (d *inflater) available(n int) bool { return int(d.nb)+8*(len(d.in)-d.pos) >= n }

// A huffman is a canonical Huffman code read bit by bit.
type huffman struct {
	count  [16]uint16 // codes of each length
	symbol []uint16   // symbols by code
	max    int        // the longest code (0: an empty code, which decodes nothing)
	min    int        // bits that must be there before a symbol is read
}

// init builds the code of lengths, refusing what compress/flate refuses: a code
// that is over-subscribed or incomplete, except a single code of one bit.
func (h *huffman) init(lengths []int) bool {
	*h = huffman{symbol: h.symbol[:0]}
	for _, n := range lengths {
		if n == 0 {
			continue
		}
		if h.min == 0 || n < h.min {
			h.min = n
		}
		h.max = max(h.max, n)
		h.count[n]++
	}
	if h.max == 0 {
		return true
	}
	code := 0
	for l := h.min; l <= h.max; l++ {
		code = code<<1 + int(h.count[l])
	}
	if code != 1<<h.max && !(code == 1 && h.max == 1) {
		return false
	}
	for l := 1; l <= h.max; l++ {
		for s, n := range lengths {
			if n == l {
				h.symbol = append(h.symbol, uint16(s))
			}
		}
	}
	return true
}

// sym reads one symbol of h.
func (d *inflater) sym(h *huffman) (int, error) {
	if !d.available(h.min) {
		return 0, io.ErrUnexpectedEOF
	}
	code, first, index := 0, 0, 0
	for l := 1; l <= h.max; l++ {
		b, err := d.bits(1)
		if err != nil {
			return 0, err
		}
		code |= b
		count := int(h.count[l])
		if code-first < count {
			return int(h.symbol[index+code-first]), nil
		}
		index += count
		first = (first + count) << 1
		code <<= 1
	}
	return 0, ErrCorrupt
}

func (d *inflater) run() error {
	for {
		hdr, err := d.bits(3)
		if err != nil {
			return err
		}
		switch hdr >> 1 {
		case 0:
			err = d.stored()
		case 1:
			err = d.codes(fixedLit(), nil)
		case 2:
			err = d.dynamic()
		default:
			return ErrCorrupt
		}
		if err != nil || hdr&1 == 1 {
			return err
		}
	}
}

func (d *inflater) stored() error {
	d.bit, d.nb = 0, 0 // the rest of the byte
	if len(d.in)-d.pos < 4 {
		return io.ErrUnexpectedEOF
	}
	n := int(d.in[d.pos]) | int(d.in[d.pos+1])<<8
	nn := int(d.in[d.pos+2]) | int(d.in[d.pos+3])<<8
	d.pos += 4
	if uint16(nn) != ^uint16(n) {
		return ErrCorrupt
	}
	for ; n > 0; n-- {
		if d.pos == len(d.in) {
			return io.ErrUnexpectedEOF
		}
		if err := d.put(d.in[d.pos]); err != nil {
			return err
		}
		d.pos++
	}
	return nil
}

func (d *inflater) put(b byte) error {
	d.out = append(d.out, b)
	if len(d.out) > d.max {
		return errFull
	}
	return nil
}

// codeOrder is the order of the code length code's lengths.
var codeOrder = [19]int{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}

func (d *inflater) dynamic() error {
	if !d.available(14) {
		return io.ErrUnexpectedEOF
	}
	nlit, _ := d.bits(5)
	ndist, _ := d.bits(5)
	nclen, _ := d.bits(4)
	nlit, ndist, nclen = nlit+257, ndist+1, nclen+4
	if nlit > 286 || ndist > 30 {
		return ErrCorrupt
	}
	var clen [19]int
	for i := range nclen {
		n, err := d.bits(3)
		if err != nil {
			return err
		}
		clen[codeOrder[i]] = n
	}
	var h huffman
	if !h.init(clen[:]) {
		return ErrCorrupt
	}
	lengths := make([]int, nlit+ndist)
	for i := 0; i < len(lengths); {
		x, err := d.sym(&h)
		if err != nil {
			return err
		}
		if x < 16 {
			lengths[i] = x
			i++
			continue
		}
		rep, nb, v := 3, uint(2), 0
		switch x {
		case 16:
			if i == 0 {
				return ErrCorrupt
			}
			v = lengths[i-1]
		case 17:
			nb = 3
		default:
			rep, nb = 11, 7
		}
		extra, err := d.bits(nb)
		if err != nil {
			return err
		}
		rep += extra
		if i+rep > len(lengths) {
			return ErrCorrupt
		}
		for ; rep > 0; rep-- {
			lengths[i] = v
			i++
		}
	}
	var lit, dist huffman
	if !lit.init(lengths[:nlit]) || !dist.init(lengths[nlit:]) {
		return ErrCorrupt
	}
	// As compress/flate, read no symbol before the end-of-block code's bits are there.
	lit.min = max(lit.min, lengths[256])
	return d.codes(&lit, &dist)
}

// Lengths and distances: the base of each code and its extra bits.
var lengthBase, lengthExtra, distBase, distExtra = codeTables()

func codeTables() (lb, le, db, de [30]int) {
	lb[0] = 3
	for i := range 28 {
		if i >= 8 {
			le[i] = (i - 4) / 4
		}
		lb[i+1] = lb[i] + 1<<le[i]
	}
	lb[28] = 258
	db[0] = 1
	for i := range 30 {
		if i >= 4 {
			de[i] = (i - 2) / 2
		}
		if i < 29 {
			db[i+1] = db[i] + 1<<de[i]
		}
	}
	return
}

// fixedLit is the literal/length code of fixed Huffman blocks, made when a
// link first needs it rather than at every program's start (a sync.Once
// rather than sync.OnceValue, as in explain's varIndex).
func fixedLit() *huffman {
	fixedLitOnce.Do(func() {
		var l [288]int
		for i := range l {
			l[i] = fixedLength(i)
		}
		fixedLitCode.init(l[:])
	})
	return &fixedLitCode
}

var (
	fixedLitOnce sync.Once
	fixedLitCode huffman
)

// codes reads a block's symbols up to its end; dist nil is the fixed code.
func (d *inflater) codes(lit, dist *huffman) error {
	for {
		v, err := d.sym(lit)
		if err != nil {
			return err
		}
		switch {
		case v < 256:
			if err := d.put(byte(v)); err != nil {
				return err
			}
			continue
		case v == 256:
			return nil
		case v > 285:
			return ErrCorrupt
		}
		extra, err := d.bits(uint(lengthExtra[v-257]))
		if err != nil {
			return err
		}
		length := lengthBase[v-257] + extra
		var dc int
		if dist == nil {
			if dc, err = d.bits(5); err == nil {
				dc = reverse(dc, 5)
			}
		} else {
			dc, err = d.sym(dist)
		}
		if err != nil {
			return err
		}
		if dc >= 30 {
			return ErrCorrupt
		}
		if extra, err = d.bits(uint(distExtra[dc])); err != nil {
			return err
		}
		back := distBase[dc] + extra
		if back > len(d.out) {
			return ErrCorrupt
		}
		for ; length > 0; length-- {
			if err := d.put(d.out[len(d.out)-back]); err != nil {
				return err
			}
		}
	}
}

// reverse returns the n low bits of v in reverse order.
func reverse(v, n int) int {
	r := 0
	for range n {
		r = r<<1 | v&1
		v >>= 1
	}
	return r
}
