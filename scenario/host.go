package scenario

import "fmt"

// CheckHost says what keeps s from being a host a courier can dial: a DNS
// name or an IP address (nil when it is one).
func CheckHost(s string) error {
	if isHost(s) {
		return nil
	}
	return fmt.Errorf("%q is neither a DNS name nor an IP address%s", s, nameProblem(s))
}
