package explain

// A FixCall is one call a fix shows: the page's fix and `tlsplay run` show
// them alike.
type FixCall struct {
	// Kind is "wrong" (the call as it is), "right" (the one that works),
	// "same" (one call, fine as it is or working once the fix is done), or
	// "other" (the one that works with another client, Caption naming it).
	Kind    string
	Caption string
	Code    string
}

// Calls is the calls of the fix's client (Client, requests' when it is
// none), captioned: the call as it is next to the one that works, or the
// call once where it stays the same. ok is whether the client connects.
func (fx Fix) Calls(ok bool) []FixCall {
	switch {
	case fx.Wrong == fx.Right && (ok || fx.Server != nil) && !fx.Pending:
		// The client connects, or the cure is the bank's: the call stays
		// as it is (not a wrong call and a right one that read the same).
		return []FixCall{{"same", "Your call, fine as it is", fx.Right}}
	case fx.Wrong == fx.Right && fx.Right != "":
		// The cure is in what the call names (the bundle's content, a
		// badge reissued or trusted): the same call, once that is done.
		return []FixCall{{"same", "The same call works once that is done", fx.Right}}
	case fx.Wrong != "" || fx.Right != "":
		return []FixCall{{"wrong", "The call as it is", fx.Wrong}, {"right", "The call that works", fx.Right}}
	}
	return nil
}

// Others is the call that works with each other client the fix has one
// for, captioned by the client's name.
func (fx Fix) Others() []FixCall {
	var others []FixCall
	for _, o := range []struct{ name, code string }{{"requests", fx.Requests}, {"curl", fx.Curl}, {"openssl", fx.OpenSSL}, {"Node.js", fx.Node}, {"Go", fx.Go}} {
		if o.code != "" {
			others = append(others, FixCall{"other", o.name, o.code})
		}
	}
	return others
}
