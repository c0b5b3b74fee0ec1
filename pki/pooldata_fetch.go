//go:build tlsplay_fetchdata

package pki

import "errors"

// FetchPool gets rsapool.pem (PoolPEM of a build without tlsplay_fetchdata)
// for a program built with that tag: the page's engine sets it to fetch the
// site's copy, so that only a scenario with an RSA key loads the pool.
var FetchPool func() ([]byte, error)

func poolPEM() ([]byte, error) {
	if FetchPool == nil {
		return nil, errors.New("pki: built with tlsplay_fetchdata, and no FetchPool set")
	}
	return FetchPool()
}
