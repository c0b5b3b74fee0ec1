//go:build tlsplay_fetchdata

package handshake

import (
	_ "embed"
	"errors"
	"strings"
	"sync"
)

// FetchMozillaRoots gets the file MozillaRootsPEM writes (in a build without
// tlsplay_fetchdata) for a program built with that tag: the page's engine
// sets it to fetch the site's copy.
var FetchMozillaRoots func() ([]byte, error)

func mozillaRoots() ([]mozillaRoot, error) {
	if FetchMozillaRoots == nil {
		return nil, errors.New("built with tlsplay_fetchdata, and no FetchMozillaRoots set")
	}
	data, err := FetchMozillaRoots()
	if err != nil {
		return nil, err
	}
	return parseMozillaRoots(data)
}

// mozillasubjects.txt names the subject of every root of Mozilla's store by
// its subjectKey, one a line (TestMozillaSubjects keeps it true; -update
// writes it): so the store is fetched only for a certificate that names one
// of its roots as issuer, which no story's does.
//
//go:embed mozillasubjects.txt
var subjectsFile string

// The subjects' set, made when first asked (a sync.Once: see varIndex in explain).
var (
	subjectsOnce sync.Once
	subjects     map[string]bool
)

func mayNameMozilla(issuer []byte) bool {
	subjectsOnce.Do(func() {
		subjects = map[string]bool{}
		for _, k := range strings.Fields(subjectsFile) {
			subjects[k] = true
		}
	})
	return subjects[subjectKey(issuer)]
}
