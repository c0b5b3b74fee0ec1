package explain

import "github.com/tlsplay/tlsplay/handshake"

// words is the prose for one reason; {name}s are filled from the facts.
type words struct {
	_                                       noCompare
	headline, analogy, technical, tellApart string
}

// lookAlike opens the tell-apart of the reasons every client words alike
// ("unable to get local issuer certificate", "signed by unknown authority");
// each reason then says what in this story's chain sets it apart.
const lookAlike = "The same error message stands for four causes (an unknown issuer, a missing intermediate, a root nobody trusts, a self-signed certificate: Go says \"signed by unknown authority\" for all four), so look at what the bank sent, as openssl s_client -showcerts prints it. "

// proxyOrAttacker tells the company's own TLS-inspecting proxy from an attacker
// by who signed what the courier got: the first is trusted by its root, never by
// verify=False; the second is not trusted at all.
const proxyOrAttacker = "On a public site, the most common cause is your company's TLS-inspecting proxy (Zscaler, Netskope, a firewall), installed by your IT: it re-signs every site's certificate with the company's own root, which IT puts on company machines but certifi never has. See who signed what you got: openssl s_client -connect {dial}:443 -showcerts prints each certificate's issuer, here {issuer} (behind a proxy that HTTPS_PROXY names, ask through it: openssl s_client -proxy PROXYHOST:PORT -connect {dial}:443 -servername {dial} -showcerts, PROXYHOST:PORT being the proxy's; without -proxy s_client dials past it). If the issuer's O is your company's (or its proxy vendor's) and IT confirms it, trust that root: verify='company-ca.pem' (ask IT for the file), or REQUESTS_CA_BUNDLE for every call; never verify=False, which would let anyone else in too. An issuer nobody at your company recognises is not your proxy but an imposter: do not trust it."

// noRevocationCheck is what the clients do about revocation by default:
// nothing, and what each needs to be told.
const noRevocationCheck = "verify=True checks the signatures, the dates and the name, never revocation: Python's ssl module (under requests), curl, openssl s_client, Node and Go's crypto/x509 fetch no CRL, ask no OCSP responder and ignore a stapled OCSP response unless told to. Told to, each checks only what it is given: curl --crlfile with a CRL you fetched, and --cert-status for the staple only if the bank staples one (against a bank that staples none it always fails); s_client with its CRL checks on and the CRLs in its -CAfile (or fetching them itself); Python an SSLContext with the CRLs loaded and VERIFY_CRL_CHECK_CHAIN; Node its crl option; Go a VerifyConnection of your own. Browsers check in their own way: Firefox with CRLite, Chrome with its CRLSets of the revocations that matter most."

// explanations is the prose for every reason; a test checks none is missing.
// goFirstRead ends ClientCertMissing's words in Go's explanation: how Go
// reports a refusal that arrives on the first read after a TLS 1.3
// handshake. The lens says it as the person's client does (firstRead).
const goFirstRead = ": Go's handshake returned no error, and reading the response returns the bank's alert."

// firstRead is goFirstRead as each client reports it, in its own terms: a
// requests user was told curl's exit code.
var firstRead = map[string]string{
	Requests:  ": requests raises its SSLError as it reads the response, not during the handshake.",
	Curl:      " (curl exit 56, a receive error, not 35, a failed handshake).",
	OpenSSL:   ": s_client reports it at its first read after the handshake.",
	Node:      ": Node's error is the socket's read's, ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED, not the EPROTO of a refusal during the handshake.",
	GoNetHTTP: goFirstRead,
}

var explanations = [...]words{
	handshake.OK: {
		headline:  "Both sides are satisfied",
		analogy:   "The courier checked the bank's ID against the Book of Trusted IDs, the name on the door matched, and the parcel was handed over.",
		technical: "The chain {sent} verifies up to a trusted root, {leaf} is in date {when}, and {dial} is among its Subject Alternative Names ({names}). The handshake ran {version}.{key_exchange}{version_caveat}{weak_caveat}{badge_caveat}{load_caveat}",
	},
	handshake.InsecureSkipVerify: {
		headline:  "verify=False: the courier handed the parcel to whoever answered",
		analogy:   "The courier never looked at the ID card: anyone standing at the bank's door, in any costume, gets the parcel.",
		technical: "With verify=False the client skips certificate verification entirely (OpenSSL's CERT_NONE, Go's InsecureSkipVerify): the handshake succeeds with whatever certificate is presented, here {sent}. The checks below were computed but not enforced{unchecked}. Encryption without authentication protects against nobody who can sit in the middle.",
		tellApart: "Nothing fails, which is the danger: no client prints an error (requests only warns with InsecureRequestWarning). The only way to see it is to turn verification on.",
	},
	handshake.RevokedUnchecked: {
		headline:  "{revoked} is revoked, and the courier never asked",
		analogy:   "The issuing office cancelled this ID: its list of cancelled IDs names it and its hotline says so. The courier checked the signatures, the dates and the name, never the list nor the hotline, and handed over the parcel.",
		technical: "The CA revoked {revoked}: {revocation}. " + noRevocationCheck + " So a certificate revoked because its key leaked passes until it expires.",
		tellApart: "Nothing fails, so no error tells: ask. openssl s_client -connect {dial}:443 -status prints the OCSP response the bank staples (Cert Status: revoked); openssl ocsp -issuer issuer.pem -cert leaf.pem -url with the certificate's OCSP address asks its CA; the CRL at its CRL distribution point lists what the CA revoked (openssl crl -in crl.pem -text).",
	},
	handshake.Revoked: {
		headline:  "{revoked} is revoked, and the courier, told to check, refused it",
		analogy:   "The courier looked the ID up on the issuing office's list of cancelled IDs, found it there, and kept the parcel.",
		technical: "The CA revoked {revoked}: {revocation}. This courier checks revocation, which no client does by default (curl --crlfile, s_client with its CRL checks on and the CRLs in its -CAfile, Python's VERIFY_CRL_CHECK_CHAIN with the CRLs loaded, Node's crl option, Go's VerifyConnection), so the handshake fails: \"certificate revoked\".",
		tellApart: "Only a client that checks revocation says \"certificate revoked\" (OpenSSL's verify error 23, Node's CERT_REVOKED); without the check the same bank passes. The cure is the bank's: a certificate its CA has not revoked.",
	},
	handshake.UnknownAuthority: {
		headline:  "The bank's certificate was issued by a CA the courier does not know",
		analogy:   "The courier refused: this bank's ID was signed by an office that is nowhere in the Book of Trusted IDs.",
		technical: "{leaf} was issued by {issuer}, and no certificate the bank sent or the courier trusts leads from it to a trusted root ({detail}).{trust_note}",
		tellApart: lookAlike + "Here it sent {sent}, and the chain stops at an issuer the courier does not know ({detail}). No root was sent (so no untrusted root), the certificate names another issuer than itself (so not self-signed), and no root the courier trusts stands above the gap (so no missing intermediate). " + proxyOrAttacker,
	},
	handshake.UntrustedRoot: {
		headline:  "The chain ends at a root the courier does not trust",
		analogy:   "The bank showed its ID, the letter vouching for it, and the charter of the office at the top, but that office is not in the courier's Book of Trusted IDs.",
		technical: "The bank sent the whole chain, {sent}, and it is consistent, but its top, {root}, is a self-signed root that is not in the courier's trust store. Sending a root proves nothing: trust comes only from the client's own bundle.",
		tellApart: lookAlike + "Here it sent the whole chain, {sent}, up to a root that signed itself, {root}: the chain is complete, but its top is not in the courier's bundle. A missing intermediate would stop short of any root, and a self-signed certificate would come alone.",
	},
	handshake.MissingIntermediate: {
		headline:  "The bank did not send its intermediate certificate",
		analogy:   "The bank showed only its own ID and not the letter from the issuing office, so the courier cannot connect the ID to anyone in its Book of Trusted IDs.",
		technical: "The bank sent only {sent}. Its issuer, {issuer}, is an intermediate CA the server should have sent after its own certificate; the courier trusts the root above it but cannot build the path without the link in the middle. Browsers often paper over this by fetching or caching intermediates; requests, curl, openssl, Node and Go do not.",
		tellApart: lookAlike + "Here it sent only {sent}, issued by {issuer}, which it did not send: the courier trusts the root above {issuer}, but cannot reach it without the link in the middle. A self-signed certificate would name itself as issuer, and an untrusted root would come with the chain above it.",
	},
	handshake.SelfSigned: {
		headline:  "The bank's certificate is self-signed",
		analogy:   "The bank made its own ID card and signed it itself; anyone can do that, so the courier does not accept it.",
		technical: "{leaf} is its own issuer: it vouches for itself, and it is not in the courier's trust store. OpenSSL-based clients say \"self-signed certificate\"; Go says \"signed by unknown authority\".",
		tellApart: lookAlike + "Here it sent one certificate, {leaf}, whose issuer is itself: nothing vouches for it but itself. A missing intermediate would name another issuer, and an untrusted root would come with a certificate below it.",
	},
	handshake.HostnameMismatch: {
		headline:  "The certificate is for another name than the one dialled",
		analogy:   "The ID card is genuine, but it is made out to someone else: it proves nothing about the door the courier knocked on.",
		technical: "The courier dialled {dial}; {leaf_lists}. A name matches only exactly or through a wildcard covering exactly one label; an IP address matches only an IP address entry.{sni_note}",
		tellApart: "The chain itself is fine: every client says so by complaining about the name, not the issuer. Compare the URL's host with the certificate's Subject Alternative Names.",
	},
	handshake.CNOnly: {
		headline:  "The name is only in the Common Name",
		analogy:   "The bank's name is written in the old \"Common Name\" box, and the Subject Alternative Names list, the only one modern couriers read, is missing.",
		technical: "{leaf} has no Subject Alternative Names. Go (since 1.15) and urllib3 2.x ignore the Common Name for host names, as RFC 6125 asks; curl, openssl -verify_hostname, Node and urllib3 1.26 still fall back to it when there are no SANs, so they accept the same certificate.",
		tellApart: "Go says \"relies on legacy Common Name field\". Clients that fall back to the CN accept it, so the same server works with curl and fails with Go: look for the missing Subject Alternative Name extension.",
	},
	handshake.Expired: {
		headline:  "A certificate in the chain has expired",
		analogy:   "A card the courier was shown, the bank's own ID or a letter vouching for it, has passed its expiry date.",
		technical: "{bad} was valid until {bad_until}; the courier's clock says {now}. Every certificate of the chain must be in date, intermediates included.",
		tellApart: "Check the dates in the chain ({bad} here) and the client's clock: a clock far off makes good certificates look expired or not yet valid.",
	},
	handshake.NotYetValid: {
		headline:  "A certificate in the chain is not valid yet",
		analogy:   "A card the courier was shown, the bank's own ID or a letter vouching for it, only becomes valid on a later date, or the courier's watch is behind.",
		technical: "{bad} is valid from {bad_from}; the courier's clock says {now}.",
		tellApart: "Most often the client's clock is wrong (a machine without NTP, a fresh VM): compare it with the certificate's notBefore.",
	},
	handshake.WrongEKU: {
		headline:  "The bank's certificate is not meant for servers",
		analogy:   "The bank showed a genuine ID whose purpose says \"for couriers only\": it may not identify a bank.",
		technical: "{leaf}'s extended key usage does not include serverAuth, so it cannot authenticate a TLS server. OpenSSL calls this \"unsupported certificate purpose\"; Go \"incompatible key usage\".",
	},
	handshake.NotACA: {
		headline:  "The bank's certificate was signed by a certificate that is not a CA",
		analogy:   "The bank's ID was signed by someone whose own card says \"not allowed to vouch for others\".",
		technical: "{issuer}, which signed {leaf}, has basicConstraints CA:FALSE (or none), so its signature does not count. OpenSSL calls this \"invalid CA certificate\"; Go reports it as an unknown authority, adding the reason in parentheses.",
		tellApart: "Go's message starts like an unknown authority; the parenthesis (\"parent certificate cannot sign this kind of certificate\") tells it apart.",
	},
	handshake.PathTooLong: {
		headline:  "The chain is longer than a CA allows",
		analogy:   "An issuing office may only vouch through a limited number of sub-offices, and this chain has more.",
		technical: "A CA in the chain has a basicConstraints path length that the intermediates below it exceed ({detail}).",
	},
	handshake.NameConstraints: {
		headline:  "The issuing CA is not allowed to vouch for this name",
		analogy:   "The issuing office may only vouch for names under certain addresses, and it signed an ID for a name outside them.",
		technical: "An intermediate in the chain carries name constraints that do not permit {dial} ({detail}).",
	},
	handshake.WeakSignature: {
		headline:  "A certificate is signed with SHA-1",
		analogy:   "The ID was sealed with a stamp that forgers can copy, so the courier no longer accepts that stamp.",
		technical: "A certificate in the chain is signed with SHA-1, for which chosen-prefix collisions are practical (SHAttered, 2017; Shambles, 2020). Go refuses it; OpenSSL 3 at its default security level refuses it too (\"CA signature digest algorithm too weak\").",
	},
	handshake.BadSignature: {
		headline:  "A signature in the chain does not verify",
		analogy:   "A letter in the chain carries a signature that does not match its supposed author.",
		technical: "A certificate names an issuer whose key did not sign it ({detail}).",
	},
	handshake.UnsupportedSignature: {
		headline:  "A certificate is signed with an algorithm Go does not implement",
		analogy:   "A letter in the chain is sealed with a stamp the courier has no tool to check, so it cannot count it.",
		technical: "A certificate of the chain is signed with an algorithm Go does not verify ({detail}). Go checks RSA (PKCS #1 v1.5 and PSS), ECDSA and Ed25519 signatures only; OpenSSL also implements DSA, so the OpenSSL-based clients and Node can accept what Go refuses.",
		tellApart: "Go's message starts like an unknown authority; its parenthesis says \"algorithm unimplemented\", where a signature that is simply wrong says \"verification failure\".",
	},
	handshake.CAKeyUsage: {
		headline:  "A CA's key may not sign certificates",
		analogy:   "The office that vouched for the bank carries a card saying its stamp is for letters, not for vouching for IDs.",
		technical: "A CA of the chain has a key usage extension without keyCertSign ({detail}), so its signature on a certificate does not count. OpenSSL calls this \"invalid CA certificate\"; Go reports an unknown authority, adding the reason in parentheses.",
		tellApart: "Go's message starts like an unknown authority; the parenthesis (\"parent certificate cannot sign this kind of certificate\") tells it apart. The issuer is a CA (CA:TRUE): look at its key usage, which must include Certificate Sign.",
	},
	handshake.UnhandledCriticalExtension: {
		headline:  "A certificate has a critical extension the courier does not understand",
		analogy:   "A card in the chain carries a clause marked \"must be obeyed\" in a language the courier cannot read, so it may not accept the card.",
		technical: "{detail}. RFC 5280 (Section 4.2) has a verifier refuse a certificate with a critical extension it does not process; Go, OpenSSL and the others all do, whatever the extension says.",
	},
	handshake.MalformedCertificate: {
		headline:  "Go cannot read a certificate of the chain",
		analogy:   "A card in the chain is written so badly that the courier cannot make out what it says.",
		technical: "Go's parser refuses a certificate of the chain ({detail}). A Go client parses every certificate the bank sends before it verifies any, and refuses the connection if one does not parse (\"tls: failed to parse certificate from server\"); other clients parse by their own rules and may read it, or fail otherwise.",
	},
	handshake.NoCertificate: {
		headline:  "The bank presented no certificate",
		analogy:   "The bank would not show any ID at all.",
		technical: "The server's Certificate message was empty, so there is nothing to verify.",
	},
	handshake.ProtocolVersion: {
		headline:  "No TLS version in common",
		analogy:   "The courier and the bank speak no common language, so they hang up before showing any ID.",
		technical: "The courier offered {offered} and the bank accepts none of what was offered; it answered with a \"protocol version\" alert. No certificate was exchanged.",
		tellApart: "The failure comes before any certificate: none of the certificate checks ran. The alert \"protocol version\" names it.",
	},
	handshake.NoSharedCipher: {
		headline:  "No cipher suite in common",
		analogy:   "The two sides know no common way to seal the parcel.",
		technical: "None of the courier's cipher suites is allowed by the bank, which answered with a handshake failure alert.",
	},
	handshake.NoSharedGroup: {
		headline:  "No key-exchange group in common",
		analogy:   "The two sides cannot agree on how to make a shared secret.",
		technical: "The courier's key-exchange groups ({client_groups}) and the bank's ({server_groups}) have nothing in common.{pq_note}",
	},
	handshake.NoSharedALPN: {
		headline:  "No application protocol in common",
		analogy:   "The bank only takes parcels in a format the courier does not offer.",
		technical: "The bank requires an ALPN protocol the courier does not offer, and answered with no_application_protocol.",
	},
	handshake.ClientCertMissing: {
		headline:  "The bank demands a client certificate and the courier has none",
		analogy:   "The bank asks every courier for a badge, and this one came without.",
		technical: "The server sent a CertificateRequest naming {client_cas}; the client answered with an empty Certificate, and the server refused with {alert}. In TLS 1.3 the client's handshake has already finished when the refusal arrives, so it surfaces on the first read" + goFirstRead,
		tellApart: "The courier's side of the chain check passed: the error is an alert from the server, \"certificate required\" (TLS 1.3) or \"handshake failure\"/\"bad certificate\" (TLS 1.2).",
	},
	handshake.ClientCertUnknownCA: {
		headline:  "The bank cannot trace the badge to a CA it trusts",
		analogy:   "The courier showed a badge, but the bank cannot trace it to an office it recognises: the badge comes from another company's office, or from a branch of the bank's own office whose letter of authority the courier left behind.",
		technical: "The badge {badge} was issued by {badge_issuer}; the bank trusts only {client_cas} to issue badges, and refused with {alert}: it must reach one of them from the badge, with what the courier sends beside it. A badge from another CA never does; nor does one issued under {client_cas} by an intermediate when the certificate file holds the badge alone, a common case: the bank trusts the root, and has no copy of the intermediate.",
		tellApart: "The alert comes from the bank (\"unknown ca\"), after the courier had accepted the bank. Which of the two is yours, your badge's file says: " + whichBadge + " A Go client given a badge sends no badge at all when no certificate of its file names one of those CAs as its issuer, so against a Go client the bank says \"certificate required\" instead, or serves it when it lets couriers without a badge in (the badge-optional story).",
	},
	handshake.ClientCertExpired: {
		headline:  "The courier's badge has expired",
		analogy:   "The badge is genuine and from the right office, but it has expired.",
		technical: "{bad} was valid until {bad_until}; the bank's clock says {now}. The bank refused with {alert}.",
	},
	handshake.ClientCertNotYetValid: {
		headline:  "The courier's badge is not valid yet",
		analogy:   "The badge only becomes valid on a later date.",
		technical: "{bad} is valid from {bad_from}; the bank's clock says {now}.",
	},
	handshake.ClientCertWrongEKU: {
		headline:  "The badge is not meant for clients",
		analogy:   "The courier showed a certificate whose purpose is \"identifies a bank\": it is not a badge.",
		technical: "{badge}'s extended key usage lacks clientAuth, so the bank cannot accept it as a client certificate; it refused with {alert}.",
	},
	handshake.ClientCertInvalid: {
		headline:  "The bank refused the badge's chain",
		analogy:   "The bank looked at the badge and its letters and found something wrong with them.",
		technical: "The badge's chain failed the bank's verification ({detail}).",
		tellApart: "The alert comes from the bank, after the courier had accepted the bank's certificate; the bank's own log names what it found wrong with the badge's chain.",
	},
	handshake.ClientKeyMismatch: {
		headline:  "The badge's key belongs to another certificate",
		analogy:   "The courier packed a badge and a key, but the key opens someone else's badge: it cannot prove the badge is its own.",
		technical: "The private key passed with the certificate does not match the certificate's public key. Clients check this when loading the pair, before connecting: nothing reaches the wire.",
		tellApart: "The error comes before any connection (\"key values mismatch\", \"private key does not match public key\"): no server is involved.",
	},
	handshake.ClientKeyMissing: {
		headline:  "The badge file has no private key",
		analogy:   "The courier was given the badge but not the key that proves it is theirs.",
		technical: "cert= names a file holding only the certificate; the client looks for the private key in the same file and finds none. requests reports OpenSSL's cryptic \"[SSL] PEM lib\".",
		tellApart: "\"PEM lib\" almost always means the key is missing from the file, or not a key at all.",
	},
	handshake.ClientKeyEncrypted: {
		headline:  "The badge's key is password-protected",
		analogy:   "The key is locked in a box and the courier was not given the combination.",
		technical: "The key file is encrypted (PKCS#8 with a password). requests has no way to pass a password for cert= (urllib3 says \"Client private key is encrypted, password is required\"), and Go's tls.X509KeyPair cannot decrypt keys; curl, openssl and Node can take the password.",
	},
	handshake.HandshakeFailure: {
		headline:  "The handshake failed",
		analogy:   "The courier and the bank could not complete their introductions.",
		technical: "The handshake failed without a more specific cause ({detail}).",
	},
	handshake.Timeout: {
		headline:  "Nothing came back in time",
		analogy:   "The courier waited at the door and nobody answered.",
		technical: "The connection did not complete before the deadline.",
	},
}

// placedAnalogies are the analogies of the reasons about a certificate's dates,
// by where the certificate out of date sits in its chain, the bank's or the
// badge's (see placeOf):
// the explanation's analogy names the card at fault, where the general one
// above cannot.
var placedAnalogies = map[handshake.Reason]map[place]string{
	handshake.Expired: {
		leafPlace:         "The ID card is the bank's own and properly signed, but its expiry date has passed.",
		intermediatePlace: "The bank's own ID card is in date, but the letter from the issuing office that vouches for it has expired.",
		rootPlace:         "The bank's ID and any letter vouching for it are in date, but the charter of the office at the top of the chain has expired.",
	},
	handshake.NotYetValid: {
		leafPlace:         "The bank's own ID card only becomes valid on a later date, or the courier's watch is behind.",
		intermediatePlace: "The bank's own ID card is in date, but the letter from the issuing office that vouches for it only becomes valid on a later date, or the courier's watch is behind.",
		rootPlace:         "The bank's ID and any letter vouching for it are in date, but the charter of the office at the top of the chain only becomes valid on a later date, or the courier's watch is behind.",
	},
	// The badge's chain, which the bank checks by its own clock. The courier
	// sends its badge alone: a CA above it is one the bank holds among the
	// issuers it trusts, and its to renew.
	handshake.ClientCertExpired: {
		leafPlace:         "The badge is genuine and from the right office, but it has expired.",
		intermediatePlace: badgeOfficeExpired,
		rootPlace:         badgeOfficeExpired,
	},
	handshake.ClientCertNotYetValid: {
		leafPlace:         "The badge only becomes valid on a later date, or the bank's watch is behind.",
		intermediatePlace: badgeOfficeNotYet,
		rootPlace:         badgeOfficeNotYet,
	},
}

const (
	badgeOfficeExpired = "The courier's badge is in date, but the charter of an office behind it, one the bank trusts to issue badges, has expired."
	badgeOfficeNotYet  = "The courier's badge is in date, but the charter of an office behind it, one the bank trusts to issue badges, only becomes valid on a later date, or the bank's watch is behind."
)

// placedHeadlines are the headlines of the badge's date reasons when the
// certificate out of date is not the badge itself but a CA above it.
var placedHeadlines = map[handshake.Reason]map[place]string{
	handshake.ClientCertExpired:     {intermediatePlace: badgeCAExpired, rootPlace: badgeCAExpired},
	handshake.ClientCertNotYetValid: {intermediatePlace: badgeCANotYet, rootPlace: badgeCANotYet},
}

const (
	badgeCAExpired = "A CA the bank trusts to issue badges has expired"
	badgeCANotYet  = "A CA the bank trusts to issue badges is not valid yet"
)

// skipVerifyChecks ends the verify=False explanation's sentence on the checks
// it did not enforce, by what verification would make of what answered (see
// skipVerifyCase): the checks that would fail, or that none would.
var skipVerifyChecks = [numFixCases]string{
	noCase:                "",
	verifyRefuses:         ": verify=True would refuse this certificate, because {refused} ({refusal})",
	verifyAccepts:         ", and all of them pass: verify=True would accept this certificate",
	verifyRefusesImposter: ": verify=True would refuse the imposter's certificate ({refusal})",
	verifyAcceptsImposter: ", and all of them pass: even verify=True would accept the imposter's certificate",
}

// mutualWords are a success in which the bank verified a badge too: both
// checks are named, the courier's of the bank and the bank's of the courier.
var mutualWords = words{
	headline:  "Both sides are satisfied: the courier accepted the bank's ID, and the bank accepted the courier's badge",
	analogy:   "Two checks passed. The courier checked the bank's ID against the Book of Trusted IDs and the name on the door matched; the bank checked the courier's badge against its own list of badge issuers. Only then was the parcel handed over.",
	technical: explanations[handshake.OK].technical + " The bank verified the courier's badge, {badge}, issued by {badge_issuer}: it is in date, it may be used to identify a client, and its chain reaches {client_cas}, the bank's list of badge issuers.",
}

// sha1BadgeWords explain a Go bank's refusal of a badge signed with SHA-1
// (badgeSHA1): crypto/x509 checks no SHA-1 signature, so the bank finds no
// issuer for it and says unknown_ca, as for a badge from an office it does
// not know; the OpenSSL-based clients refuse to load such a badge at all.
var sha1BadgeWords = words{
	headline:  "The bank refused the badge's SHA-1 signature",
	analogy:   "The badge office sealed the courier's badge with an old stamp that can be forged. Go's courier sets out with it and shows it; the bank will not trust that seal, so to the bank no office it knows vouches for the badge. Python, curl, openssl and Node do not even set out with such a badge.",
	technical: "The badge office signed {badge} with SHA-1, which Go no longer accepts. Go loads it (tls.LoadX509KeyPair checks no signature) and shows it; the bank, a Go server, refuses to verify a SHA-1 signature (crypto/x509 has refused them since Go 1.18), so it finds no issuer among {client_cas} and refuses with {alert}, its log naming the SHA-1 signature (\"x509: cannot verify signature: insecure algorithm SHA1-RSA\"). The OpenSSL-based clients refuse the badge as they load it, before the handshake (\"ca md too weak\").",
	tellApart: "Go's courier reads \"unknown certificate authority\", as for a badge from an office the bank does not trust; only the bank's log names the SHA-1 signature. An OpenSSL-based client's \"ca md too weak\" is its own refusal to load the badge, before it sends the bank a byte of TLS: nothing the bank said. A bank on OpenSSL (nginx, Apache) that checks such a badge logs \"CA signature digest algorithm too weak\" (error 68).",
}

// wrongKeyWords explain a handshake that failed because the bank signs with
// a key that is not its certificate's (see facts.keyHolder): crypto/tls
// serves whatever pair it is handed, the courier checks the signature
// against the certificate's public key, and it does not verify.
var wrongKeyWords = words{
	headline:  "The bank signs with a key that is not its certificate's",
	analogy:   "The bank showed {leaf}'s ID card but signed with the seal of {key_holder}: the signature does not match the card, so nothing proves the card is the bank's. The courier hangs up, whatever it trusts.",
	technical: "The bank sends {leaf}'s certificate but holds the private key of {key_holder}. It signs the handshake with that key (TLS 1.3's CertificateVerify, TLS 1.2's ServerKeyExchange); the courier checks the signature with the public key in {leaf}, and it does not verify: Go says \"{go_error}\" and sends {alert}. verify=False does not skip this check: the signature is what proves the bank holds its certificate's key. A real server refuses to start with such a pair (Go's tls.LoadX509KeyPair: \"private key does not match public key\"; nginx: \"key values mismatch\"); tlsplay hands the pair to Go's crypto/tls as the story has it, to show what the courier then sees. For such a pair, openssl x509 -noout -pubkey -in cert.pem and openssl pkey -pubout -in server.key print different keys.",
}

// imposterWords explain a refusal of an imposter, whatever check it failed:
// what answered is not the bank, and refusing it is the point of verifying.
var imposterWords = words{
	headline:  "An imposter answered, and the courier refused it",
	analogy:   "Someone else stood at the bank's door and showed an ID card of its own. The courier checked it and kept the parcel: that is verification doing its job.",
	technical: "What answered for {dial} is not the bank but an imposter in its place, showing its own certificate ({sent}). The courier refused it ({imposter_refusal}). The refusal is the protection working: trusting this certificate (verify=False, or verify= pointing at it) would hand the parcel to the imposter.",
	tellApart: "The error reads like any certificate problem (self-signed, unknown authority, a name mismatch), so look at who answered: a certificate that is not the bank's usual one, with another issuer, means something else answers for {dial} (a hijacked DNS entry, a captive portal, an attacker on the network, or a proxy). To see who signed what you got, run openssl s_client -connect {dial}:443 -showcerts. One such proxy is different: your company's own TLS-inspecting proxy, installed by your IT, whose issuer's O names your company; that one you trust by its root (verify='company-ca.pem', the corporate-proxy story), never with verify=False. Anything else answering in the bank's place: do not make the courier trust it.",
}

// skipImposterWords are verify=False when an imposter answered: nothing
// refused it, and the parcel went to it.
var skipImposterWords = words{
	headline:  "verify=False: the parcel went to an imposter",
	analogy:   "Someone else stood at the bank's door with an ID card it made itself. The courier, told not to look at IDs, handed the parcel over: to the imposter, not to the bank.",
	technical: "With verify=False the client checks no certificate. What answered for {dial} was not the bank but an imposter showing its own certificate ({sent}); the handshake succeeded, the request and all it carries (passwords, tokens, cookies, the body) went to the imposter, and the 200 OK came from it. The checks below were computed but not enforced{unchecked}.",
	tellApart: explanations[handshake.InsecureSkipVerify].tellApart,
}
