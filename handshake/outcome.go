package handshake

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tlsplay/tlsplay/handshake/wire"
	"github.com/tlsplay/tlsplay/internal/wordlist"
	"github.com/tlsplay/tlsplay/scenario"
)

// badgeLoadStep is the check of the courier reading its cert= files.
func (m *Material) badgeLoadStep(err error) Step {
	ok := false
	r := badgeFileReason(m.BadgeCombinedPEM)
	return Step{Side: Client, Kind: KindCheck, Name: "courier loads its badge and key", Question: "Could the courier load its badge and key?", Checks: CheckBadgeLoads, Record: -1, OK: &ok, Reason: &r,
		Detail: fmt.Sprintf("loading %s: %v", badgeFiles.Of(string(m.Scenario.Client.Cert)), err)}
}

// badgeFiles says what the courier loads for each cert= mode.
var badgeFiles = wordlist.List{
	{string(scenario.CertTuple), "the certificate file and its key file"},
	{string(scenario.CertCombined), "the one PEM file holding certificate and key"},
	{string(scenario.CertWithoutKey), "the certificate file alone (no key anywhere)"},
	{string(scenario.CertWrongKey), "the certificate file and a key file holding another certificate's key"},
	{string(scenario.CertEncryptedKey), "the certificate file and a password-protected key file"},
}

// badgeFileReason says why a badge's files do not load, from what is in them.
func badgeFileReason(files []byte) Reason {
	hasKey := false
	for rest := files; ; {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			break
		}
		switch {
		case b.Type == "ENCRYPTED PRIVATE KEY" || b.Headers["Proc-Type"] == "4,ENCRYPTED":
			return ClientKeyEncrypted
		case strings.HasSuffix(b.Type, "PRIVATE KEY"):
			hasKey = true
		}
	}
	if !hasKey {
		return ClientKeyMissing
	}
	return ClientKeyMismatch
}

func (m *Material) loadFailure(err error) Outcome {
	side := Client
	return Outcome{Reason: badgeFileReason(m.BadgeCombinedPEM), Side: &side, Stage: StageLoadClientKey,
		ClientError: err.Error(), Check: -1, Detail: "the courier could not load its certificate and key, so it never connected"}
}

// outcome is the verdict: Go's errors say whether and where it failed; the checks
// and the alerts say why.
func (a *analyser) outcome(cres, sres *result, ctxErr error) Outcome {
	o := Outcome{Check: -1, Response: cres.read}
	o.ClientError = errText(cres.handshakeErr, cres.ioErr)
	if cres.handshakeErr != nil {
		o.ClientError = cres.handshakeErr.Error() // even a bare EOF: the server hung up mid-handshake
	}
	o.ServerError = errText(sres.handshakeErr, sres.ioErr)
	for _, st := range a.t.Steps {
		if st.Kind == KindAlert && len(st.Bytes) == 2 && st.Bytes[0] == 2 && o.Alert == "" {
			side := st.Side
			o.Alert, o.AlertFrom = wire.AlertName(st.Bytes[1]), &side
		}
	}
	refuse := func(side Side, stage Stage, r Reason) {
		o.Side, o.Stage, o.Reason = &side, stage, r
	}
	switch {
	case ctxErr != nil && !cres.exchanged:
		refuse(Client, StageHandshake, Timeout)
		if cres.handshakeErr == nil {
			o.Stage = StageFirstRead
		}
		o.Detail = errTimeout.Error()
	case cres.handshakeErr == nil && cres.exchanged:
		o.OK, o.Reason = true, OK
		switch {
		case a.m.Scenario.Client.Verify == scenario.VerifyFalse:
			o.Reason = InsecureSkipVerify
			o.Detail = "verify=False: the courier accepted whatever certificate it was shown"
		case revokedCheck(a.t.Steps) >= 0:
			o.Reason = RevokedUnchecked
			o.Detail = "the courier does not check revocation, and accepted a certificate its issuer revoked: " + a.t.Steps[revokedCheck(a.t.Steps)].Detail
		}
	case cres.handshakeErr != nil && isType[*RevokedError](cres.handshakeErr):
		refuse(Client, StageHandshake, Revoked)
	case cres.handshakeErr != nil && isVerifyError(cres.handshakeErr):
		refuse(Client, StageHandshake, a.chainReason(Client, cres.handshakeErr))
	case cres.handshakeErr != nil && o.AlertFrom != nil && *o.AlertFrom == Client:
		// The courier refused what the bank sent (a signature by another
		// certificate's key, a version it will not speak) and said so: the
		// bank's error is only that alert, received.
		refuse(Client, StageHandshake, a.protocolReason(cres.handshakeErr.Error(), o.Alert))
	case cres.handshakeErr != nil && !a.sentAny(Client):
		// The courier failed before it sent a thing (no version left
		// between its MinVersion and MaxVersion, say): the bank only saw
		// the connection close.
		refuse(Client, StageHandshake, a.protocolReason(cres.handshakeErr.Error(), o.Alert))
	case sres.handshakeErr != nil:
		stage := StageHandshake
		if cres.handshakeErr == nil {
			// TLS 1.3: the courier's handshake was done before the bank refused;
			// the refusal arrives with the courier's first read.
			stage = StageFirstRead
		}
		refuse(Server, stage, a.serverReason(sres.handshakeErr, o.Alert))
	case o.AlertFrom != nil && *o.AlertFrom == Server:
		// A real server's refusal: its error is not ours to see, its alert is.
		stage := StageHandshake
		if cres.handshakeErr == nil {
			stage = StageFirstRead
		}
		refuse(Server, stage, a.alertReason(o.Alert, o.ClientError))
		o.Detail = fmt.Sprintf("the server refused with the alert %s; its reasons stay on its side", o.Alert)
	case cres.handshakeErr != nil:
		refuse(Client, StageHandshake, a.protocolReason(cres.handshakeErr.Error(), o.Alert))
		if errors.Is(cres.handshakeErr, io.EOF) {
			o.Detail = "the server closed the connection in the middle of the handshake, without an alert"
		}
	default:
		refuse(Client, StageFirstRead, HandshakeFailure)
		o.Detail = "the server closed the connection before answering"
	}
	if !o.OK {
		o.Check = a.failedCheck(*o.Side, o.Reason)
		if o.Detail == "" && o.Check >= 0 {
			o.Detail = a.t.Steps[o.Check].Detail
		}
	}
	if len(a.notes) > 0 {
		o.Detail = strings.TrimSpace(o.Detail + " (" + strings.Join(a.notes, "; ") + ")")
	}
	return o
}

func errText(errs ...error) string {
	for _, err := range errs {
		if err != nil && !errors.Is(err, io.EOF) {
			return err.Error()
		}
	}
	return ""
}

// isType reports whether err's chain holds an E, as errors.As does: errors.AsType,
// generic, has no reflection (errors.As kept 20 kB of internal/reflectlite).
func isType[E error](err error) bool {
	_, ok := errors.AsType[E](err)
	return ok
}

func isVerifyError(err error) bool {
	return isType[*tls.CertificateVerificationError](err) || isType[x509.HostnameError](err) ||
		isType[x509.UnknownAuthorityError](err) || isType[x509.CertificateInvalidError](err)
}

// chainReason turns Go's verification error into a reason, asking the checks
// where Go's error is not specific (an unknown authority has many causes).
func (a *analyser) chainReason(checker Side, err error) Reason {
	return verifyReason(err, a.m.Scenario.Now, a.t.Steps, checker)
}

// verifyReason is the reason for a verification error of x509's: its own
// when Go's error names it, else the first failed check of those that make Go
// pass over an issuer (Go then says only that the authority is unknown).
func verifyReason(err error, now time.Time, steps []Step, checker Side) Reason {
	r := Reason(-1)
	he, isHost := errors.AsType[x509.HostnameError](err)
	ci, isInvalid := errors.AsType[x509.CertificateInvalidError](err)
	switch {
	case isHost:
		r = HostnameMismatch
		if c := he.Certificate; len(c.DNSNames) == 0 && len(c.IPAddresses) == 0 && cnMatches(c, he.Host) {
			r = CNOnly // the name is there, where only the Common Name fallback looks
		}
	case isInvalid:
		switch ci.Reason {
		case x509.Expired:
			r = Expired
			if now.Before(ci.Cert.NotBefore) {
				r = NotYetValid
			}
		case x509.NotAuthorizedToSign:
			r = NotACA
		case x509.CANotAuthorizedForThisName:
			r = NameConstraints
		case x509.IncompatibleUsage:
			r = WrongEKU
		case x509.TooManyIntermediates:
			r = PathTooLong
		}
	case isType[x509.InsecureAlgorithmError](err):
		r = WeakSignature
	case isType[x509.UnhandledCriticalExtension](err):
		r = UnhandledCriticalExtension
	}
	if checker == Server && r >= 0 {
		r = badgeReason(r)
	}
	if r >= 0 {
		return r
	}
	// x509.UnknownAuthorityError and the rest: the first failing check says why.
	for _, st := range steps {
		if st.Kind == KindCheck && st.Side == checker && !st.Advisory && st.Reason != nil && passesOver[*st.Reason] {
			return *st.Reason
		}
	}
	if checker == Server {
		return ClientCertUnknownCA
	}
	return UnknownAuthority
}

// passesOver are the failures for which Go passes over a would-be issuer
// and, finding no other, says the authority is unknown; on the badge's side,
// as badgeReason names them.
var passesOver = [numReasons]bool{
	UnknownAuthority: true, UntrustedRoot: true, MissingIntermediate: true, SelfSigned: true,
	NotACA: true, CAKeyUsage: true, BadSignature: true, WeakSignature: true, UnsupportedSignature: true,
	MalformedCertificate: true, ClientCertUnknownCA: true, ClientCertInvalid: true,
}

// serverReason explains why the bank gave up.
func (a *analyser) serverReason(err error, alert string) Reason {
	if isVerifyError(err) {
		return a.chainReason(Server, err)
	}
	for _, st := range a.t.Steps {
		if st.Kind == KindCheck && st.Side == Server && !st.Advisory && st.Reason != nil {
			return *st.Reason
		}
	}
	return a.protocolReason(err.Error(), alert)
}

// protocolReason names a negotiation failure by the alert and Go's words.
func (a *analyser) protocolReason(msg, alert string) Reason {
	switch {
	case alert == "protocol_version" || strings.Contains(msg, "unsupported versions") || strings.Contains(msg, "protocol version"):
		return ProtocolVersion
	case strings.Contains(msg, "no cipher suite"):
		return NoSharedCipher
	// Go 1.26's TLS 1.3 server says "no key exchanges supported by both client and server".
	case strings.Contains(msg, "curve") || strings.Contains(msg, "group") || strings.Contains(msg, "key exchanges"):
		return NoSharedGroup
	case alert == "no_application_protocol" || strings.Contains(msg, "application protocol"):
		return NoSharedALPN
	case strings.Contains(msg, "timeout") || strings.Contains(msg, "deadline"):
		return Timeout
	}
	return HandshakeFailure
}

// alertReason reads a server's refusal from the alert it sent.
func (a *analyser) alertReason(alert, msg string) Reason {
	switch alert {
	case "certificate_required":
		return ClientCertMissing
	case "unknown_ca":
		return ClientCertUnknownCA
	case "certificate_expired":
		return ClientCertExpired
	case "bad_certificate", "unsupported_certificate", "certificate_revoked", "certificate_unknown":
		return ClientCertInvalid
	}
	return a.protocolReason(msg, alert)
}

// failedCheck is the index of the check that explains the verdict.
func (a *analyser) failedCheck(side Side, r Reason) int { return failedCheck(a.t.Steps, side, r) }

// failedCheck is the index of the first enforced check of side that failed
// for r, else of the first that failed at all; -1 if none did.
func failedCheck(steps []Step, side Side, r Reason) int {
	first := -1
	for i, st := range steps {
		if st.Kind != KindCheck || st.Advisory || st.Reason == nil || st.Side != side {
			continue
		}
		if *st.Reason == r {
			return i
		}
		if first < 0 {
			first = i
		}
	}
	return first
}

// sentAny reports whether side sent any record.
func (a *analyser) sentAny(side Side) bool {
	for _, st := range a.t.Steps {
		if st.Side == side && st.Kind == KindRecord {
			return true
		}
	}
	return false
}
