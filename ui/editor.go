package ui

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// Op is what an edit does.
type Op string

const (
	Set    Op = "set"    // set the field at Path to Value
	Add    Op = "add"    // "certs": add a certificate
	Remove Op = "remove" // "certs[i]": remove that certificate
	// GiveBadge sets all a courier's badge takes, in one action (see
	// scenario.GiveBadge).
	GiveBadge Op = "badge"
)

// Edit is one change a person makes in the editor.
type Edit struct {
	Op    Op
	Path  string
	Value string
}

// FocusAfter is the path of the input an edit, applied to e, leaves the
// person at, "" where it stays where it is: the name of a certificate just
// added (the button that adds one stays below it, and its fields came above).
func (e *Editor) FocusAfter(ed Edit) string {
	if ed.Op == Add && ed.Path == "certs" && len(e.S.Certs) > 0 {
		return fmt.Sprintf("certs[%d].name", len(e.S.Certs)-1)
	}
	return ""
}

// Editor is the scenario being edited. It may be invalid: the page then marks the
// fields and keeps showing the last good handshake.
type Editor struct {
	// S is the scenario as edited so far.
	S *scenario.Scenario
	// drafts holds the text of inputs that did not parse ("12x" days): the
	// scenario keeps its last value there, the input keeps what was typed.
	drafts map[string]string
	// parseErrs is why each draft did not parse.
	parseErrs map[string]string
	// problems is the validator's verdict on S, by input path.
	problems map[string][]string
	// general are the problems no input or group owns.
	general []string
	// also are problems filed under another input (see concerns) that mark
	// this one too, by input path: ErrCount counts them once, there.
	also map[string][]string
	// carried is, by certificate index, the name the references to that
	// certificate still carry while its name is retyped through an empty
	// name or another certificate's (see follow).
	carried map[int]string
}

// NewEditor starts editing a copy of s.
func NewEditor(s *scenario.Scenario) *Editor {
	e := &Editor{S: s.Clone()}
	e.revalidate()
	return e
}

// Valid reports whether the scenario can be run: everything parsed and the
// validator found nothing.
func (e *Editor) Valid() bool {
	return len(e.parseErrs) == 0 && len(e.problems) == 0 && len(e.general) == 0
}

// General are the problems that belong to no input, such as an unknown field of
// the scenario as a whole.
func (e *Editor) General() []string { return e.general }

// ErrCount is how many problems the editor shows.
func (e *Editor) ErrCount() int {
	n := len(e.parseErrs) + len(e.general)
	for _, ps := range e.problems {
		n += len(ps)
	}
	return n
}

// certPath splits "certs[2].dns" into 2 and "dns" ("" for "certs[2]").
func certPath(path string) (i int, field string, ok bool) {
	rest, found := strings.CutPrefix(path, "certs[")
	if !found {
		return 0, "", false
	}
	num, rest, found := strings.Cut(rest, "]")
	i, err := strconv.Atoi(num)
	if !found || err != nil || i < 0 || strconv.Itoa(i) != num {
		return 0, "", false
	}
	if rest == "" {
		return i, "", true
	}
	if field, found = strings.CutPrefix(rest, "."); !found || field == "" {
		return 0, "", false
	}
	return i, field, true
}

// Apply makes one edit. It returns an error only for an edit the editor never
// offers (an unknown path): a value that does not parse or a scenario that does
// not validate is recorded against its field instead.
func (e *Editor) Apply(ed Edit) error {
	next := e.S.Clone()
	var setErr error
	switch {
	case ed.Op == Add && ed.Path == "certs":
		next.Certs = append(next.Certs, newCert(next))
	case ed.Op == Remove:
		i, field, ok := certPath(ed.Path)
		if !ok || field != "" {
			return fmt.Errorf("cannot remove %q", ed.Path)
		}
		if i >= len(next.Certs) {
			return fmt.Errorf("no certificate %s", ed.Path)
		}
		next.Certs = slices.Delete(next.Certs, i, i+1)
		// The certificates after it move up, and their drafts with them;
		// its own go.
		e.drafts, e.parseErrs = movedUp(e.drafts, i), movedUp(e.parseErrs, i)
		e.carried = carriedUp(e.carried, i)
	case ed.Op == GiveBadge:
		scenario.GiveBadge(next)
	case ed.Op == Set || ed.Op == "":
		var known bool
		known, setErr = set(next, ed.Path, ed.Value)
		if !known {
			return fmt.Errorf("no editor field %q", ed.Path)
		}
		if i, field, _ := certPath(ed.Path); field == "name" && setErr == nil {
			e.follow(next, i, e.S.Certs[i].Name)
		}
	default:
		return fmt.Errorf("unknown edit %q", ed.Op)
	}
	if setErr != nil {
		if e.drafts == nil {
			e.drafts, e.parseErrs = map[string]string{}, map[string]string{}
		}
		e.drafts[ed.Path], e.parseErrs[ed.Path] = ed.Value, setErr.Error()
	} else {
		delete(e.drafts, ed.Path)
		delete(e.parseErrs, ed.Path)
		e.S = next
	}
	e.revalidate()
	return nil
}

// set writes value into the field at path. known is false for a path the editor
// has no input for.
// carriedUp is carried (Editor.carried) once certificate removed is
// removed: its own entry dropped, those of the certificates after it
// renumbered.
func carriedUp(carried map[int]string, removed int) map[int]string {
	if len(carried) == 0 {
		return carried
	}
	up := make(map[int]string, len(carried))
	for i, name := range carried {
		switch {
		case i < removed:
			up[i] = name
		case i > removed:
			up[i-1] = name
		}
	}
	return up
}

// movedUp is m, keyed by the paths of the editor's inputs, once certificate
// removed is removed: its own inputs' entries dropped, those of the
// certificates after it renumbered.
func movedUp(m map[string]string, removed int) map[string]string {
	out := make(map[string]string, len(m))
	for path, v := range m {
		switch i, field, ok := certPath(path); {
		case !ok || i < removed:
			out[path] = v
		case i > removed:
			out[certField(i-1, field)] = v
		}
	}
	return out
}

// certField is the path of certificate i's field ("" for the certificate),
// as certPath reads it.
func certField(i int, field string) string {
	if field == "" {
		return fmt.Sprintf("certs[%d]", i)
	}
	return fmt.Sprintf("certs[%d].%s", i, field)
}

func set(s *scenario.Scenario, path, value string) (known bool, err error) {
	if i, name, ok := certPath(path); ok {
		if i >= len(s.Certs) || name == "" {
			return false, nil
		}
		f, ok := lookup(certFields, name)
		if !ok {
			return false, nil
		}
		return true, setField(f, &s.Certs[i], value)
	}
	for _, t := range []struct {
		prefix string
		apply  func(name string) (bool, error)
	}{
		{"client.", func(n string) (bool, error) { return apply(clientFields, &s.Client, n, value) }},
		{"client.", func(n string) (bool, error) { return apply(envFields, &s.Client, n, value) }},
		{"server.", func(n string) (bool, error) { return apply(serverFields, &s.Server, n, value) }},
		{"", func(n string) (bool, error) { return apply(imposterFields, s, n, value) }},
		{"", func(n string) (bool, error) { return apply(storyFields, s, n, value) }},
	} {
		if name, ok := strings.CutPrefix(path, t.prefix); ok {
			if known, err := t.apply(name); known {
				return true, err
			}
		}
	}
	return false, nil
}

func apply[T any](fields []field[T], target T, name, value string) (bool, error) {
	f, ok := lookup(fields, name)
	if !ok {
		return false, nil
	}
	return true, setField(f, target, value)
}

// setField writes value unless it is what the field already shows: an unset
// enum shows as its default ("none"), and choosing that again must not turn a
// preset into an edited scenario.
func setField[T any](f field[T], target T, value string) error {
	if f.get(target) == value {
		return nil
	}
	return f.set(target, value)
}

func lookup[T any](fields []field[T], name string) (field[T], bool) {
	for _, f := range fields {
		if f.name == name {
			return f, true
		}
	}
	return field[T]{}, false
}

// follow makes the references to certificate i follow it to the name it was
// just given, as a person renaming "leaf" expects, keystroke by keystroke.
// Through a name that cannot be followed, empty (an empty issuer would mean
// self-signed) or another certificate's (its references would merge with this
// one's, for good), they keep the last name they followed, and the validator
// says they dangle; the next name that can be followed takes them along. They
// never take another certificate's references: not when a name is typed as
// one another certificate has, nor when another took the name they carry
// meanwhile.
func (e *Editor) follow(s *scenario.Scenario, i int, old string) {
	from, ok := e.carried[i]
	if !ok {
		from = old
	}
	to := s.Certs[i].Name
	if to == "" || named(s, to, i) {
		if e.carried == nil {
			e.carried = map[int]string{}
		}
		e.carried[i] = from
		return
	}
	delete(e.carried, i)
	if !named(s, from, i) {
		rename(s, from, to)
	}
}

// named reports whether a certificate other than the i-th is called name.
func named(s *scenario.Scenario, name string, i int) bool {
	for j, c := range s.Certs {
		if j != i && c.Name == name {
			return true
		}
	}
	return false
}

// rename makes every reference to the name from one to the name to.
func rename(s *scenario.Scenario, from, to string) {
	if from == "" || to == "" || from == to {
		return
	}
	swap := func(list []string) {
		for i, n := range list {
			if n == from {
				list[i] = to
			}
		}
	}
	for i := range s.Certs {
		if s.Certs[i].Issuer == from {
			s.Certs[i].Issuer = to
		}
	}
	swap(s.Server.Send)
	swap(s.Server.ClientCAs)
	swap(s.Client.Bundle)
	swap(s.Client.OSStore)
	for i := range s.Client.Env {
		swap(s.Client.Env[i].Certs)
	}
	if s.Server.Key == from {
		s.Server.Key = to
	}
	if s.Client.Badge == from {
		s.Client.Badge = to
	}
	if s.Imposter != nil {
		swap(s.Imposter.Send)
	}
	if s.Server.ByName != nil {
		swap(s.Server.ByName.Send)
	}
}

// newCert is the certificate "add a certificate" creates: a leaf for a new name,
// signed by the first CA, valid for a quarter, with a name no other uses.
func newCert(s *scenario.Scenario) pki.Spec {
	name := "cert"
	for n := len(s.Certs) + 1; s.Spec(name) != nil; n++ {
		name = "cert-" + strconv.Itoa(n)
	}
	c := pki.Spec{Name: name, CommonName: name + ".example", DNSNames: []string{name + ".example"},
		NotBefore: -1, NotAfter: 90, Key: pki.ECDSAP256,
		KeyUsage: []string{pki.KUDigitalSignature}, ExtKeyUsage: []string{pki.EKUServerAuth}}
	for _, o := range s.Certs {
		if o.IsCA {
			c.Issuer = o.Name
			break
		}
	}
	return c
}

// revalidate files the validator's problems under the inputs they concern.
func (e *Editor) revalidate() {
	e.problems, e.general, e.also = nil, nil, nil
	err := e.S.Validate()
	if err == nil {
		return
	}
	ps, ok := errors.AsType[scenario.Problems](err)
	if !ok {
		e.general = []string{err.Error()}
		return
	}
	e.problems = map[string][]string{}
	e.also = map[string][]string{}
	paths := e.paths()
	for _, p := range ps {
		if at := concerns[p.Field]; len(at) > 0 && paths[at[0]] {
			e.problems[at[0]] = append(e.problems[at[0]], p.Message)
			for _, also := range at[1:] {
				e.also[also] = append(e.also[also], p.Message)
			}
		} else if at := Locate(envInputPath(e.S, p.Field), paths); at != "" {
			e.problems[at] = append(e.problems[at], p.Message)
		} else {
			e.general = append(e.general, p.Error())
		}
	}
}

// concerns are the inputs a problem is about that the validator files
// under no input of its own, the first one counting it: filed under the
// group it would be said only in the group's line, marking no field, where
// the page says the problems are marked.
var concerns = map[string][]string{
	// A bank choosing its certificate by name that also asks for badges.
	"server.by_name": {"server.by_name.name", "server.client_auth"},
}

// paths is every input path and group id of the current form.
func (e *Editor) paths() map[string]bool {
	// The number of certificates is said beside the button that adds one.
	paths := map[string]bool{addPath: true}
	for _, g := range e.layout() {
		paths[g.ID] = true
		for _, in := range g.Inputs {
			paths[in.Path] = true
		}
	}
	return paths
}

// addPath is the path of the certificates as a list: "Add a certificate"
// adds to it, and the validator says there how many it may hold.
const addPath = "certs"

// Adding is what the editor says beside its "Add a certificate" button,
// where the person adding one looks: whether the button is off (the
// scenario holds as many certificates as it may), and why, or the
// validator's problem with how many it holds.
func (e *Editor) Adding() (disabled bool, say string) {
	if ps := e.problems[addPath]; len(ps) > 0 {
		return true, strings.Join(ps, " · ") + ": remove one to run the handshake again."
	}
	if len(e.S.Certs) >= scenario.MaxCerts {
		return true, fmt.Sprintf("A scenario holds at most %d certificates: remove one to add another.", scenario.MaxCerts)
	}
	return false, ""
}

// Locate maps a validator field path to the editor input (or group) that shows
// it: the path itself if it is an input, else its nearest ancestor that is
// ("certs[2].dns[0]" → "certs[2].dns", "server.send[1]" → "server.send").
// It returns "" when nothing on the form owns the path.
func Locate(field string, paths map[string]bool) string {
	for p := field; p != ""; {
		if paths[p] {
			return p
		}
		p = parent(p)
	}
	return ""
}

// parent drops the last element of a path: an index ("[0]") or a field
// (".dns"); "" when nothing is left to drop.
func parent(p string) string {
	if strings.HasSuffix(p, "]") {
		if i := strings.LastIndexByte(p, '['); i > 0 {
			return p[:i]
		}
		return ""
	}
	if i := strings.LastIndexByte(p, '.'); i > 0 {
		return p[:i]
	}
	return ""
}

// Form is the editor as groups of inputs, with current values, the text of
// drafts that did not parse, and every problem filed under its input.
func (e *Editor) Form() []Group {
	groups := e.layout()
	for gi := range groups {
		g := &groups[gi]
		g.Problems = e.problems[g.ID]
		g.Open = g.Open || len(g.Problems) > 0
		for ii := range g.Inputs {
			in := &g.Inputs[ii]
			if d, ok := e.drafts[in.Path]; ok {
				// The validator's problems there are the last parsed value's,
				// not the text on screen's.
				in.Value = d
				in.Problems = append(in.Problems, e.parseErrs[in.Path])
			} else {
				in.Problems = append(in.Problems, e.problems[in.Path]...)
			}
			in.Problems = append(in.Problems, e.also[in.Path]...)
			g.Open = g.Open || len(in.Problems) > 0
			g.AdvancedOpen = g.AdvancedOpen || in.Advanced && (in.Value != "" || len(in.Problems) > 0)
		}
		g.Open = g.Open || g.AdvancedOpen
	}
	return groups
}

// layout is the editor's groups and inputs for the scenario, without problems.
func (e *Editor) layout() []Group {
	s := e.S
	groups := []Group{
		{ID: "client", Title: "The courier (client, Python requests)", Open: true,
			Note: "what requests.get(url, verify=…, cert=…) is called with", Inputs: inputs(clientFields, s, &s.Client, "client."),
			Actions: []Action{badgeAction(s)}},
		{ID: "client.env", Title: "The courier's environment", Open: s.Client.Session != nil || len(s.Client.Env) > 0 || len(s.Client.OSStore) > 0 || s.Client.Truststore,
			Note: "which CA bundle each client reads: a Session, the variables, the machine's store", Inputs: inputs(envFields, s, &s.Client, "client.")},
		{ID: "server", Title: "The bank (server)", Open: true, Note: "what it sends and what it demands", Inputs: inputs(serverFields, s, &s.Server, "server.")},
		{ID: "mitm", Title: "A man in the middle", Open: s.Imposter != nil, Note: "someone else answering to the bank's name", Inputs: inputs(imposterFields, s, s, "")},
		{ID: "about", Title: "The story and the clock", Open: true, Inputs: inputs(storyFields, s, s, "")},
	}
	answering, _ := s.Answering()
	for i := range s.Certs {
		c := &s.Certs[i]
		id := certField(i, "")
		groups = append(groups, Group{ID: id, Title: "Certificate " + strconv.Quote(c.Name), Note: certNote(s, c),
			Removable: len(s.Certs) > 1, Inputs: inputs(certFields, s, c, id+"."),
			Open: len(answering) > 0 && answering[0] == c.Name || s.Client.Cert.HasBadge() && s.Client.Badge == c.Name})
	}
	return groups
}

func inputs[T any](fields []field[T], s *scenario.Scenario, target T, prefix string) []Input {
	out := make([]Input, len(fields))
	for i, f := range fields {
		in := Input{Path: prefix + f.name, Label: f.label, Kind: f.kind, Hint: f.hint, Short: f.short, Advanced: f.advanced, Value: f.get(target)}
		if f.options != nil {
			in.Options = f.options(s, target)
		}
		out[i] = in
	}
	return out
}

// badgeAction is "Give the courier a badge": done already (disabled) when
// it would change nothing.
func badgeAction(s *scenario.Scenario) Action {
	given := s.Clone()
	scenario.GiveBadge(given)
	return Action{Op: GiveBadge, Path: "client", Label: "Give the courier a badge",
		Hint:     "in one go: a badge from an office the bank trusts, cert=('client.crt', 'client.key'), and a bank that demands and checks it",
		Disabled: reflect.DeepEqual(given, s)}
}

// certNote says in a few words what role a certificate plays.
func certNote(s *scenario.Scenario, c *pki.Spec) string {
	var roles []string
	if c.SelfSigned() && c.IsCA {
		roles = append(roles, "a root")
	} else if c.IsCA {
		roles = append(roles, "an intermediate CA")
	}
	if c.Public {
		roles = append(roles, "publicly trusted")
	}
	if i := slices.Index(s.Server.Send, c.Name); i == 0 {
		roles = append(roles, "the bank's own")
	} else if i > 0 {
		roles = append(roles, "sent by the bank")
	}
	if slices.Contains(s.Client.Bundle, c.Name) && s.Client.Verify == scenario.VerifyBundle {
		roles = append(roles, "in the courier's bundle")
	}
	if s.Client.Badge == c.Name && s.Client.Cert.HasBadge() {
		roles = append(roles, "the courier's badge")
	}
	if slices.Contains(s.Server.ClientCAs, c.Name) {
		roles = append(roles, "issues badges the bank trusts")
	}
	if n := s.Server.ByName; n != nil && slices.Contains(n.Send, c.Name) {
		roles = append(roles, "sent by the bank to a courier naming "+n.Name)
	}
	if s.Imposter != nil && slices.Contains(s.Imposter.Send, c.Name) {
		roles = append(roles, "shown by the imposter")
	}
	if len(roles) == 0 {
		return "not used"
	}
	return strings.Join(roles, ", ")
}
