package explain

import "github.com/tlsplay/tlsplay/handshake"

// The bank's side of a cure: when the cure is the server's, the person's code
// is fine, and what changes is the server's configuration. These tables give
// it for the servers people run: nginx, Apache, Caddy and Go's tls.Config,
// beside the kit's fixed/ (the same cure, played with openssl s_server).

// ServerFix is a bank-side cure as each server's configuration.
type ServerFix struct {
	_      noCompare
	Nginx  string `json:"nginx"`
	Apache string `json:"apache"`
	Caddy  string `json:"caddy"`
	Go     string `json:"go"`
}

// A serverCure is what the bank changes.
type serverCure int

const (
	noServerCure   serverCure = iota
	serveNewCert              // serve a certificate issued anew (renewed, reissued), with its chain
	sendFullChain             // send the intermediates after the certificate
	widenSuites               // allow the modern cipher suites
	widenGroups               // allow the common key-exchange groups
	acceptALPN                // accept http/1.1 as well
	modernVersions            // speak TLS 1.2 and 1.3
	ownKey                    // the key that belongs to the certificate
)

// serverCures says which change each bank-side reason's cure is; a test
// checks that every reason whose cure is the server's has one, and each one
// all four servers.
var serverCures = [...]serverCure{
	handshake.MissingIntermediate: sendFullChain,
	handshake.CNOnly:              serveNewCert,
	handshake.Expired:             serveNewCert,
	handshake.NotYetValid:         serveNewCert,
	handshake.WrongEKU:            serveNewCert,
	handshake.NotACA:              serveNewCert,
	handshake.PathTooLong:         serveNewCert,
	handshake.NameConstraints:     serveNewCert,
	handshake.WeakSignature:       serveNewCert,
	handshake.Revoked:             serveNewCert,
	handshake.BadSignature:        sendFullChain,
	handshake.NoCertificate:       serveNewCert,
	// A chain pasted or probed can fail in ways a story does not: each is a
	// certificate issued anew.
	handshake.UnsupportedSignature:       serveNewCert,
	handshake.CAKeyUsage:                 serveNewCert,
	handshake.UnhandledCriticalExtension: serveNewCert,
	handshake.MalformedCertificate:       serveNewCert,
	handshake.NoSharedCipher:             widenSuites,
	handshake.NoSharedGroup:              widenGroups,
	handshake.NoSharedALPN:               acceptALPN,
}

// serverFixes are the configurations; fullchain.pem is the bank's
// certificate followed by its intermediates, leaf first (the kit's
// server-chain.pem), server.key its key.
var serverFixes = [...]ServerFix{
	serveNewCert: {
		Nginx:  "# the new certificate, then its intermediates, in one file\nssl_certificate     /etc/ssl/bank/fullchain.pem;\nssl_certificate_key /etc/ssl/bank/server.key;\n# then: nginx -s reload",
		Apache: "# Apache 2.4.8 and later read the intermediates from the same file\nSSLCertificateFile    /etc/ssl/bank/fullchain.pem\nSSLCertificateKeyFile /etc/ssl/bank/server.key\n# then: apachectl graceful",
		Caddy:  "# Caddy's automatic HTTPS gets and renews certificates itself;\n# with certificates of your own:\nbank.example {\n\ttls /etc/ssl/bank/fullchain.pem /etc/ssl/bank/server.key\n}",
		Go:     "// the new certificate, then its intermediates, leaf first\n" + goServe,
	},
	sendFullChain: {
		Nginx:  "# the certificate, then its intermediate(s): the full chain file\nssl_certificate     /etc/ssl/bank/fullchain.pem;\nssl_certificate_key /etc/ssl/bank/server.key;",
		Apache: "# Apache 2.4.8+: the chain in the certificate file\n# (before 2.4.8: SSLCertificateChainFile /etc/ssl/bank/chain.pem)\nSSLCertificateFile    /etc/ssl/bank/fullchain.pem\nSSLCertificateKeyFile /etc/ssl/bank/server.key",
		Caddy:  "# automatic HTTPS sends the full chain; with files of your own:\nbank.example {\n\ttls /etc/ssl/bank/fullchain.pem /etc/ssl/bank/server.key\n}",
		Go:     "// every certificate the bank sends, leaf first: fullchain.pem holds\n// the certificate, then its intermediates (a tls.Certificate built\n// by hand lists them all: Certificate: [][]byte{leaf.Raw, intermediate.Raw})\n" + goServe,
	},
	widenSuites: {
		Nginx:  "ssl_protocols TLSv1.2 TLSv1.3;\nssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;",
		Apache: "SSLProtocol -all +TLSv1.2 +TLSv1.3\nSSLCipherSuite ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305",
		Caddy:  "# Caddy's defaults are modern: remove any ciphers line\nbank.example {\n\ttls {\n\t\tprotocols tls1.2 tls1.3\n\t}\n}",
		Go:     "// leave CipherSuites unset: Go's defaults are modern\nsrv.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}",
	},
	widenGroups: {
		Nginx:  "ssl_ecdh_curve X25519:prime256v1:secp384r1;",
		Apache: "SSLOpenSSLConfCmd Curves X25519:prime256v1:secp384r1",
		Caddy:  "bank.example {\n\ttls {\n\t\tcurves x25519 secp256r1 secp384r1\n\t}\n}",
		Go:     "// leave CurvePreferences unset: Go's defaults\n// (X25519MLKEM768, X25519, P-256, P-384)\nsrv.TLSConfig = &tls.Config{}",
	},
	modernVersions: {
		Nginx:  "ssl_protocols TLSv1.2 TLSv1.3;",
		Apache: "SSLProtocol -all +TLSv1.2 +TLSv1.3",
		Caddy:  "# Caddy speaks TLS 1.2 and 1.3 unless told otherwise\nbank.example {\n\ttls {\n\t\tprotocols tls1.2 tls1.3\n\t}\n}",
		Go:     "// Go's server default minimum is TLS 1.2: drop MinVersion/MaxVersion below it\nsrv.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}",
	},
	ownKey: {
		Nginx:  "# the certificate's own key: nginx refuses to start with another (\"key values mismatch\")\nssl_certificate     /etc/ssl/bank/fullchain.pem;\nssl_certificate_key /etc/ssl/bank/server.key;",
		Apache: "# the certificate's own key: Apache refuses to start with another\nSSLCertificateFile    /etc/ssl/bank/fullchain.pem\nSSLCertificateKeyFile /etc/ssl/bank/server.key",
		Caddy:  "# the certificate's own key: Caddy refuses to load another\nbank.example {\n\ttls /etc/ssl/bank/fullchain.pem /etc/ssl/bank/server.key\n}",
		Go:     "// LoadX509KeyPair checks that the key is the certificate's\n// (\"tls: private key does not match public key\"); a tls.Certificate\n// built by hand is not checked\n" + goServe,
	},
	acceptALPN: {
		Nginx:  "# nginx speaks HTTP/1.1 over TLS unless told otherwise\nlisten 443 ssl;\nhttp2 on;",
		Apache: "Protocols h2 http/1.1",
		Caddy:  "{\n\tservers {\n\t\tprotocols h1 h2\n\t}\n}",
		Go:     "srv.TLSConfig = &tls.Config{NextProtos: []string{\"h2\", \"http/1.1\"}}",
	},
}

// goServe is a Go server of fullchain.pem and its key. The Go lines that
// set srv.TLSConfig are of this server.
const goServe = "keyPair, err := tls.LoadX509KeyPair(\"fullchain.pem\", \"server.key\")" + goCheck + "\n" +
	"srv := &http.Server{Addr: \":443\", TLSConfig: &tls.Config{Certificates: []tls.Certificate{keyPair}}}\n" +
	"log.Fatal(srv.ListenAndServeTLS(\"\", \"\"))"

// serverFix is the bank's configuration for the facts' cure, nil when the
// cure is not a server configuration.
func serverFix(f *facts) *ServerFix {
	if f.imposter != nil {
		return nil
	}
	c := cureOf(f.o.Reason)
	if f.o.OK && f.vars.WeakFix != "" {
		c = serveNewCert // a weak key: reissued with a stronger one
	}
	if f.imposter == nil && f.rule().summary == oldBankFix.summary {
		c = modernVersions
	}
	if f.wrongKey() {
		c = ownKey
	}
	if c == noServerCure {
		return nil
	}
	sf := serverFixes[c]
	return &sf
}

// cureOf is r's entry in serverCures, noServerCure if it has none.
func cureOf(r handshake.Reason) serverCure {
	if int(r) < len(serverCures) {
		return serverCures[r]
	}
	return noServerCure
}
