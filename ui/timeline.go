package ui

import (
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/tlsplay/tlsplay/handshake"
	"github.com/tlsplay/tlsplay/handshake/wire"
	"github.com/tlsplay/tlsplay/scenario"
)

// BeatKind says how a beat of the sequence diagram is drawn.
type BeatKind string

const (
	Flight   BeatKind = "flight" // a record crossing from one lane to the other
	CheckRun BeatKind = "checks" // checks one side makes, drawn on its lane
	Secret   BeatKind = "secret" // a secret of the key schedule, learned on a lane
	Event    BeatKind = "event"  // anything else that happens on one lane
)

// Beat is one step of the animation: a record in flight with the messages it
// carries, or a run of checks, or a secret learned.
type Beat struct {
	Kind BeatKind
	// Side sent the record, or made the checks, or learned the secret.
	Side handshake.Side
	// Step is the trace step of the beat (for a flight, the record's step).
	Step int
	// Items are the trace steps shown inside the beat: a record's messages, a
	// run's checks.
	Items []int
	Label string
	// Sub is a second line: the record's size, how the checks went.
	Sub       string
	Encrypted bool
	// Alert is set when the beat carries an alert; Fatal when one of them is.
	Alert, Fatal bool
	// Failed is set when a check in the beat failed (and was enforced);
	// Verdict when it holds the check the verdict on screen is about,
	// VerdictCheck.
	Failed, Verdict bool
	VerdictCheck    int
	// Words are the beat in plain words (BeatWords), shown as the animation
	// reaches it.
	Words string
}

// Timeline turns a trace into beats in wire order, the verdict Go's.
func Timeline(t *handshake.Trace) []Beat { return TimelineAbout(t, t.Outcome.Check) }

// TimelineAbout is Timeline where the verdict on screen is about check step
// about (Verdict.AboutStep: the chosen client's), -1 for none.
func TimelineAbout(t *handshake.Trace, about int) []Beat {
	var beats []Beat
	// A record carrying only the first part of a message too long for one is
	// called by that message and its part.
	parts := map[int]string{}
	for _, st := range t.Steps {
		for k, r := range st.Records {
			if r != st.Record {
				parts[r] = fmt.Sprintf("%s (part %d of %d)", st.Name, k+1, len(st.Records))
			}
		}
	}
	for i := 0; i < len(t.Steps); i++ {
		st := &t.Steps[i]
		switch st.Kind {
		case handshake.KindRecord:
			b := Beat{Kind: Flight, Side: st.Side, Step: i, Encrypted: st.Encrypted}
			var names []string
			for j := i + 1; j < len(t.Steps) && t.Steps[j].Record == i && t.Steps[j].Kind != handshake.KindRecord; j++ {
				in := &t.Steps[j]
				b.Items = append(b.Items, j)
				// An alert by its name in words ("bad certificate").
				names = append(names, strings.ReplaceAll(strings.TrimPrefix(in.Name, "alert: "), "_", " "))
				if in.Kind == handshake.KindAlert {
					b.Alert = true
					b.Fatal = b.Fatal || len(in.Bytes) == 2 && in.Bytes[0] == 2
				}
			}
			switch part, ok := parts[i]; {
			case len(b.Items) > 0:
				i = b.Items[len(b.Items)-1]
			case ok:
				names = []string{part}
			default:
				names = []string{st.Name}
			}
			b.Label = strings.Join(names, " + ")
			if b.Alert {
				b.Label = "alert: " + b.Label
			}
			b.Sub = wire.ByteCount(len(st.Bytes))
			beats = append(beats, b)
		case handshake.KindCheck:
			b := Beat{Kind: CheckRun, Side: st.Side, Step: i}
			for j := i; j < len(t.Steps) && t.Steps[j].Kind == handshake.KindCheck && t.Steps[j].Side == st.Side; j++ {
				c := &t.Steps[j]
				b.Items = append(b.Items, j)
				if CheckState(c) == Fail {
					b.Failed = true
				}
				if j == about {
					b.Verdict, b.VerdictCheck = true, j
				}
			}
			i = b.Items[len(b.Items)-1]
			b.Label, b.Sub = checksLabel(t, b)
			beats = append(beats, b)
		case handshake.KindSecret:
			beats = append(beats, Beat{Kind: Secret, Side: st.Side, Step: i, Items: []int{i}, Label: st.Name, Sub: "key schedule"})
		default:
			beats = append(beats, Beat{Kind: Event, Side: st.Side, Step: i, Items: []int{i}, Label: st.Name, Sub: st.Detail})
		}
	}
	for k := range beats {
		beats[k].Words = beatWords(t, beats[k], about)
	}
	return beats
}

// checksLabel names a run of checks: who checked and how it went.
// checkCounts counts the beat's checks that failed and those that would
// have failed had they been enforced.
func checkCounts(t *handshake.Trace, b Beat) (failed, advisory int) {
	for _, j := range b.Items {
		switch CheckState(&t.Steps[j]) {
		case Fail:
			failed++
		case Advisory:
			advisory++
		}
	}
	return failed, advisory
}

func checksLabel(t *handshake.Trace, b Beat) (label, sub string) {
	who := "the courier checks"
	if b.Side == handshake.Server {
		who = "the bank checks"
	}
	if len(b.Items) == 1 {
		q, _ := CheckWords(&t.Steps[b.Items[0]])
		label = who + ": " + q
	} else {
		label = fmt.Sprintf("%s %d things", who, len(b.Items))
	}
	failed, advisory := checkCounts(t, b)
	switch {
	case failed > 0:
		sub = fmt.Sprintf("%d failed", failed)
	case advisory > 0:
		sub = fmt.Sprintf("%d would fail, but %s", advisory, notEnforced(t, b.Side, advisory))
	default:
		sub = "all pass"
	}
	return label, sub
}

// notEnforced says why n failing checks on side did not stop the handshake.
func notEnforced(t *handshake.Trace, side handshake.Side, n int) string {
	them := "it"
	if n > 1 {
		them = "them"
	}
	switch {
	case side == handshake.Server:
		return "the bank does not verify badges"
	case t.Scenario != nil && t.Scenario.Client.Verify == scenario.VerifyFalse:
		return "verify=False ignores " + them
	}
	// Checks Go does not make itself (a key's strength): OpenSSL-based clients do.
	return "Go does not enforce " + them
}

// How a check went.
const (
	Pass     = "pass"
	Fail     = "fail"
	Advisory = "advisory" // it failed, but verify=False does not enforce it
)

// CheckState says how a check step went: Pass, Fail or Advisory.
func CheckState(st *handshake.Step) string {
	switch {
	case st.OK == nil || *st.OK:
		return Pass
	case st.Advisory:
		return Advisory
	}
	return Fail
}

// Speeds are the player's speeds, slowest first.
var Speeds = []float64{0.5, 1, 2, 4}

// beatInterval is how long a beat stays on stage at speed 1.
const beatInterval = 700 * time.Millisecond

// Player is the animation's state: how many beats are on stage, whether it
// plays, and how fast. The page ticks it on a timer and draws Shown beats.
type Player struct {
	N       int  // beats in the timeline
	Shown   int  // beats on stage, 0..N; the newest is the current one
	Playing bool // advancing on every tick
	Speed   float64
}

// NewPlayer starts a player for n beats. With motion it plays from the start;
// for a person who prefers reduced motion, and for a re-run after an edit
// (where replaying the whole story on every keystroke would only distract),
// it shows everything at once.
func NewPlayer(n int, animate bool, speed float64) Player {
	if speed <= 0 {
		speed = 1
	}
	p := Player{N: n, Speed: speed}
	if animate && n > 0 {
		p.Shown, p.Playing = 1, n > 1
	} else {
		p.Shown = n
	}
	return p
}

// Current is the index of the newest beat on stage, -1 if none.
func (p Player) Current() int { return p.Shown - 1 }

// Done reports whether every beat is on stage.
func (p Player) Done() bool { return p.Shown >= p.N }

// Interval is the time between ticks at the player's speed.
func (p Player) Interval() time.Duration { return time.Duration(float64(beatInterval) / p.Speed) }

// Tick advances a playing player by one beat, stopping at the end.
func (p Player) Tick() Player {
	if !p.Playing {
		return p
	}
	p = p.Forward()
	p.Playing = !p.Done()
	return p
}

// Play starts playing, from the start if it had finished.
func (p Player) Play() Player {
	if p.Done() {
		p.Shown = min(1, p.N)
	}
	p.Playing = p.N > 0 && !p.Done()
	return p
}

// Pause stops advancing.
func (p Player) Pause() Player { p.Playing = false; return p }

// Toggle plays a paused player and pauses a playing one.
func (p Player) Toggle() Player {
	if p.Playing {
		return p.Pause()
	}
	return p.Play()
}

// Forward shows one more beat.
func (p Player) Forward() Player { p.Shown = min(p.Shown+1, p.N); return p }

// Back takes the newest beat off stage and pauses: stepping back is for looking.
func (p Player) Back() Player { p.Shown = max(p.Shown-1, min(1, p.N)); p.Playing = false; return p }

// Restart plays from the first beat.
func (p Player) Restart() Player { p.Shown = 0; return p.Play() }

// Faster and Slower move through Speeds.
func (p Player) Faster() Player { p.Speed = nextSpeed(p.Speed, 1); return p }
func (p Player) Slower() Player { p.Speed = nextSpeed(p.Speed, -1); return p }

func nextSpeed(cur float64, dir int) float64 {
	i := 0
	for j, s := range Speeds {
		if s <= cur {
			i = j
		}
	}
	return Speeds[min(max(i+dir, 0), len(Speeds)-1)]
}

// SpeedLabel is a speed as the page shows it: "0.5×", "2×".
func SpeedLabel(speed float64) string {
	return strings.TrimSuffix(strings.TrimSuffix(fmt.Sprintf("%.1f", speed), "0"), ".") + "×"
}

// playerKeys are the player's keyboard shortcuts, by KeyboardEvent.key, for
// when the focus is on the handshake (and not in a text field): a list, not a
// map, so that it is data in the program and not code that builds a map.
var playerKeys = []struct {
	key string
	do  func(Player) Player
}{
	{" ", Player.Toggle},
	{"k", Player.Toggle},
	{"ArrowLeft", Player.Back},
	{"ArrowRight", Player.Forward},
	{"Home", Player.Restart},
	{"+", Player.Faster},
	{"=", Player.Faster},
	{"-", Player.Slower},
}

// PlayerKey is what the player's keyboard shortcut key (a KeyboardEvent.key)
// does, false if key is none.
func PlayerKey(key string) (func(Player) Player, bool) {
	for _, k := range playerKeys {
		if k.key == key {
			return k.do, true
		}
	}
	return nil, false
}

// DefaultSelection is the step the inspector opens on: the certificate the
// verdict is about (the courier's badge when the bank refused, else the bank's),
// else the first message, else the first step.
func DefaultSelection(t *handshake.Trace) int {
	want := handshake.Server
	if o := t.Outcome; o.Side != nil && *o.Side == handshake.Server && !o.OK {
		want = handshake.Client
	}
	first := -1
	for i, st := range t.Steps {
		if st.Kind != handshake.KindMessage {
			continue
		}
		if st.IsMessage(wire.TypeCertificate) && st.Side == want {
			return i
		}
		if first < 0 {
			first = i
		}
	}
	return max(first, 0)
}

// Reselect finds in a new trace the step the inspector showed in the old one
// (the same kind of step, by the same side, with the same name, as often seen
// before it), so an edit does not move the view; else DefaultSelection.
func Reselect(old *handshake.Trace, selected int, t *handshake.Trace) int {
	if old == nil || selected < 0 || selected >= len(old.Steps) {
		return DefaultSelection(t)
	}
	key := func(st *handshake.Step) string { return st.Side.String() + st.Kind.String() + st.Name }
	want := key(&old.Steps[selected])
	nth := 0
	for i := range selected {
		if key(&old.Steps[i]) == want {
			nth++
		}
	}
	for i := range t.Steps {
		if key(&t.Steps[i]) == want {
			if nth == 0 {
				return i
			}
			nth--
		}
	}
	return DefaultSelection(t)
}

// SameStep reports whether step i reads the same in two traces: the inspector
// showing it need not be drawn again. A secret's step also shows the key log.
func SameStep(old, t *handshake.Trace, i int) bool {
	if old == nil || t == nil || i < 0 || i >= len(old.Steps) || i >= len(t.Steps) {
		return false
	}
	a, b := &old.Steps[i], &t.Steps[i]
	if a.Kind == handshake.KindSecret && old.KeyLog != t.KeyLog {
		return false
	}
	return reflect.DeepEqual(a, b)
}

// StepLabel is a step's name as the diagram shows it: an alert by its name
// in words ("alert: bad certificate"), not its identifier.
func StepLabel(st *handshake.Step) string {
	if st.Kind == handshake.KindAlert {
		return strings.ReplaceAll(st.Name, "_", " ")
	}
	return st.Name
}
