package explain

// A wordList maps keys to words: a list, not a map, so that it is data in the
// program, where a map literal is code that builds the map at start.
type wordList []struct{ key, words string }

// get is key's words, false if the list has none.
func (l wordList) get(key string) (string, bool) {
	for _, e := range l {
		if e.key == key {
			return e.words, true
		}
	}
	return "", false
}

// of is key's words, "" if the list has none.
func (l wordList) of(key string) string {
	w, _ := l.get(key)
	return w
}
