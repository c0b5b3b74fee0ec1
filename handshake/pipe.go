package handshake

import (
	"io"
	"net"
	"os"
	"sync"
	"time"
)

// A bare net.Pipe deadlocks when a handshake fails: one side blocks writing its
// alert while the other blocks writing the rest of its flight. This pipe queues
// without bound in each direction, so writes never block, and the tap records every
// write in wire order.
//
// What a side writes reaches the other only when the writer turns to read (or
// closes): its flight is complete. On a real network the peer cannot answer bytes
// still in flight, so, for instance, a TLS 1.3 courier's request always leaves
// before the bank's refusal of its badge arrives; delivering each write at once
// would let the bank answer the Finished first now and then, and the order of the
// trace would depend on the scheduler.

type tap struct {
	mu    sync.Mutex
	start time.Time
	segs  []Segment
}

func (t *tap) record(side Side, b []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.segs = append(t.segs, Segment{Side: side, Data: append([]byte(nil), b...), At: time.Since(t.start)})
}

func (t *tap) segments() []Segment {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]Segment(nil), t.segs...)
}

// queue is one direction: bytes written by one end, waiting for the other.
type queue struct {
	mu     sync.Mutex
	buf    []byte
	closed bool          // the writer closed: reads drain, then EOF
	wake   chan struct{} // signalled on every change
}

func newQueue() *queue { return &queue{wake: make(chan struct{}, 1)} }

func (q *queue) signal() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

type pipeAddr string

func (a pipeAddr) Network() string { return "tlsplay" }
func (a pipeAddr) String() string  { return string(a) }

// end is one side's net.Conn.
type end struct {
	side     Side
	in, out  *queue
	tap      *tap
	mu       sync.Mutex
	closed   bool
	flight   []byte // written, not yet delivered
	done     chan struct{}
	deadline time.Time
	// turn, if set, runs when the end turns to read with a flight sent: a
	// checkpoint of the run (see Material.Run).
	turn func()
}

func newPipe(t *tap) (client, server *end) {
	c2s, s2c := newQueue(), newQueue()
	client = &end{side: Client, in: s2c, out: c2s, tap: t, done: make(chan struct{})}
	server = &end{side: Server, in: c2s, out: s2c, tap: t, done: make(chan struct{})}
	return client, server
}

// deliver hands the flight written so far to the other end; e.mu is held.
func (e *end) deliver() {
	if len(e.flight) == 0 {
		return
	}
	e.out.mu.Lock()
	e.out.buf = append(e.out.buf, e.flight...)
	e.out.mu.Unlock()
	e.flight = nil
	e.out.signal()
}

func (e *end) Read(p []byte) (int, error) {
	e.mu.Lock()
	sent := len(e.flight) > 0
	e.deliver()
	e.mu.Unlock()
	if sent && e.turn != nil {
		e.turn()
	}
	for {
		e.in.mu.Lock()
		if len(e.in.buf) > 0 {
			n := copy(p, e.in.buf)
			e.in.buf = e.in.buf[n:]
			e.in.mu.Unlock()
			return n, nil
		}
		eof := e.in.closed
		e.in.mu.Unlock()
		if eof {
			return 0, io.EOF
		}
		e.mu.Lock()
		closed, deadline := e.closed, e.deadline
		e.mu.Unlock()
		if closed {
			return 0, net.ErrClosed
		}
		var t *time.Timer
		var timer <-chan time.Time
		if !deadline.IsZero() {
			d := time.Until(deadline)
			if d <= 0 {
				return 0, os.ErrDeadlineExceeded
			}
			t = time.NewTimer(d)
			timer = t.C
		}
		select {
		case <-e.in.wake:
		case <-e.done:
		case <-timer:
		}
		// Stopped here, not deferred: a defer in the loop would keep each
		// wait's timer until the read returns.
		if t != nil {
			t.Stop()
		}
	}
}

// Write adds b to the flight for the other end and records it. It never blocks;
// writing after the other end has closed still succeeds, as it would on a socket
// whose peer has not yet answered with a reset, so a close_notify makes it onto
// the wire.
func (e *end) Write(b []byte) (int, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return 0, net.ErrClosed
	}
	e.tap.record(e.side, b)
	e.flight = append(e.flight, b...)
	return len(b), nil
}

func (e *end) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil
	}
	e.deliver()
	e.closed = true
	close(e.done)
	e.out.mu.Lock()
	e.out.closed = true
	e.out.mu.Unlock()
	e.out.signal()
	return nil
}

func (e *end) LocalAddr() net.Addr  { return pipeAddr(e.side.String()) }
func (e *end) RemoteAddr() net.Addr { return pipeAddr((1 - e.side).String()) }

func (e *end) SetDeadline(t time.Time) error {
	e.mu.Lock()
	e.deadline = t
	e.mu.Unlock()
	e.in.signal()
	return nil
}
func (e *end) SetReadDeadline(t time.Time) error { return e.SetDeadline(t) }
func (e *end) SetWriteDeadline(time.Time) error  { return nil }
