package tjson

// Delim is one of { } [ ] as a token.
type Delim byte

// Number is a number token as written.
type Number string

// Tokens reads checked JSON token by token, as a json.Decoder's Token does
// with UseNumber: Delim, string, Number, bool or nil.
type Tokens struct {
	d decoder
}

// NewTokens reads data, which must hold JSON (see Valid or Unmarshal's error);
// where it does not, Next says there is no more.
func NewTokens(data []byte) *Tokens { return &Tokens{decoder{data: data}} }

func (t *Tokens) sep() {
	for t.d.ws(); t.d.i < len(t.d.data) && (t.d.data[t.d.i] == ',' || t.d.data[t.d.i] == ':'); t.d.ws() {
		t.d.i++
	}
}

// Next is the next token; false at the end of the input or at JSON that is
// not JSON.
func (t *Tokens) Next() (tok any, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if r != errSyntax {
				panic(r)
			}
			t.d.i = len(t.d.data)
			tok, ok = nil, false
		}
	}()
	t.sep()
	if t.d.i >= len(t.d.data) {
		return nil, false
	}
	switch c := t.d.data[t.d.i]; c {
	case '{', '}', '[', ']':
		t.d.i++
		return Delim(c), true
	case '"':
		return t.d.str(), true
	case 't', 'f', 'n':
		t.d.item()
		if c == 'n' {
			return nil, true
		}
		return c == 't', true
	}
	return Number(t.d.item()), true
}

// More reports whether another element or member follows in the current list
// or object.
func (t *Tokens) More() bool {
	t.sep()
	return t.d.i < len(t.d.data) && t.d.data[t.d.i] != ']' && t.d.data[t.d.i] != '}'
}
