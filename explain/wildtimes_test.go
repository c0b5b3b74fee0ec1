package explain

import (
	"regexp"
	"testing"
)

// wildTimes agrees with the regular expression it stands for.
func TestWildTimes(t *testing.T) {
	re := regexp.MustCompile(`\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)| \d\d:\d\d UTC)`)
	for _, s := range []string{
		"",
		"x509: certificate has expired or is not yet valid: current time 2026-12-06T07:40:00Z is after 2026-01-01T00:00:00Z",
		"at 2026-12-06T07:40:00.123456789+01:00 and 2026-12-06T07:40:00-05:30.",
		"valid until 2026-12-06 07:40 UTC, not 2026-12-06 07:40 GMT",
		"2026-12-06T07:40:00 (no zone) 2026-12-06T07:40:00.Z 2026-12-06 2026-12-06T07:40:00.5Z",
		"12026-12-06T07:40:00Z1 2026-12-06T07:40:00+0100 2026-1-06T07:40:00Z",
		"2026-12-062026-12-06T07:40:00Z",
	} {
		if got, want := wildTimes(s), re.ReplaceAllString(s, wildMark); got != want {
			t.Errorf("wildTimes(%q)\n got %q\nwant %q", s, got, want)
		}
	}
}
