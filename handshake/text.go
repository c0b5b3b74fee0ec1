package handshake

import (
	"fmt"
	"io"
	"strings"

	"github.com/tlsplay/tlsplay/handshake/wire"
)

// WriteText prints the trace for a terminal, in the spirit of
// `openssl s_client -msg` but with field names.
func (t *Trace) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	s := t.Scenario
	if s.ID != "" {
		ew.printf("scenario %s: %s\n", s.ID, s.Title)
	}
	today := ""
	if s.Today {
		today = " (today)"
	}
	ew.printf("courier dials %s, verify=%s; clock %s%s\n\n", s.Client.Dial, s.Client.Verify, s.Now.UTC().Format(dateFormat), today)
	for i, st := range t.Steps {
		arrow := map[Side]string{Client: "courier >>> bank   ", Server: "courier <<< bank   "}[st.Side]
		switch st.Kind {
		case KindCheck:
			mark := "ok  "
			if st.OK != nil && !*st.OK {
				mark = "FAIL"
			}
			if st.Advisory {
				mark = strings.ToLower(mark) + " (not enforced)"
			}
			who := map[Side]string{Client: "courier checks", Server: "bank checks   "}[st.Side]
			ew.printf("%3d %s [%s] %s: %s\n", i, who, mark, st.Name, st.Detail)
			continue
		case KindSecret:
			ew.printf("%3d %s secret %s = %x\n", i, strings.Repeat(" ", 19), st.Name, []byte(st.Bytes))
			continue
		case KindRecord:
			enc := ""
			if st.Encrypted {
				enc = " (encrypted)"
			}
			ew.printf("%3d %s%s, %s%s\n", i, arrow, st.Name, wire.ByteCount(len(st.Bytes)), enc)
			continue
		}
		enc := ""
		if st.Encrypted {
			enc = " [decrypted]"
		}
		ew.printf("%3d %s  %s%s, %s\n", i, arrow, st.Name, enc, wire.ByteCount(len(st.Bytes)))
		writeFields(ew, st.Fields, 8)
		for _, c := range st.Certs {
			ew.printf("        certificate: %s (issuer %s), %s, %s..%s\n", c.Subject, c.Issuer, c.Key,
				c.NotBefore.Format("2006-01-02"), c.NotAfter.Format("2006-01-02"))
		}
		if st.Detail != "" {
			ew.printf("        note: %s\n", st.Detail)
		}
	}
	o := t.Outcome
	ew.printf("\n")
	if o.OK {
		ew.printf("verdict: OK (%s)", o.Reason)
	} else {
		ew.printf("verdict: REFUSED by the %s at %s: %s", map[Side]string{Client: "courier", Server: "bank"}[*o.Side], o.Stage, o.Reason)
	}
	if t.Version != "" {
		ew.printf("  [%s, %s]", t.Version, t.CipherSuite)
	}
	ew.printf("\n")
	for _, l := range []struct{ k, v string }{{"why", o.Detail}, {"courier error", o.ClientError}, {"bank error", o.ServerError}, {"alert", o.Alert}} {
		if l.v != "" {
			ew.printf("  %s: %s\n", l.k, l.v)
		}
	}
	return ew.err
}

func writeFields(ew *errWriter, fields []Field, indent int) {
	for _, f := range fields {
		v := f.Value
		if len(v) > 96 {
			v = v[:93] + "..."
		}
		ew.printf("%s%-*s [%d+%d] %s\n", strings.Repeat(" ", indent), 36-indent, f.Name, f.Offset, f.Length, v)
		if indent < 20 {
			writeFields(ew, f.Sub, indent+2)
		}
	}
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
