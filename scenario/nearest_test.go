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
		// One edit beyond the limit (max(2, 7/3) = 2) is no typo.
		{"exzzzed", nil},
		{"exzzred", []string{"expired"}},
		{"", nil},
	} {
		if got := Nearest(tc.id); !slices.Equal(got, tc.want) {
			t.Errorf("Nearest(%q) = %q, want %q", tc.id, got, tc.want)
		}
	}
}
