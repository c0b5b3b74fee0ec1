package explain

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/handshake"
)

// The tables are written as constants and literals, so that the compiler
// lays them out as data rather than as code run at start; these prove each
// written-out value equal to what it stands for.

func TestRequestsBadgeWords(t *testing.T) {
	if got := badgeFiles(ClientChainFile, ClientKeyFile, Requests); requestsChain != got {
		t.Errorf("requestsChain %q, badgeFiles says %q", requestsChain, got)
	}
	if got := badgeFiles(ClientCertFile, ClientKeyFile, Requests); requestsBadge != got {
		t.Errorf("requestsBadge %q, badgeFiles says %q", requestsBadge, got)
	}
}

func TestReasonIDsWritten(t *testing.T) {
	var refusals []string
	for _, r := range []handshake.Reason{handshake.ClientCertMissing, handshake.ClientCertUnknownCA, handshake.ClientCertExpired,
		handshake.ClientCertNotYetValid, handshake.ClientCertWrongEKU, handshake.ClientCertInvalid} {
		refusals = append(refusals, r.String())
	}
	if !slices.Equal(badgeRefusals, refusals) {
		t.Errorf("badgeRefusals %q, the reasons' ids %q", badgeRefusals, refusals)
	}
	for c, r := range map[lensCase]handshake.Reason{connectsAnyway: handshake.OK, suitesRefused: handshake.NoSharedCipher,
		legacyRefused: handshake.ProtocolVersion, dotNameRefused: handshake.HostnameMismatch, keylessServed: handshake.OK} {
		if lensReasons[c] != r.String() {
			t.Errorf("lensReasons[%d] %q, the reason's id %q", c, lensReasons[c], r.String())
		}
	}
}

func TestStoryListsJoined(t *testing.T) {
	join := func(a []string, b ...string) []string { return append(slices.Clone(a), b...) }
	for _, c := range []struct {
		name      string
		got, want []string
	}{
		{"unknownNameOrDate", unknownNameOrDate, join(unknownIssuer, "hostname-mismatch", "expired")},
		{"wrongNameOrIP", wrongNameOrIP, join(wrongName, "ip-mismatch")},
		{"chainOrDate", chainOrDate, join(unknownOrChain, outOfDate...)},
		{"unknownCAStories", unknownCAStories, join(unknownOrChain, "not-a-ca")},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s %q, want %q", c.name, c.got, c.want)
		}
	}
}

// Each ServerLog error of an alert received names it by its reason string,
// as Python's mnemonic writes it too, and "SSL alert number N".
func TestAlertPhrases(t *testing.T) {
	n := 0
	for _, fe := range foreignErrors {
		if fe.client != ServerLog || !fe.received {
			continue
		}
		n++
		var num int
		if len(fe.phrases) != 3 || fe.phrases[1] != strings.ReplaceAll(fe.phrases[0], " ", "_") {
			t.Errorf("%q: want the reason, its mnemonic and its number", fe.phrases)
		} else if _, err := fmt.Sscanf(fe.phrases[2], "ssl alert number %d", &num); err != nil || fe.phrases[2] != fmt.Sprintf("ssl alert number %d", num) {
			t.Errorf("%q: want ssl alert number N", fe.phrases[2])
		}
	}
	if n != 6 {
		t.Errorf("%d errors of an alert received, want 6", n)
	}
}

// withLines sorts its spans through pointers to them; the order is the one
// slices.SortFunc of the spans themselves gives, ties on Start included,
// for short lists (insertion sort) and long ones (pdqsort).
func TestWithLinesOrder(t *testing.T) {
	seed := uint32(1)
	next := func(n int) int { seed = seed*1664525 + 1013904223; return int(seed>>8) % n }
	for n := 0; n < 200; n += 1 + n/8 {
		var spans []Span
		for range n {
			s := next(n/3 + 1)
			spans = append(spans, Span{s, s + 1 + next(50)})
		}
		want := slices.Clone(spans)
		slices.SortFunc(want, func(a, b Span) int { return a.Start - b.Start })
		if got := withLines(spans, nil); !slices.Equal(got, want) {
			t.Fatalf("%d spans: %v, want %v", n, got, want)
		}
	}
}
