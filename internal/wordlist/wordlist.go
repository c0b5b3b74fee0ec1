// Package wordlist is a small table of words by key for the page's packages:
// a list, not a map, so that it is data in the program, where a Go map literal
// is code that builds the map when the program starts (in WebAssembly, about
// 200 bytes per entry).
package wordlist

// A List maps keys to words; a key appears once.
type List []struct{ Key, Words string }

// Get is key's words, false if the list has none.
func (l List) Get(key string) (string, bool) {
	for _, e := range l {
		if e.Key == key {
			return e.Words, true
		}
	}
	return "", false
}

// Of is key's words, "" if the list has none.
func (l List) Of(key string) string {
	w, _ := l.Get(key)
	return w
}
