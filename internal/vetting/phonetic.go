package vetting

import "strings"

// skeleton returns the phonetic key of a Latin spelling: its consonants,
// with sounds that transliterations spell differently made one (kh, ch, q,
// c and k; ph and f; z and s; v and f...), vowels, w and y dropped, a final
// h dropped and doubled letters collapsed. Arabic writes no short vowels and
// Latin spellings of the same name differ mostly in vowels, so the key ties
// محمد, Muhammad and Mohamed together ("mhmd").
func skeleton(f string) string {
	var b strings.Builder
	b.Grow(len(f))
	var last byte
	emit := func(c byte) {
		if c != last {
			b.WriteByte(c)
			last = c
		}
	}
	for i := 0; i < len(f); i++ {
		c := f[i]
		var next byte
		if i+1 < len(f) {
			next = f[i+1]
		}
		switch {
		case c == 's' && next == 'c' && i+2 < len(f) && f[i+2] == 'h':
			emit('s')
			i += 2
			continue
		case next == 'h' && (c == 's' || c == 'c' || c == 'z'):
			emit('s')
			i++
			continue
		case next == 'h' && (c == 'k' || c == 'g' || c == 't' || c == 'd' || c == 'p'):
			emit(map[byte]byte{'k': 'k', 'g': 'g', 't': 't', 'd': 'd', 'p': 'f'}[c])
			i++
			continue
		case c == 'd' && (next == 'j' || next == 'z'):
			emit('j')
			i++
			continue
		case c == 't' && (next == 's' || next == 'z'):
			emit('s')
			i++
			continue
		case c == 'c' && next == 'k':
			emit('k')
			i++
			continue
		}
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'y', 'w':
			last = 0
		case 'h':
			if i == len(f)-1 {
				continue
			}
			emit('h')
		case 'c', 'q', 'k':
			emit('k')
		case 'x':
			emit('k')
			emit('s')
		case 'z':
			emit('s')
		case 'v', 'f':
			emit('f')
		case 'p':
			emit('b')
		default:
			emit(c)
		}
	}
	return b.String()
}

// damerau returns the optimal string alignment distance between a and b
// (insertions, deletions, substitutions and adjacent transpositions), or
// max+1 as soon as it must exceed max.
func damerau(a, b string, max int) int {
	if d := len(a) - len(b); d > max || -d > max {
		return max + 1
	}
	n, m := len(a), len(b)
	var buf [3][40]int
	if m+1 > 40 {
		return max + 1
	}
	prev2, prev, cur := buf[0][:m+1], buf[1][:m+1], buf[2][:m+1]
	for j := 0; j <= m; j++ {
		prev[j] = j
	}
	for i := 1; i <= n; i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= m; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	if prev[m] > max {
		return max + 1
	}
	return prev[m]
}

// bagDistance returns a lower bound of the edit distance of two spellings
// of letters a to z (the larger count of letters one has and the other
// lacks, which no edit changes by more than one), or 0 when either holds
// another byte.
func bagDistance(a, b string) int {
	var n [26]int8
	for i := 0; i < len(a); i++ {
		c := a[i] - 'a'
		if c >= 26 {
			return 0
		}
		n[c]++
	}
	for i := 0; i < len(b); i++ {
		c := b[i] - 'a'
		if c >= 26 {
			return 0
		}
		n[c]--
	}
	more, less := 0, 0
	for _, x := range n {
		if x > 0 {
			more += int(x)
		} else {
			less -= int(x)
		}
	}
	return max(more, less)
}

// jaroWinkler returns the Jaro-Winkler similarity of a and b, in [0, 1].
func jaroWinkler(a, b string) float64 {
	if a == b {
		return 1
	}
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 || la > 64 || lb > 64 {
		return 0
	}
	window := max(la, lb)/2 - 1
	if window < 0 {
		window = 0
	}
	var ma, mb uint64
	matches := 0
	for i := 0; i < la; i++ {
		lo, hi := max(0, i-window), min(lb-1, i+window)
		for j := lo; j <= hi; j++ {
			if mb&(1<<j) == 0 && a[i] == b[j] {
				ma |= 1 << i
				mb |= 1 << j
				matches++
				break
			}
		}
	}
	if matches == 0 {
		return 0
	}
	t, j := 0, 0
	for i := 0; i < la; i++ {
		if ma&(1<<i) == 0 {
			continue
		}
		for mb&(1<<j) == 0 {
			j++
		}
		if a[i] != b[j] {
			t++
		}
		j++
	}
	m := float64(matches)
	jaro := (m/float64(la) + m/float64(lb) + (m-float64(t)/2)/m) / 3
	prefix := 0
	for prefix < 4 && prefix < la && prefix < lb && a[prefix] == b[prefix] {
		prefix++
	}
	return jaro + float64(prefix)*0.1*(1-jaro)
}

// maxTypos is how many edits a word of n letters may carry and still count
// as the same word misspelt.
func maxTypos(n int) int {
	switch {
	case n < 4:
		return 0
	case n < 8:
		return 1
	}
	return 2
}

// deletes returns the spellings of f with one letter left out, the keys of
// the symmetric-delete typo index.
func deletes(f string) []string {
	if len(f) < 4 || len(f) > 20 {
		return nil
	}
	out := make([]string, 0, len(f))
	for i := 0; i < len(f); i++ {
		if i > 0 && f[i] == f[i-1] {
			continue
		}
		out = append(out, f[:i]+f[i+1:])
	}
	return out
}
