package incident

import (
	"net/mail"
	"testing"
	"unicode"

	"github.com/custos-ssa/custos"
)

func TestValidEmail(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"awa@example.org", true},
		{"awa.diarra+mali@mail.example.org", true},
		{"not-an-email", false},
		{"", false},
		{"@example.org", false},
		{"awa@", false},
		{"Awa <awa@example.org>", false},
		{"<awa@example.org>", false},
		{"awa@example.org, moussa@example.org", false},
		{"awa@example.org (Awa)", false},
		{" awa@example.org", false},
	} {
		if got := ValidEmail(tt.in); got != tt.want {
			t.Errorf("ValidEmail(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestValidPhone(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"00223 7000 1234", true},
		{"+223 70 00 00 00", true},
		{"+1 (202) 555-0143", true},
		{"٠٠٢٢٣ ٧٠٠٠ ١٢٣٤", true}, // Arabic-Indic digits
		{"123456", true},
		{"12345", false},
		{"123456789012345678901", false},
		{"call me", false},
		{"70 00 00 00 ext. 5", false},
		{"223+70000000", false},
		{"7000.1234.56", false},
		{"", false},
	} {
		if got := ValidPhone(tt.in); got != tt.want {
			t.Errorf("ValidPhone(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestCheckContact(t *testing.T) {
	if err := CheckContact(&custos.Reporter{Name: "Awa"}); err != nil {
		t.Errorf("CheckContact(no email, no phone) = %v, want nil: contact is optional", err)
	}
	err := CheckContact(&custos.Reporter{Email: "not-an-email", Phone: "call me"})
	e, ok := err.(*custos.Error)
	if !ok || e.Kind != custos.EINVALID || e.Fields["reporter.email"] != BadEmail || e.Fields["reporter.phone"] != BadPhone {
		t.Errorf("CheckContact(not-an-email, call me) = %#v, want EINVALID naming reporter.email and reporter.phone", err)
	}
}

// FuzzValidContact checks that an accepted email is one address that
// net/mail reads back unchanged, and that an accepted telephone number has
// 6 to 20 digits and nothing but digits, spaces, +, - and brackets.
func FuzzValidContact(f *testing.F) {
	for _, s := range []string{"awa@example.org", "Awa <awa@example.org>", "+223 70 00 00 00", "٠٠٢٢٣ ٧٠٠٠ ١٢٣٤", "\"a b\"@example.org", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ValidEmail(s) {
			a, err := mail.ParseAddress(s)
			if err != nil || a.Name != "" || a.Address != s {
				t.Fatalf("ValidEmail(%q) = true, but net/mail reads %+v, %v", s, a, err)
			}
		}
		if ValidPhone(s) {
			digits := 0
			for _, r := range s {
				if unicode.IsDigit(r) {
					digits++
				} else if r != ' ' && r != '-' && r != '(' && r != ')' && r != '+' {
					t.Fatalf("ValidPhone(%q) = true, with %q in it", s, r)
				}
			}
			if digits < MinPhoneDigits || digits > MaxPhoneDigits {
				t.Fatalf("ValidPhone(%q) = true, with %d digits", s, digits)
			}
		}
	})
}
