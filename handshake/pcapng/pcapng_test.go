package pcapng

import (
	"bytes"
	"encoding/binary"
	"net/netip"
	"testing"
	"time"
)

// capture is what readPcapng extracts from a file.
type capture struct {
	blockTypes []uint32
	comment    string
	linktype   uint16
	tsresol    []byte
	keylog     []byte
	packets    []packet
}

type packet struct {
	ts      uint64 // microseconds
	src     netip.AddrPort
	dst     netip.AddrPort
	seq     uint32
	ack     uint32
	flags   byte
	payload []byte
}

// readPcapng is a minimal little-endian pcapng reader that fails the test on
// any structural, checksum or framing error.
func readPcapng(t *testing.T, b []byte) capture {
	t.Helper()
	var c capture
	for off := 0; off < len(b); {
		if len(b)-off < 12 {
			t.Fatalf("truncated block header at %d", off)
		}
		typ := le.Uint32(b[off:])
		n := int(le.Uint32(b[off+4:]))
		if n < 12 || n%4 != 0 || off+n > len(b) {
			t.Fatalf("block %#x at %d: bad total length %d", typ, off, n)
		}
		if tail := int(le.Uint32(b[off+n-4:])); tail != n {
			t.Fatalf("block %#x at %d: trailing length %d != %d", typ, off, tail, n)
		}
		body := b[off+8 : off+n-4]
		off += n
		c.blockTypes = append(c.blockTypes, typ)
		switch typ {
		case blockSHB:
			if le.Uint32(body) != byteOrderMagic || le.Uint16(body[4:]) != 1 || le.Uint16(body[6:]) != 0 {
				t.Fatalf("bad SHB header % x", body[:8])
			}
			if v, ok := readOpts(t, body[16:])[optComment]; ok {
				c.comment = string(v)
			}
		case blockIDB:
			c.linktype = le.Uint16(body)
			c.tsresol = readOpts(t, body[8:])[ifTsresol]
		case blockDSB:
			if le.Uint32(body) != secretsTLS {
				t.Fatalf("DSB secrets type %#x", le.Uint32(body))
			}
			sn := int(le.Uint32(body[4:]))
			c.keylog = body[8 : 8+sn]
			readOpts(t, body[8+sn+pad4(sn):])
		case blockEPB:
			if len(c.packets) == 0 && c.linktype != linktypeEther {
				t.Fatalf("EPB before an Ethernet IDB")
			}
			ts := uint64(le.Uint32(body[4:]))<<32 | uint64(le.Uint32(body[8:]))
			capLen, origLen := int(le.Uint32(body[12:])), int(le.Uint32(body[16:]))
			if capLen != origLen {
				t.Fatalf("captured %d != original %d", capLen, origLen)
			}
			if want := 20 + capLen + pad4(capLen); len(body) < want {
				t.Fatalf("EPB body %d bytes, need %d", len(body), want)
			}
			readOpts(t, body[20+capLen+pad4(capLen):])
			p := decodeFrame(t, body[20:20+capLen])
			p.ts = ts
			c.packets = append(c.packets, p)
		default:
			t.Fatalf("unexpected block type %#x", typ)
		}
	}
	return c
}

// readOpts parses an options list, which must be empty or end in opt_endofopt.
func readOpts(t *testing.T, b []byte) map[uint16][]byte {
	t.Helper()
	m := map[uint16][]byte{}
	for len(b) > 0 {
		if len(b) < 4 {
			t.Fatalf("truncated option % x", b)
		}
		code, n := le.Uint16(b), int(le.Uint16(b[2:]))
		if code == optEnd {
			if n != 0 || len(b) != 4 {
				t.Fatalf("opt_endofopt with length %d and %d trailing bytes", n, len(b)-4)
			}
			return m
		}
		if 4+n+pad4(n) > len(b) {
			t.Fatalf("option %d overruns block", code)
		}
		m[code] = b[4 : 4+n]
		b = b[4+n+pad4(n):]
	}
	if len(m) > 0 {
		t.Fatalf("options not terminated by opt_endofopt")
	}
	return m
}

func decodeFrame(t *testing.T, f []byte) packet {
	t.Helper()
	var p packet
	var src, dst netip.Addr
	var pseudo, seg []byte
	switch et := binary.BigEndian.Uint16(f[12:]); et {
	case 0x0800:
		ip := f[14:34]
		if ip[0] != 0x45 || ip[9] != 6 {
			t.Fatalf("bad IPv4 header % x", ip)
		}
		if checksum(ip) != 0 {
			t.Fatalf("IPv4 header checksum does not verify")
		}
		total := int(be.Uint16(ip[2:]))
		if 14+total != len(f) {
			t.Fatalf("IPv4 total length %d, frame %d", total, len(f))
		}
		src, dst = netip.AddrFrom4([4]byte(ip[12:16])), netip.AddrFrom4([4]byte(ip[16:20]))
		seg = f[34:]
		pseudo = append(append(append([]byte{}, ip[12:20]...), 0, 6), byte(len(seg)>>8), byte(len(seg)))
	case 0x86DD:
		ip := f[14:54]
		if int(be.Uint16(ip[4:])) != len(f)-54 || ip[6] != 6 {
			t.Fatalf("bad IPv6 header % x", ip)
		}
		src, dst = netip.AddrFrom16([16]byte(ip[8:24])), netip.AddrFrom16([16]byte(ip[24:40]))
		seg = f[54:]
		pseudo = be.AppendUint32(append([]byte{}, ip[8:40]...), uint32(len(seg)))
		pseudo = append(pseudo, 0, 0, 0, 6)
	default:
		t.Fatalf("unexpected ethertype %#x", et)
	}
	if checksum(append(pseudo, seg...)) != 0 {
		t.Fatalf("TCP checksum does not verify")
	}
	hl := int(seg[12]>>4) * 4
	p.src = netip.AddrPortFrom(src, be.Uint16(seg[0:]))
	p.dst = netip.AddrPortFrom(dst, be.Uint16(seg[2:]))
	p.seq, p.ack, p.flags = be.Uint32(seg[4:]), be.Uint32(seg[8:]), seg[13]
	p.payload = seg[hl:]
	return p
}

// checkStream verifies the TCP conversation and returns the reassembled
// client and server payloads.
func checkStream(t *testing.T, pk []packet, client, server netip.AddrPort) (fromClient, fromServer []byte) {
	t.Helper()
	if len(pk) < 6 {
		t.Fatalf("only %d packets", len(pk))
	}
	want := []byte{flagSYN, flagSYN | flagACK, flagACK}
	for i, f := range want {
		if pk[i].flags != f {
			t.Fatalf("handshake packet %d flags %#x, want %#x", i, pk[i].flags, f)
		}
	}
	tail := pk[len(pk)-3:]
	for i, f := range []byte{flagFIN | flagACK, flagFIN | flagACK, flagACK} {
		if tail[i].flags != f {
			t.Fatalf("close packet %d flags %#x, want %#x", i, tail[i].flags, f)
		}
	}
	var next [2]uint32 // next expected seq: [client, server]
	var started [2]bool
	var data [2][]byte
	var lastTS uint64
	for i, p := range pk {
		d := 1
		switch {
		case p.src == client && p.dst == server:
			d = 0
		case p.src == server && p.dst == client:
		default:
			t.Fatalf("packet %d: unexpected endpoints %v -> %v", i, p.src, p.dst)
		}
		if p.ts < lastTS {
			t.Fatalf("packet %d: timestamp goes backwards", i)
		}
		lastTS = p.ts
		if !started[d] {
			if p.flags&flagSYN == 0 {
				t.Fatalf("packet %d: first packet of direction %d is not a SYN", i, d)
			}
			started[d], next[d] = true, p.seq
		}
		if p.seq != next[d] {
			t.Fatalf("packet %d: seq %d, want %d", i, p.seq, next[d])
		}
		if p.flags&flagACK != 0 && p.ack != next[1-d] {
			t.Fatalf("packet %d: ack %d, want %d", i, p.ack, next[1-d])
		}
		if len(p.payload) > mss {
			t.Fatalf("packet %d: payload %d > MSS", i, len(p.payload))
		}
		next[d] += uint32(len(p.payload))
		if p.flags&(flagSYN|flagFIN) != 0 {
			next[d]++
		}
		data[d] = append(data[d], p.payload...)
	}
	return data[0], data[1]
}

func pattern(n int, seed byte) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = seed + byte(i*7)
	}
	return b
}

func TestWriteRoundTrip(t *testing.T) {
	start := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	segs := []Segment{
		{FromClient: true, Data: pattern(517, 1), Time: start.Add(time.Millisecond)},
		{FromClient: false, Data: pattern(4000, 2)}, // zero time: previous + 1µs
		{FromClient: false, Data: nil},              // empty: skipped
		{FromClient: true, Data: pattern(1460, 3), Time: start.Add(3 * time.Millisecond)},
		{FromClient: true, Data: pattern(80, 4)},
		{FromClient: false, Data: pattern(200000, 5), Time: start.Add(4 * time.Millisecond)},
	}
	opt := Options{KeyLog: []byte("CLIENT_RANDOM 00 11\n"), Comment: "tlsplay test", Start: start}
	var buf bytes.Buffer
	if err := Write(&buf, segs, opt); err != nil {
		t.Fatal(err)
	}
	c := readPcapng(t, buf.Bytes())

	if got := c.blockTypes[:3]; got[0] != blockSHB || got[1] != blockIDB || got[2] != blockDSB {
		t.Fatalf("leading blocks %#x", got)
	}
	if c.comment != opt.Comment || !bytes.Equal(c.tsresol, []byte{6}) || !bytes.Equal(c.keylog, opt.KeyLog) {
		t.Fatalf("comment %q tsresol %v keylog %q", c.comment, c.tsresol, c.keylog)
	}
	cli, srv := checkStream(t, c.packets, defaultClient, defaultServer)
	var wantCli, wantSrv []byte
	for _, s := range segs {
		if s.FromClient {
			wantCli = append(wantCli, s.Data...)
		} else {
			wantSrv = append(wantSrv, s.Data...)
		}
	}
	if !bytes.Equal(cli, wantCli) || !bytes.Equal(srv, wantSrv) {
		t.Fatalf("reassembled %d/%d bytes, want %d/%d", len(cli), len(srv), len(wantCli), len(wantSrv))
	}

	us := uint64(start.UnixMicro())
	p := c.packets
	if p[0].ts != us || p[2].ts != us+2 {
		t.Errorf("handshake timestamps %d %d, want %d %d", p[0].ts, p[2].ts, us, us+2)
	}
	if p[3].ts != us+1000 || p[4].ts != us+1001 {
		t.Errorf("segment timestamps %d %d, want %d %d", p[3].ts, p[4].ts, us+1000, us+1001)
	}
	// The 4000-byte server segment: 1460+1460+1080, PSH on the last piece only.
	for i, n := range []int{1460, 1460, 1080} {
		q := p[4+i]
		if len(q.payload) != n || (q.flags&flagPSH != 0) != (i == 2) {
			t.Errorf("piece %d: len %d flags %#x", i, len(q.payload), q.flags)
		}
	}
	// No direction may have more than a window of unacknowledged data.
	var inflight [2]int
	for _, q := range p {
		d := 0
		if q.src == defaultServer {
			d = 1
		}
		if q.flags&flagACK != 0 {
			inflight[1-d] = 0
		}
		if inflight[d] += len(q.payload); inflight[d] > window {
			t.Fatalf("%d bytes in flight exceed window", inflight[d])
		}
	}

	var again bytes.Buffer
	if err := Write(&again, segs, opt); err != nil || !bytes.Equal(again.Bytes(), buf.Bytes()) {
		t.Fatalf("output not deterministic (err %v)", err)
	}
}

func TestWriteNoKeyLogIPv6(t *testing.T) {
	client := netip.MustParseAddrPort("[2001:db8::1]:50000")
	server := netip.MustParseAddrPort("[2001:db8::2]:8443")
	segs := []Segment{{FromClient: true, Data: []byte("hello")}, {Data: []byte("world!")}}
	var buf bytes.Buffer
	if err := Write(&buf, segs, Options{ClientAddr: client, ServerAddr: server}); err != nil {
		t.Fatal(err)
	}
	c := readPcapng(t, buf.Bytes())
	for _, typ := range c.blockTypes {
		if typ == blockDSB {
			t.Fatal("DSB written without a key log")
		}
	}
	if c.comment != "" {
		t.Fatalf("unexpected comment %q", c.comment)
	}
	cli, srv := checkStream(t, c.packets, client, server)
	if string(cli) != "hello" || string(srv) != "world!" {
		t.Fatalf("payloads %q %q", cli, srv)
	}
	if c.packets[0].ts != 0 {
		t.Fatalf("zero Start and segment times: SYN at %d, want 0", c.packets[0].ts)
	}
}

func TestWriteMixedFamilies(t *testing.T) {
	err := Write(&bytes.Buffer{}, nil, Options{ServerAddr: netip.MustParseAddrPort("[::1]:443")})
	if err == nil {
		t.Fatal("expected an error for IPv4 client and IPv6 server")
	}
}
