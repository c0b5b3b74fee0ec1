package explain

// A pasted chain's CA bundle given as DER or PKCS #7 (handshake.Pasted's
// RootsForm) is judged on screen as if converted to PEM, the fix's outcome;
// each client's row says what it does with the file as given, as the proof
// ran them (clients' TestCABundleForms): requests, curl and s_client refuse
// to load it before they connect, Node (ca) and Go (AppendCertsFromPEM) read
// no certificate from it and refuse the chain as one nobody trusts.

// CauseBundleNotPEM: the client cannot use the CA bundle as given, DER or
// PKCS #7, not PEM (bundleUnread).
const CauseBundleNotPEM Cause = "bundle_not_pem"

// bundleUnloaded are the refusals of the clients that load the bundle with
// OpenSSL's PEM reader and stop there, before any connection.
var bundleUnloaded = map[string]verdict{
	Requests:  {class: "requests.exceptions.SSLError", message: pyPool + "(Caused by SSLError(SSLError(136, '[X509: NO_CERTIFICATE_OR_CRL_FOUND] no certificate or crl found (_ssl.c:{line})')))", note: bundleNoteRequests},
	Requests1: {class: "requests.exceptions.SSLError", message: pyPool + "(Caused by SSLError(SSLError(136, '[X509: NO_CERTIFICATE_OR_CRL_FOUND] no certificate or crl found (_ssl.c:{line})')))", note: bundleNoteRequests},
	Curl:      {class: "curl: (77)", message: "curl: (77) error setting certificate file: ca.pem", note: "curl gives --cacert to OpenSSL, which reads PEM certificates only and finds none in the file: curl stops there (77, CURLE_SSL_CACERT_BADFILE), before it connects."},
	OpenSSL:   {class: "error:05800088", message: "{thread}:error:05800088:x509 certificate routines:X509_load_cert_crl_file_ex:no certificate or crl found:../crypto/x509/by_file.c:{line}:", note: "s_client reads -CAfile as PEM and finds no certificate in the file: it stops there, before it connects."},
}

const bundleNoteRequests = "requests passes verify= to Python's ssl load_verify_locations, which reads PEM certificates only and finds none in the file: urllib3 raises it as it sets up TLS, before the ClientHello."

// bundleReadNothing is why Node and Go refuse the chain with such a bundle.
var bundleReadNothing = map[string]string{
	Node:      "Node's ca option takes PEM certificates, and reads none from this file without a word (NODE_EXTRA_CA_CERTS says nothing of it either): with ca set it trusts nothing else, so it refuses the chain as one nobody trusts.",
	GoNetHTTP: "The call reads the bundle with AppendCertsFromPEM, which reads PEM certificates only and skips the file without an error: the pool is empty, and Go refuses the chain as one nobody trusts (x509.ParseCertificate reads a DER certificate, one at a time).",
}

// bundleUnread is client's verdict with a CA bundle it cannot use as given,
// and whether the bundle is one.
func (f *facts) bundleUnread(client string) (ClientVerdict, bool) {
	p := f.t.Pasted
	if p == nil || p.RootsForm == "" {
		return ClientVerdict{}, false
	}
	if v, ok := bundleUnloaded[client]; ok {
		out := ClientVerdict{Class: v.class, Message: f.renderMessage(v.message), Note: v.note, Cause: CauseBundleNotPEM}
		if client == Requests {
			out.Basis = notChecked
		}
		return out, true
	}
	if p.AsGiven == nil {
		// A trace read back from JSON: the engine's rows stand.
		return ClientVerdict{}, false
	}
	v := predict(newFacts(p.AsGiven), client)
	v.Cause, v.Note = CauseBundleNotPEM, bundleReadNothing[client]
	return v, true
}

// bundleLens is the verdict v of a client that cannot use the pasted CA
// bundle as given (cv its row): its refusal, in its words; the fix is the
// conversion and what the chain meets once converted, the verdict on
// screen (e's).
func (f *facts) bundleLens(v Verdict, e *Explanation, cv ClientVerdict) Verdict {
	title := ClientTitles[v.Client]
	kind := "binary DER"
	if f.t.Pasted.RootsForm == "pkcs7" {
		kind = "a PKCS #7 bundle"
	}
	_, loads := bundleUnloaded[v.Client]
	v.Reason = string(CauseBundleNotPEM)
	if loads {
		v.Headline = title + " cannot load the CA bundle: it is " + kind + ", not PEM"
		v.Analogy = "The courier's Book of Trusted IDs is written in a form this courier cannot read: it will not set out with it, so it never reaches the bank."
	} else {
		v.Headline = title + " reads no certificate from the CA bundle: it is " + kind + ", not PEM"
		v.Analogy = "The courier's Book of Trusted IDs is written in a form this courier cannot read: it finds no ID in it, so it trusts nobody, and turns the bank away."
	}
	v.Technical = cv.Note
	v.Fix = e.Fix
	if v.Fix.Side == "" {
		v.Fix.Side = "client"
	}
	onScreen := "connects"
	if !f.o.OK {
		onScreen = "refuses: " + lowerFirst(e.Headline)
	}
	did := "refuses to load the file as given"
	if !loads {
		did = "reads no certificate from the file as given, and refuses the chain"
	}
	v.Disagree = "The handshake on screen is Go's, with the bundle's certificates as if converted to PEM, which " + onScreen + ". " + title + " " + did + "."
	return v
}
