package scenario

import (
	"fmt"
	"strings"
)

// CheckHost says what keeps s from being a host a courier can dial: a DNS
// name or an IP address (nil when it is one).
func CheckHost(s string) error {
	if isHost(s) {
		return nil
	}
	if rest, ok := strings.CutPrefix(s, "*."); ok && isHost(rest) {
		// The wildcard a certificate lists, typed where a name is dialled.
		return fmt.Errorf("%s is a wildcard, which a certificate lists to cover names; a courier dials one name, such as %s", Quote(s, 80), Quote("www."+rest, 80))
	}
	return fmt.Errorf("%s is neither a DNS name nor an IP address%s", Quote(s, 80), nameProblem(s))
}
