package handshake

import (
	"io"
	"time"

	"github.com/tlsplay/tlsplay/handshake/pcapng"
)

// WritePcapng writes the connection as a pcapng capture with synthetic TCP/IP
// framing and the key log in a Decryption Secrets Block, so Wireshark opens it
// already decrypted. Timestamps start at the scenario clock.
func (t *Trace) WritePcapng(w io.Writer) error {
	start := t.Scenario.Now
	segs := make([]pcapng.Segment, len(t.Segments))
	for i, s := range t.Segments {
		// Keep the order and the real spacing, at least a microsecond apart.
		at := start.Add(time.Millisecond + s.At)
		if i > 0 && !at.After(segs[i-1].Time) {
			at = segs[i-1].Time.Add(time.Microsecond)
		}
		segs[i] = pcapng.Segment{FromClient: s.Side == Client, Data: s.Data, Time: at}
	}
	comment := "tlsplay"
	if t.Scenario.ID != "" {
		comment += " preset " + t.Scenario.ID
	}
	return pcapng.Write(w, segs, pcapng.Options{KeyLog: []byte(t.KeyLog), Comment: comment, Start: start})
}
