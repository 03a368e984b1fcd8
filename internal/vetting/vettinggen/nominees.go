package vettinggen

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode/utf8"

	"github.com/custos-ssa/custos/internal/vetting"
)

// Nominees returns n nominees from seed drawn from the corpus: each class
// of Classes in turn applied to a random suitable record, and one nominee in
// ten a fresh name that is in no record (class no_match).
func Nominees(seed uint64, recs []vetting.Record, latin []string, n int) []Nominee {
	rng := rand.New(rand.NewPCG(seed, 0x0a11))
	out := make([]Nominee, 0, n)
	for i := 0; len(out) < n; i++ {
		if i%10 == 9 {
			r, _ := person(rng, "")
			r.Name = latinGiven[rng.IntN(len(latinGiven))] + " " + latinSurname(rng) + " " + latinSurname(rng)
			out = append(out, Nominee{Record: vetting.Record{ID: fmt.Sprintf("N%07d", len(out)), Kind: vetting.Person, Name: r.Name}, Class: NoMatch})
			continue
		}
		class := Classes[i%len(Classes)]
		for try := 0; try < 50; try++ {
			j := rng.IntN(len(recs))
			name, ok := variant(rng, class, recs[j], latin[j])
			if !ok {
				continue
			}
			out = append(out, Nominee{Record: vetting.Record{ID: fmt.Sprintf("N%07d", len(out)), Kind: recs[j].Kind, Name: name}, TrueID: recs[j].ID, Class: class})
			break
		}
	}
	return out
}

// variant applies a variant class to a record's name, and reports whether
// the class applies to that record.
func variant(rng *rand.Rand, class string, r vetting.Record, latin string) (string, bool) {
	isUnit := r.Kind == vetting.Unit
	if (class == UnitAbbrev) != isUnit {
		return "", false
	}
	if class == Transliterated {
		return latin, latin != ""
	}
	if latin != "" && class != Exact {
		return "", false // other classes work on Latin-script names
	}
	words := strings.Fields(r.Name)
	switch class {
	case Exact:
		return r.Name, true
	case OrderSwap:
		return strings.Join(append(words[len(words)-1:], words[:len(words)-1]...), " "), true
	case MissingMiddle:
		if len(words) < 3 {
			return "", false
		}
		return words[0] + " " + words[len(words)-1], true
	case RankPrefix:
		ranks := []string{"Col.", "Colonel", "Coronel", "Général", "Lt.", "Capt.", "Sgt.", "Major", "Commandant", "Gen."}
		return ranks[rng.IntN(len(ranks))] + " " + r.Name, true
	case Diacritics:
		repl := strings.NewReplacer("e", "é", "a", "à", "o", "ô", "u", "ü", "i", "ï", "c", "ç", "n", "ñ")
		w := rng.IntN(len(words))
		words[w] = repl.Replace(words[w])
		return strings.Join(words, " "), true
	case Typo:
		w := len(words) - 1 // the surname, the rarest part
		rs := []rune(words[w])
		if len(rs) < 5 {
			return "", false
		}
		k := 1 + rng.IntN(len(rs)-2)
		switch rng.IntN(3) {
		case 0:
			rs[k], rs[k+1] = rs[k+1], rs[k]
		case 1:
			rs[k] = rune("aeioubdklmnrst"[rng.IntN(14)])
		default:
			rs = append(rs[:k], rs[k+1:]...)
		}
		words[w] = string(rs)
		return strings.Join(words, " "), true
	case UnitAbbrev:
		return unitAbbrev(rng, r.Name)
	}
	return "", false
}

// unitAbbrev rewrites "3rd Infantry Battalion Kivu X" as "3 BI Kivu X",
// "3e Bataillon d'Infanterie Kivu X" or "3 Inf Bn Kivu X".
func unitAbbrev(rng *rand.Rand, name string) (string, bool) {
	first, rest, _ := strings.Cut(name, " ")
	num := strings.TrimRight(first, "stndrh")
	if strings.HasPrefix(rest, "Infantry Battalion ") && rng.IntN(2) == 0 {
		place := strings.TrimPrefix(rest, "Infantry Battalion ")
		if rng.IntN(2) == 0 {
			return fmt.Sprintf("%s BI %s", num, place), true
		}
		return fmt.Sprintf("%se Bataillon d'Infanterie %s", num, place), true
	}
	abbr := strings.NewReplacer("Battalion", "Bn", "Brigade", "Bde", "Regiment", "Regt", "Company", "Coy",
		"Infantry", "Inf", "Armored", "Armd", "Artillery", "Arty", "Engineer", "Engr", "Commando", "Cdo",
		"Military Police", "MP", "Signals", "Sig", "Airborne", "Abn")
	return num + " " + abbr.Replace(rest), utf8.ValidString(name)
}
