package vetting

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		in        string
		wantForms []string // first spelling of each word
		wantRanks []string
	}{
		{"Muhammad Abdullah al-Rashid", []string{"muhammad", "abdlah", "rashid"}, nil},
		{"Col. José  Álvarez-Núñez", []string{"jose", "alvarez", "nunez"}, []string{"colonel"}},
		{"Полковник Иван Иванов", []string{"ivan", "ivanov"}, []string{"colonel"}},
		{"العقيد محمد علي", []string{"muhammad", "ali"}, []string{"colonel"}},
		{"Abd al-Aziz bin Baz", []string{"abdaziz", "bin", "baz"}, nil},
		{"Abdel Rahman", []string{"abdrahman"}, nil},
		{"Abdurrahman", []string{"abdrahman"}, nil},
		{"عبد الله", []string{"abdlah"}, nil},
		{"Lt. Gen. Sheikh Ali", []string{"ali"}, []string{"lieutenant", "general", "honorific:sheikh"}},
		{"Général Dupont", []string{"dupont"}, []string{"general"}},
		{"General", []string{"general"}, nil},
		{"O'Brien", []string{"obrien"}, nil},
		{"ＭＵＨＡＭＭＡＤ", []string{"muhammad"}, nil},
		{"Straße", []string{"strasse"}, nil},
		{"John Smith Jr.", []string{"john", "smith"}, nil},
		{"Νικόλαος", []string{"nikolaos"}, nil},
		{"...", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			n := Normalize(tt.in)
			var got []string
			for _, tok := range n.Tokens {
				got = append(got, tok.Forms[0])
			}
			if diff := cmp.Diff(tt.wantForms, got); diff != "" {
				t.Errorf("Normalize(%q) forms (-want +got):\n%s", tt.in, diff)
			}
			if diff := cmp.Diff(tt.wantRanks, n.Ranks); diff != "" {
				t.Errorf("Normalize(%q) ranks (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestSkeleton(t *testing.T) {
	groupsOf := [][]string{
		{"muhammad", "mohamed", "mohammed", "mahamad"},
		{"khaled", "khalid", "khald"},
		{"hussein", "husayn", "hsin"},
		{"yusuf", "youssef"},
	}
	for _, g := range groupsOf {
		for _, s := range g[1:] {
			if skeleton(s) != skeleton(g[0]) {
				t.Errorf("skeleton(%q) = %q, want %q like %q", s, skeleton(s), skeleton(g[0]), g[0])
			}
		}
	}
}

func TestDamerau(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"smith", "smith", 0}, {"smith", "smtih", 1}, {"smith", "smyth", 1}, {"smith", "smit", 1},
		{"", "abc", 3}, {"smith", "jonesy", 4},
	}
	for _, tt := range tests {
		if got := damerau(tt.a, tt.b, 3); got != tt.want {
			t.Errorf("damerau(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestKanaForms(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"さとう", []string{"satou", "sato", "satoh"}},
		{"サトウ", []string{"satou", "sato", "satoh"}},
		{"けんじ", []string{"kenji"}},
		{"きょうこ", []string{"kyouko", "kyoko", "kyohko"}},
		{"しょうへい", []string{"shouhei", "shohei", "shohhei"}},
		{"ちゃん", []string{"chan"}},
		{"じゅん", []string{"jun"}},
		{"はっとり", []string{"hattori"}},
		{"マッチ", []string{"matchi"}},
		{"ティム", []string{"timu"}},
		{"ファン", []string{"fan"}},
		{"ユーコ", []string{"yuuko", "yuko"}},
		{"ー", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, kanaForms(tt.in)); diff != "" {
			t.Errorf("kanaForms(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

// TestBagDistance checks that the bag distance never exceeds the edit
// distance, as spellingSim skips damerau on it.
func TestBagDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"smith", "smith", 0}, {"smith", "smtih", 0}, {"smith", "smyth", 1}, {"buniba", "bonobo", 3},
		{"", "abc", 3}, {"abc", "ab-c", 0}, {"ab\xff", "ab", 0},
	}
	for _, tt := range tests {
		if got := bagDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("bagDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
	letters := "abdeimosu"
	rng := rand.New(rand.NewPCG(1, 2))
	for range 50000 {
		mk := func() string {
			b := make([]byte, rng.IntN(10))
			for j := range b {
				b[j] = letters[rng.IntN(len(letters))]
			}
			return string(b)
		}
		a, b := mk(), mk()
		if bd, d := bagDistance(a, b), damerau(a, b, 20); bd > d {
			t.Fatalf("bagDistance(%q, %q) = %d > damerau %d", a, b, bd, d)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Muhammad al-Rashid", "Полковник Иван", "عبد الله", "김정은", "习近平", "さとう", "ハットリ", "田中さくら", "ーッょ", "สมชาย", "משה", "Col.", "\xff\xfe", "abd", "al", strings.Repeat("a-", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		for _, tok := range n.Tokens {
			if len(tok.Forms) == 0 {
				t.Fatalf("Normalize(%q) gave a token with no spelling: %+v", s, tok)
			}
			for _, f := range tok.Forms {
				if f == "" {
					t.Fatalf("Normalize(%q) gave an empty spelling: %+v", s, tok)
				}
			}
		}
		skeleton(s)
		jaroWinkler(s, "muhammad")
		damerau(s, "muhammad", 2)
		if len(s) < 30 && bagDistance(s, "muhammad") > damerau(s, "muhammad", 100) {
			t.Fatalf("bagDistance(%q, muhammad) exceeds the edit distance", s)
		}
	})
}
