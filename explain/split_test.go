package explain

import (
	"strings"
	"testing"
)

// OpenSSL's "unable to get local issuer certificate" (X509 error 20: the
// chain's last certificate is the server's and no CA of the bundle issued
// it) and "unable to get issuer certificate" (error 2: the bundle's own
// certificate has no issuer there, custom-ca-bundle-intermediate) differ in
// one word, and the stories in what that word says. A paste of the one
// lists no story of the other as a near match: error 20's paste leaves out
// the story of error 2 (it scored 98%, its words all there, "local" extra),
// and error 2's paste ranks error 20's stories well below its own.
func TestLocalIssuerWord(t *testing.T) {
	m, err := presetMatcher()
	if err != nil {
		t.Fatal(err)
	}
	const (
		partial = "custom-ca-bundle-intermediate"
		local   = "unable to get local issuer certificate"
		issuer  = "unable to get issuer certificate"
	)
	pastes := []string{
		// requests 2.34.2, urllib3 2.7.0, Python 3.11.7 here, its last line.
		"requests.exceptions.SSLError: HTTPSConnectionPool(host='api.internal.test', port=24432): Max retries exceeded with url: / (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: " + local + " (_ssl.c:1006)')))",
		"ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: " + local + " (_ssl.c:1006)",
		"depth=0 CN = api.internal.test\nverify error:num=20:" + local + "\nverify return:1",
		"curl: (60) SSL certificate problem: " + local + "\nMore details here: https://curl.se/docs/sslcerts.html",
		"Error: " + local,
	}
	for _, paste := range pastes {
		ms, err := m.Match(paste)
		if err != nil || len(ms) == 0 {
			t.Fatalf("%.60q: %v, %d matches", paste, err, len(ms))
		}
		for _, x := range ms {
			if x.ID == partial {
				t.Errorf("%.60q lists %s (%.3f, rank %d), whose message says %q: %s", paste, partial, x.Score, x.Rank, issuer, summary(ms))
			}
		}
		// And the other way: a paste of error 2 is that story first, the
		// stories of error 20 far behind.
		other := strings.ReplaceAll(paste, local, issuer)
		other = strings.ReplaceAll(other, "num=20", "num=2")
		ms, err = m.Match(other)
		if err != nil || len(ms) == 0 {
			t.Fatalf("%.60q: %v, %d matches", other, err, len(ms))
		}
		if ms[0].ID != partial {
			t.Errorf("%.60q: first %s, want %s: %s", other, ms[0].ID, partial, summary(ms))
		}
		for _, x := range ms[1:] {
			if x.Score > 0.8 {
				t.Errorf("%.60q lists %s at %.3f, whose message says %q: %s", other, x.ID, x.Score, local, summary(ms))
			}
		}
	}
}
