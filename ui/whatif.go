package ui

import (
	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// trustFailures are the courier's refusals of the bank's certificate: those
// verify=False would silence.
var trustFailures = map[handshake.Reason]bool{
	handshake.UnknownAuthority: true, handshake.UntrustedRoot: true, handshake.MissingIntermediate: true,
	handshake.SelfSigned: true, handshake.HostnameMismatch: true, handshake.CNOnly: true, handshake.Expired: true,
	handshake.NotYetValid: true, handshake.WrongEKU: true, handshake.NotACA: true, handshake.PathTooLong: true,
	handshake.NameConstraints: true, handshake.WeakSignature: true, handshake.BadSignature: true,
}

// OffersVerifyFalse says whether the trace is a trust-check failure, which
// the page answers with "What if I set verify=False?": one whose what-if is a
// scenario to play (a pasted chain's or a probe's has no certificates of its
// own to serve, and a scenario may have no room left for the imposter's).
func OffersVerifyFalse(t *handshake.Trace) bool {
	s := t.Scenario
	if t.Outcome.OK || !trustFailures[t.Outcome.Reason] || s == nil || s.Imposter != nil || s.Client.Verify == scenario.VerifyFalse {
		return false
	}
	// Offered under every lens alike: each one's what-if is valid (its
	// title, in the lens's words, no longer than a title may be).
	for _, c := range explain.LensClients {
		if VerifyFalseWhatIf(s, c).Validate() != nil {
			return false
		}
	}
	return true
}

// imposterCert is the imposter's own certificate's name in the scenario.
const imposterCert = "imposter"

// WhatIfQuestion is the offer to play a failure with verification off, in
// client's words.
func WhatIfQuestion(client string) string {
	if _, head := explain.OffWords(client); head != "verify=False" {
		return "What if I turn verification off (" + head + ")?"
	}
	return "What if I set verify=False?"
}

// VerifyFalseWhatIf is s as verify=False plays it when someone else answers:
// the courier checks nothing, and an imposter, with a home-made certificate
// for the dialled name, stands in the bank's place; its title and story are
// in client's words. s is not changed.
func VerifyFalseWhatIf(s *scenario.Scenario, client string) *scenario.Scenario {
	w := s.Clone()
	name := imposterCert
	for taken := true; taken; {
		taken = false
		for _, c := range w.Certs {
			if c.Name == name {
				name, taken = name+"-2", true
			}
		}
	}
	spec := pki.Spec{Name: name, CommonName: w.Client.Dial, Organization: "Definitely The Bank",
		NotBefore: -1, NotAfter: 364, Key: pki.ECDSAP256,
		KeyUsage: []string{pki.KUDigitalSignature}, ExtKeyUsage: []string{pki.EKUServerAuth}}
	if scenario.IsIP(w.Client.Dial) {
		spec.IPAddresses = []string{w.Client.Dial}
	} else {
		spec.DNSNames = []string{w.Client.Dial}
	}
	w.Certs = append(w.Certs, spec)
	w.Imposter = &scenario.Imposter{Send: []string{name}}
	w.Client.Verify = scenario.VerifyFalse
	off := "verify=False"
	if _, head := explain.OffWords(client); head != off {
		off = "verification off (" + head + ")"
	}
	w.Title = WhatIfQuestion(client) + " (" + s.Title + ")"
	w.Story = "The same call with " + off + ", on a day someone else answers for " + w.Client.Dial + ": an imposter with an ID card it made itself. The courier looks at no ID at all."
	return w
}
