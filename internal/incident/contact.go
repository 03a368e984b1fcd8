package incident

import (
	"net/mail"
	"strings"
	"unicode"

	"github.com/custos-ssa/custos"
)

// Reasons CheckContact gives. The web form compares against them to say
// the same in the reporter's language.
const (
	BadEmail = "is not an email address: write one address, such as name@example.org, without a name before it"
	BadPhone = "is not a telephone number: use 6 to 20 digits, with spaces, +, - and brackets if you like"
)

// Bounds of the digits in a telephone number: fewer than 6 is no number
// anywhere, more than 20 is past the longest international number (15,
// E.164) with a generous extension.
const (
	MinPhoneDigits = 6
	MaxPhoneDigits = 20
)

// CheckContact returns an EINVALID error naming reporter.email or
// reporter.phone when either is given but cannot be used to reach the
// reporter: an analyst who finds "not-an-email" cannot call back someone
// who risked reporting. Empty fields are fine, as contact is optional.
func CheckContact(r *custos.Reporter) error {
	f := custos.FieldErrors{}
	if r.Email != "" && !ValidEmail(r.Email) {
		f.Add("reporter.email", BadEmail)
	}
	if r.Phone != "" && !ValidPhone(r.Phone) {
		f.Add("reporter.phone", BadPhone)
	}
	return f.Err("reporter")
}

// ValidEmail reports whether s is one bare email address, as net/mail
// reads RFC 5322: not a list, and no display name or angle brackets
// ("Awa <awa@example.org>"), which would be stored as typed and confuse
// whoever writes back.
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == "" && a.Address == s
}

// ValidPhone reports whether s looks like a telephone number: 6 to 20
// digits, with spaces, hyphens and brackets between them and a + only in
// front. Digits of any script count, so that a reporter on the Arabic form
// may write ٠٠٢٢٣ as well as 00223.
func ValidPhone(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case unicode.IsDigit(r):
			digits++
		case r == '+':
			if strings.TrimSpace(s[:i]) != "" {
				return false
			}
		case r == ' ' || r == '-' || r == '(' || r == ')':
		default:
			return false
		}
	}
	return digits >= MinPhoneDigits && digits <= MaxPhoneDigits
}
