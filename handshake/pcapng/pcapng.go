// Package pcapng writes an in-memory TLS connection as a pcapng capture that
// Wireshark and tshark open already decrypted.
//
// The bytes each side sent are wrapped in synthetic Ethernet, IPv4 (or IPv6)
// and TCP framing, and the NSS key log is embedded in a Decryption Secrets
// Block placed before the first packet (draft-ietf-opsawg-pcapng).
package pcapng

import (
	"encoding/binary"
	"errors"
	"io"
	"net/netip"
	"time"
)

// Segment is one write by one side of the connection.
type Segment struct {
	FromClient bool
	Data       []byte
	Time       time.Time // capture timestamp; zero means previous + 1µs
}

// Options controls addressing, metadata and timing of the capture.
type Options struct {
	ClientAddr, ServerAddr netip.AddrPort // defaults 10.0.0.1:49152 and 10.0.0.2:443 if zero
	KeyLog                 []byte         // NSS key log lines; if empty, no DSB is written
	Comment                string         // optional opt_comment on the SHB
	Start                  time.Time      // time of the TCP SYN; zero means 3µs before the first segment time
}

// Block types, option codes and constants from draft-ietf-opsawg-pcapng.
const (
	blockSHB = 0x0A0D0D0A
	blockIDB = 0x00000001
	blockEPB = 0x00000006
	blockDSB = 0x0000000A

	optEnd      = 0
	optComment  = 1
	shbUserAppl = 4
	ifTsresol   = 9

	byteOrderMagic = 0x1A2B3C4D
	linktypeEther  = 1
	secretsTLS     = 0x544c534b // "TLSK"
	snapLen        = 0          // no limit
)

// TCP parameters of the synthetic connection.
const (
	mss       = 1460
	window    = 65535
	clientISN = 0x1a2b3c4d
	serverISN = 0x5e6f7081

	flagFIN = 0x01
	flagSYN = 0x02
	flagPSH = 0x08
	flagACK = 0x10
)

var (
	defaultClient = netip.AddrPortFrom(netip.AddrFrom4([4]byte{10, 0, 0, 1}), 49152) // not parsed at every program's start
	defaultServer = netip.AddrPortFrom(netip.AddrFrom4([4]byte{10, 0, 0, 2}), 443)
	clientMAC     = [6]byte{0x02, 0, 0, 0, 0, 0x01}
	serverMAC     = [6]byte{0x02, 0, 0, 0, 0, 0x02}
	le            = binary.LittleEndian
	be            = binary.BigEndian
)

// Write writes a complete pcapng file to w: SHB, IDB (Ethernet, µs
// timestamps), DSB (if opt.KeyLog is set), the TCP three-way handshake, each
// segment split at an MSS of 1460 bytes with PSH on its last piece, and a
// FIN/ACK exchange from both sides.
func Write(w io.Writer, segs []Segment, opt Options) error {
	ca, sa := opt.ClientAddr, opt.ServerAddr
	if !ca.IsValid() {
		ca = defaultClient
	}
	if !sa.IsValid() {
		sa = defaultServer
	}
	ca = netip.AddrPortFrom(ca.Addr().Unmap(), ca.Port())
	sa = netip.AddrPortFrom(sa.Addr().Unmap(), sa.Port())
	if ca.Addr().Is4() != sa.Addr().Is4() {
		return errors.New("pcapng: client and server addresses must be of the same IP family")
	}

	var out []byte

	shb := newBlock(blockSHB)
	shb.u32(byteOrderMagic)
	shb.u16(1) // major version
	shb.u16(0) // minor version
	shb.u64(^uint64(0))
	if opt.Comment != "" {
		shb.opt(optComment, []byte(opt.Comment))
	}
	shb.opt(shbUserAppl, []byte("tlsplay"))
	out = shb.finish(out)

	idb := newBlock(blockIDB)
	idb.u16(linktypeEther)
	idb.u16(0) // reserved
	idb.u32(snapLen)
	idb.opt(ifTsresol, []byte{6}) // 10^-6 s
	out = idb.finish(out)

	if len(opt.KeyLog) > 0 {
		dsb := newBlock(blockDSB)
		dsb.u32(secretsTLS)
		dsb.u32(uint32(len(opt.KeyLog)))
		dsb.bytes(opt.KeyLog)
		out = dsb.finish(out)
	}

	c := &conn{
		ends: [2]endpoint{
			{ap: ca, mac: clientMAC, seq: clientISN},
			{ap: sa, mac: serverMAC, seq: serverISN},
		},
		ts: opt.Start,
	}
	if c.ts.IsZero() {
		for _, s := range segs {
			if !s.Time.IsZero() {
				c.ts = s.Time.Add(-3 * time.Microsecond)
				break
			}
		}
	}
	if c.ts.IsZero() {
		c.ts = time.Unix(0, 0)
	}
	c.ts = c.ts.Truncate(time.Microsecond)

	const cli, srv = 0, 1
	// Three-way handshake; SYNs consume one sequence number.
	out = c.packet(out, cli, flagSYN, nil, c.ts)
	c.ends[cli].seq++
	out = c.packet(out, srv, flagSYN|flagACK, nil, c.next())
	c.ends[srv].seq++
	out = c.packet(out, cli, flagACK, nil, c.next())

	for _, s := range segs {
		if len(s.Data) == 0 {
			continue
		}
		ts := c.next()
		if !s.Time.IsZero() {
			ts = s.Time.Truncate(time.Microsecond)
			if ts.Before(c.ts) {
				ts = c.ts
			}
		}
		c.ts = ts
		from := srv
		if s.FromClient {
			from = cli
		}
		for data := s.Data; len(data) > 0; {
			n := min(len(data), mss)
			// Keep bytes in flight within the peer's advertised window.
			if c.ends[from].unacked+n > window {
				out = c.packet(out, 1-from, flagACK, nil, c.ts)
			}
			flags := byte(flagACK)
			if n == len(data) {
				flags |= flagPSH
			}
			out = c.packet(out, from, flags, data[:n], c.ts)
			c.ends[from].seq += uint32(n)
			c.ends[from].unacked += n
			data = data[n:]
		}
	}

	// Orderly close: client FIN, server FIN, client ACK.
	out = c.packet(out, cli, flagFIN|flagACK, nil, c.next())
	c.ends[cli].seq++
	out = c.packet(out, srv, flagFIN|flagACK, nil, c.next())
	c.ends[srv].seq++
	out = c.packet(out, cli, flagACK, nil, c.next())

	_, err := w.Write(out)
	return err
}

// block builds one pcapng block: body fields, then options, then the
// repeated total length, keeping everything 32-bit aligned.
type block struct {
	b       []byte
	hasOpts bool
}

func newBlock(typ uint32) *block {
	b := &block{b: make([]byte, 8, 64)}
	le.PutUint32(b.b, typ)
	return b
}

func (b *block) u16(v uint16) { b.b = le.AppendUint16(b.b, v) }
func (b *block) u32(v uint32) { b.b = le.AppendUint32(b.b, v) }
func (b *block) u64(v uint64) { b.b = le.AppendUint64(b.b, v) }

// bytes appends p padded with zeros to a multiple of 4 bytes.
func (b *block) bytes(p []byte) {
	b.b = append(b.b, p...)
	b.b = append(b.b, make([]byte, pad4(len(p)))...)
}

func (b *block) opt(code uint16, val []byte) {
	b.u16(code)
	b.u16(uint16(len(val)))
	b.bytes(val)
	b.hasOpts = true
}

// finish terminates the options, fills in both length fields and appends
// the block to out.
func (b *block) finish(out []byte) []byte {
	if b.hasOpts {
		b.u16(optEnd)
		b.u16(0)
	}
	n := uint32(len(b.b) + 4)
	le.PutUint32(b.b[4:], n)
	b.u32(n)
	return append(out, b.b...)
}

func pad4(n int) int { return -n & 3 }

type endpoint struct {
	ap      netip.AddrPort
	mac     [6]byte
	seq     uint32 // next sequence number to send
	unacked int    // bytes sent but not yet acknowledged by the peer
	ipID    uint16
}

type conn struct {
	ends [2]endpoint
	ts   time.Time // timestamp of the last packet
}

// next advances the clock by one microsecond.
func (c *conn) next() time.Time {
	c.ts = c.ts.Add(time.Microsecond)
	return c.ts
}

// packet appends an EPB holding one Ethernet frame sent by ends[from],
// acknowledging everything the peer has sent so far.
func (c *conn) packet(out []byte, from int, flags byte, payload []byte, ts time.Time) []byte {
	src, dst := &c.ends[from], &c.ends[1-from]
	ack := uint32(0)
	if flags&flagACK != 0 {
		ack = dst.seq
		dst.unacked = 0
	}

	var tcpOpts []byte
	if flags&flagSYN != 0 {
		tcpOpts = []byte{2, 4, mss >> 8, mss & 0xff} // MSS option
	}
	tcp := make([]byte, 20, 20+len(tcpOpts)+len(payload))
	be.PutUint16(tcp[0:], src.ap.Port())
	be.PutUint16(tcp[2:], dst.ap.Port())
	be.PutUint32(tcp[4:], src.seq)
	be.PutUint32(tcp[8:], ack)
	tcp[12] = byte((20+len(tcpOpts))/4) << 4
	tcp[13] = flags
	be.PutUint16(tcp[14:], window)
	tcp = append(tcp, tcpOpts...)
	tcp = append(tcp, payload...)

	sip, dip := src.ap.Addr().AsSlice(), dst.ap.Addr().AsSlice()
	var pseudo, ip []byte
	etherType := uint16(0x0800)
	if len(sip) == 4 {
		pseudo = append(append(append(pseudo, sip...), dip...), 0, 6)
		pseudo = be.AppendUint16(pseudo, uint16(len(tcp)))
		ip = make([]byte, 20)
		ip[0] = 0x45
		be.PutUint16(ip[2:], uint16(20+len(tcp)))
		be.PutUint16(ip[4:], src.ipID)
		be.PutUint16(ip[6:], 0x4000) // don't fragment
		ip[8] = 64                   // TTL
		ip[9] = 6                    // TCP
		copy(ip[12:], sip)
		copy(ip[16:], dip)
		be.PutUint16(ip[10:], checksum(ip))
		src.ipID++
	} else {
		etherType = 0x86DD
		pseudo = append(append(pseudo, sip...), dip...)
		pseudo = be.AppendUint32(pseudo, uint32(len(tcp)))
		pseudo = append(pseudo, 0, 0, 0, 6)
		ip = make([]byte, 40)
		ip[0] = 0x60
		be.PutUint16(ip[4:], uint16(len(tcp)))
		ip[6] = 6  // next header: TCP
		ip[7] = 64 // hop limit
		copy(ip[8:], sip)
		copy(ip[24:], dip)
	}
	be.PutUint16(tcp[16:], checksum(append(pseudo, tcp...)))

	frame := make([]byte, 0, 14+len(ip)+len(tcp))
	frame = append(frame, dst.mac[:]...)
	frame = append(frame, src.mac[:]...)
	frame = be.AppendUint16(frame, etherType)
	frame = append(frame, ip...)
	frame = append(frame, tcp...)

	us := max(ts.UnixMicro(), 0)
	epb := newBlock(blockEPB)
	epb.u32(0) // interface ID
	epb.u32(uint32(uint64(us) >> 32))
	epb.u32(uint32(us))
	epb.u32(uint32(len(frame))) // captured length
	epb.u32(uint32(len(frame))) // original length
	epb.bytes(frame)
	return epb.finish(out)
}

// checksum is the Internet checksum (RFC 1071) of p.
func checksum(p []byte) uint16 {
	var sum uint32
	for i := 0; i+1 < len(p); i += 2 {
		sum += uint32(be.Uint16(p[i:]))
	}
	if len(p)%2 == 1 {
		sum += uint32(p[len(p)-1]) << 8
	}
	for sum>>16 != 0 {
		sum = sum&0xffff + sum>>16
	}
	return ^uint16(sum)
}
