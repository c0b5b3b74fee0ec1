package scenario

import (
	"slices"
	"testing"
)

// A mistyped story id finds the stories it may mean: another case, a part
// of the id, a typo; a word like no story's finds none.
func TestNearest(t *testing.T) {
	for _, tc := range []struct {
		id   string
		want []string
	}{
		{"Expired", []string{"expired"}},
		{" expired ", []string{"expired"}},
		{"expird", []string{"expired"}},
		{"hostname", []string{"hostname-mismatch"}},
		{"mismatch", []string{"hostname-mismatch", "ip-mismatch", "tls-version-mismatch"}},
		{"selfsigned", []string{"self-signed"}},
		{"bankofamerica", nil},
		{"", nil},
	} {
		if got := Nearest(tc.id); !slices.Equal(got, tc.want) {
			t.Errorf("Nearest(%q) = %q, want %q", tc.id, got, tc.want)
		}
	}
}
