package scenario

import "strings"

// Nearest are the stories a mistyped id may mean, best first, at most
// three: the one whose id it is in another case; else those whose id holds
// it; else those a typo or two away (an edit distance of at most 2, or a
// third of its length). None for a word like no story's.
func Nearest(id string) []string {
	word := strings.ToLower(strings.TrimSpace(id))
	if word == "" {
		return nil
	}
	if p := Lookup(word); p != nil {
		return []string{p.ID}
	}
	var holding, near []string
	limit := max(2, len(word)/3) // the farthest a typo may be
	best := limit + 1
	for _, p := range Presets {
		if strings.Contains(p.ID, word) {
			holding = append(holding, p.ID)
		}
		switch d := distance(word, p.ID); {
		case d < best:
			best, near = d, []string{p.ID}
		case d == best && d <= limit:
			near = append(near, p.ID)
		}
	}
	out := holding
	if len(out) == 0 {
		out = near
	}
	return out[:min(3, len(out))]
}

// distance is the Levenshtein distance between a and b, in bytes (story
// ids are ASCII).
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
