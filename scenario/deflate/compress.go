package deflate

import "slices"

// Compress returns data as one raw DEFLATE stream: LZ77 matches found by hash
// chains with lazy matching (as zlib's best level), written in the shortest of
// a dynamic Huffman, a fixed Huffman or stored blocks.
func Compress(data []byte) []byte {
	toks := matches(data)
	var litFreq [286]int
	var distFreq [30]int
	for _, t := range toks {
		if t.length == 0 {
			litFreq[t.lit]++
			continue
		}
		litFreq[257+lengthCode(t.length)]++
		distFreq[distCode(t.dist)]++
	}
	litFreq[256]++

	var dyn, fix writer
	dyn.bits(1|2<<1, 3)
	dyn.dynamicHeader(litFreq[:], distFreq[:])
	dyn.tokens(toks)
	fix.bits(1|1<<1, 3)
	fix.code, fix.dcode = fixedCodes()
	fix.tokens(toks)
	best := min(len(dyn.flush()), len(fix.flush()))
	if stored := len(data) + 5*max(1, (len(data)+0xfffe)/0xffff); stored < best {
		return storedBlocks(data)
	}
	if len(dyn.out) <= len(fix.out) {
		return dyn.out
	}
	return fix.out
}

// A token is a literal (length 0) or a match of length bytes dist back.
type token struct {
	lit    byte
	length int
	dist   int
}

// Matching as zlib's level 9: a match of at least 3 bytes within 32 kB, the
// longest of up to maxChain earlier positions with the same 3 bytes; a match
// is taken only when the next position starts no longer one.
const (
	window   = 1 << 15
	maxMatch = 258
	maxChain = 4096
	hashBits = 15
)

func matches(data []byte) []token {
	head := make([]int32, 1<<hashBits)
	for i := range head {
		head[i] = -1
	}
	prev := make([]int32, len(data))
	hash := func(i int) int {
		return int((uint32(data[i])<<16|uint32(data[i+1])<<8|uint32(data[i+2]))*2654435761) >> (32 - hashBits)
	}
	insert := func(i int) {
		if i+3 <= len(data) {
			h := hash(i)
			prev[i], head[h] = head[h], int32(i)
		}
	}
	longest := func(i int) (length, dist int) {
		if i+3 > len(data) {
			return 0, 0
		}
		limit := min(maxMatch, len(data)-i)
		chain := maxChain
		for j := int(head[hash(i)]); j >= 0 && i-j <= window && chain > 0; j, chain = int(prev[j]), chain-1 {
			if data[j+length] != data[i+length] {
				continue
			}
			n := 0
			for n < limit && data[j+n] == data[i+n] {
				n++
			}
			if n > length {
				length, dist = n, i-j
				if n == limit {
					break
				}
			}
		}
		if length < 3 {
			return 0, 0
		}
		return length, dist
	}
	var toks []token
	i := 0
	for i < len(data) {
		length, dist := longest(i)
		insert(i)
		if length > 0 && length < maxMatch && i+1 < len(data) {
			// Lazy: a longer match one byte on makes this byte a literal.
			if next, _ := longest(i + 1); next > length {
				toks = append(toks, token{lit: data[i]})
				i++
				continue
			}
		}
		if length == 0 {
			toks = append(toks, token{lit: data[i]})
			i++
			continue
		}
		toks = append(toks, token{length: length, dist: dist})
		for k := i + 1; k < i+length; k++ {
			insert(k)
		}
		i += length
	}
	return toks
}

func lengthCode(n int) int {
	c := 0
	for c < 28 && lengthBase[c+1] <= n {
		c++
	}
	return c
}

func distCode(d int) int {
	c := 0
	for c < 29 && distBase[c+1] <= d {
		c++
	}
	return c
}

// writer writes bits lowest first.
type writer struct {
	out   []byte
	acc   uint64
	n     uint
	code  []code // literal/length code
	dcode []code // distance code
}

type code struct {
	bits uint16 // already reversed, as written
	len  uint8
}

func (w *writer) bits(v uint64, n uint) {
	w.acc |= v << w.n
	w.n += n
	for w.n >= 8 {
		w.out = append(w.out, byte(w.acc))
		w.acc >>= 8
		w.n -= 8
	}
}

func (w *writer) flush() []byte {
	if w.n > 0 {
		w.bits(0, 8-w.n)
	}
	return w.out
}

func (w *writer) put(c code) { w.bits(uint64(c.bits), uint(c.len)) }

func (w *writer) tokens(toks []token) {
	for _, t := range toks {
		if t.length == 0 {
			w.put(w.code[t.lit])
			continue
		}
		lc := lengthCode(t.length)
		w.put(w.code[257+lc])
		w.bits(uint64(t.length-lengthBase[lc]), uint(lengthExtra[lc]))
		dc := distCode(t.dist)
		w.put(w.dcode[dc])
		w.bits(uint64(t.dist-distBase[dc]), uint(distExtra[dc]))
	}
	w.put(w.code[256])
}

// dynamicHeader writes the codes of a dynamic block fitting these counts and
// keeps them for the block's tokens.
func (w *writer) dynamicHeader(litFreq, distFreq []int) {
	litLen := huffmanLengths(litFreq, 15)
	distLen := huffmanLengths(distFreq, 15)
	nlit := max(257, lastUsed(litLen))
	ndist := max(1, lastUsed(distLen))
	w.code, w.dcode = canonical(litLen), canonical(distLen)

	// The lengths, run-length coded: 16 repeats the last 3-6 times, 17 and 18
	// are 3-10 and 11-138 zeros.
	type rl struct{ sym, extra, n int }
	all := append(slices.Clone(litLen[:nlit]), distLen[:ndist]...)
	var runs []rl
	var clFreq [19]int
	for i := 0; i < len(all); {
		v, n := all[i], 1
		for i+n < len(all) && all[i+n] == v {
			n++
		}
		i += n
		for n > 0 {
			switch {
			case v == 0 && n >= 11:
				k := min(n, 138)
				runs, n = append(runs, rl{18, k - 11, 7}), n-k
			case v == 0 && n >= 3:
				k := min(n, 10)
				runs, n = append(runs, rl{17, k - 3, 3}), n-k
			case v != 0 && n >= 4:
				runs = append(runs, rl{v, 0, 0})
				n--
				for n >= 3 {
					k := min(n, 6)
					runs, n = append(runs, rl{16, k - 3, 2}), n-k
				}
			default:
				runs, n = append(runs, rl{v, 0, 0}), n-1
			}
		}
	}
	for _, r := range runs {
		clFreq[r.sym]++
	}
	clLen := huffmanLengths(clFreq[:], 7)
	clCode := canonical(clLen)
	nclen := 19
	for nclen > 4 && clLen[codeOrder[nclen-1]] == 0 {
		nclen--
	}
	w.bits(uint64(nlit-257), 5)
	w.bits(uint64(ndist-1), 5)
	w.bits(uint64(nclen-4), 4)
	for _, s := range codeOrder[:nclen] {
		w.bits(uint64(clLen[s]), 3)
	}
	for _, r := range runs {
		w.put(clCode[r.sym])
		w.bits(uint64(r.extra), uint(r.n))
	}
}

func lastUsed(lengths []int) int {
	n := len(lengths)
	for n > 0 && lengths[n-1] == 0 {
		n--
	}
	return n
}

// huffmanLengths returns the code lengths, at most limit, of a Huffman code
// for freq. At least two symbols get a code (the first two when fewer are
// used), so every code is complete, as compress/flate's reader wants.
func huffmanLengths(freq []int, limit int) []int {
	f := slices.Clone(freq)
	used := 0
	for _, n := range f {
		if n > 0 {
			used++
		}
	}
	for i := 0; used < 2; i++ {
		if f[i] == 0 {
			f[i] = 1
			used++
		}
	}
	for {
		lengths, longest := huffmanTree(f)
		if longest <= limit {
			return lengths
		}
		// Flatter counts make a shallower tree; halving keeps their order.
		for i, n := range f {
			if n > 0 {
				f[i] = (n + 1) / 2
			}
		}
	}
}

// huffmanTree returns optimal code lengths for freq (symbols of count 0 get
// none) and the longest.
func huffmanTree(freq []int) ([]int, int) {
	type node struct {
		weight      int
		left, right int // children, -1 for a leaf
		sym         int
	}
	// The leaves by weight, the first symbol first among equals: sorted as
	// ints, weight<<16|symbol (freq has at most 286 symbols), because
	// slices.Sort of ints is in the program anyway and a stable sort of nodes
	// would be code of its own (8 kB).
	var keys []int
	for s, n := range freq {
		if n > 0 {
			keys = append(keys, n<<16|s)
		}
	}
	slices.Sort(keys)
	nodes := make([]node, 0, 2*len(keys))
	for _, k := range keys {
		nodes = append(nodes, node{k >> 16, -1, -1, k & 0xffff})
	}
	// Two queues: the leaves by weight, and the merged nodes, made in weight order.
	leaves := len(nodes)
	li, mi := 0, leaves
	pick := func() int {
		if li < leaves && (mi >= len(nodes) || nodes[li].weight <= nodes[mi].weight) {
			li++
			return li - 1
		}
		mi++
		return mi - 1
	}
	for len(nodes)-leaves < leaves-1 {
		a := pick()
		b := pick()
		nodes = append(nodes, node{nodes[a].weight + nodes[b].weight, a, b, -1})
	}
	lengths := make([]int, len(freq))
	longest := 0
	var walk func(i, depth int)
	walk = func(i, depth int) {
		if nodes[i].left < 0 {
			lengths[nodes[i].sym] = depth
			longest = max(longest, depth)
			return
		}
		walk(nodes[i].left, depth+1)
		walk(nodes[i].right, depth+1)
	}
	walk(len(nodes)-1, 0)
	return lengths, longest
}

// canonical returns the codes of lengths, bit-reversed for writing.
func canonical(lengths []int) []code {
	var count [16]int
	for _, n := range lengths {
		count[n]++
	}
	count[0] = 0
	var next [16]int
	c := 0
	for l := 1; l < 16; l++ {
		c = (c + count[l-1]) << 1
		next[l] = c
	}
	codes := make([]code, len(lengths))
	for s, n := range lengths {
		if n > 0 {
			codes[s] = code{uint16(reverse(next[n], n)), uint8(n)}
			next[n]++
		}
	}
	return codes
}

func fixedCodes() (lit, dist []code) {
	var l [288]int
	for i := range l {
		l[i] = fixedLength(i)
	}
	d := make([]int, 30)
	for i := range d {
		d[i] = 5
	}
	return canonical(l[:]), canonical(d)
}

func fixedLength(sym int) int {
	switch {
	case sym < 144:
		return 8
	case sym < 256:
		return 9
	case sym < 280:
		return 7
	}
	return 8
}

// storedBlocks is data in stored blocks of at most 65535 bytes.
func storedBlocks(data []byte) []byte {
	var out []byte
	for first := true; first || len(data) > 0; first = false {
		n := min(len(data), 0xffff)
		final := byte(0)
		if n == len(data) {
			final = 1
		}
		out = append(out, final, byte(n), byte(n>>8), ^byte(n), ^byte(n>>8))
		out = append(out, data[:n]...)
		data = data[n:]
	}
	return out
}
