package password

import (
	"strings"
	"testing"
)

var fast = Params{Time: 1, Memory: 64, Threads: 1, KeyLen: 16}

func TestHashCheck(t *testing.T) {
	h, err := Hash("correct horse battery staple", fast)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("Hash() = %q, want an argon2id PHC string", h)
	}
	tests := []struct {
		password string
		want     bool
	}{
		{"correct horse battery staple", true},
		{"correct horse battery stapl", false},
		{"", false},
	}
	for _, tt := range tests {
		got, err := Check(tt.password, h)
		if err != nil || got != tt.want {
			t.Errorf("Check(%q) = %v, %v; want %v, nil", tt.password, got, err, tt.want)
		}
	}
	h2, _ := Hash("correct horse battery staple", fast)
	if h2 == h {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
}

func TestCheckMalformed(t *testing.T) {
	for _, h := range []string{"", "plain", "$argon2i$v=19$m=64,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=x,t=1,p=1$AAAA$AAAA",
		"$argon2id$v=19$m=64,t=1,p=0$AAAA$AAAA", "$argon2id$v=19$m=64,t=1,p=1$!!$AAAA", "$argon2id$v=19$m=99999999,t=1,p=1$AAAA$AAAA"} {
		if _, err := Check("x", h); err != ErrMalformed {
			t.Errorf("Check(x, %q) error = %v, want ErrMalformed", h, err)
		}
	}
}

func FuzzCheck(f *testing.F) {
	h, _ := Hash("seed", fast)
	f.Add("seed", h)
	f.Add("", "$argon2id$v=19$m=64,t=1,p=1$AAAA$AAAA")
	f.Fuzz(func(t *testing.T, pw, hash string) {
		if strings.Contains(hash, "m=") && !strings.Contains(hash, "m=64,") {
			return // keep the fuzzer from asking for large memory costs
		}
		Check(pw, hash)
	})
}
