// Package incident holds the pure parts of incident tracking: sealing the
// contact details of civil-society reporters, and building the monthly
// civilian-harm report from trends and incidents read from the store.
package incident

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/custos-ssa/custos"
)

// KeySize is the length of an intake key: AES-256.
const KeySize = 32

// KeyEnv names the environment variable that may hold the intake key, in
// standard base64.
const KeyEnv = "CUSTOS_INTAKE_KEY"

// KeyFile is the name of the key file LoadKey creates in the data
// directory when KeyEnv is not set.
const KeyFile = "intake.key"

// sealVersion prefixes every sealed value, so that a later change of
// cipher or key can tell old values apart.
const sealVersion = 1

// Seal encrypts a reporter's contact details with AES-256-GCM under key.
// The result is a version byte, a random nonce and the ciphertext; the
// incident id is bound as additional data, so that sealed details moved to
// another incident do not open.
func Seal(key []byte, incidentID int64, r *custos.Reporter) ([]byte, error) {
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	plain, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 1+aead.NonceSize(), 1+aead.NonceSize()+len(plain)+aead.Overhead())
	out[0] = sealVersion
	if _, err := rand.Read(out[1:]); err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	return aead.Seal(out, out[1:], plain, additional(incidentID)), nil
}

// Open decrypts what Seal sealed for the same incident.
func Open(key []byte, incidentID int64, sealed []byte) (*custos.Reporter, error) {
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	if len(sealed) < 1+aead.NonceSize() || sealed[0] != sealVersion {
		return nil, errors.New("open: not a sealed reporter")
	}
	nonce, body := sealed[1:1+aead.NonceSize()], sealed[1+aead.NonceSize():]
	plain, err := aead.Open(nil, nonce, body, additional(incidentID))
	if err != nil {
		return nil, errors.New("open: the key does not open these contact details (wrong key, or altered data)")
	}
	var r custos.Reporter
	if err := json.Unmarshal(plain, &r); err != nil {
		return nil, fmt.Errorf("open: %w", err)
	}
	return &r, nil
}

func additional(incidentID int64) []byte {
	return fmt.Appendf(nil, "custos incident reporter %d", incidentID)
}

func newAEAD(key []byte) (cipher.AEAD, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("the intake key has %d bytes, want %d", len(key), KeySize)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// LoadKey returns the intake key: from KeyEnv (base64) when set, else from
// KeyFile in dir, which it creates with a new random key, readable by its
// owner only (mode 0600), when missing. A key file that others can read is
// refused, as the key protects reporters' identities.
func LoadKey(getenv func(string) string, dir string) ([]byte, error) {
	if s := strings.TrimSpace(getenv(KeyEnv)); s != "" {
		key, err := base64.StdEncoding.DecodeString(s)
		if err != nil || len(key) != KeySize {
			return nil, fmt.Errorf("%s must be %d bytes in base64 (try: head -c %d /dev/urandom | base64)", KeyEnv, KeySize, KeySize)
		}
		return key, nil
	}
	path := filepath.Join(dir, KeyFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, err
		}
		key := make([]byte, KeySize)
		if _, err := rand.Read(key); err != nil {
			return nil, err
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, fmt.Errorf("create the intake key: %w", err)
		}
		if _, err := f.WriteString(base64.StdEncoding.EncodeToString(key) + "\n"); err != nil {
			f.Close()
			return nil, err
		}
		return key, f.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("read the intake key: %w", err)
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("%s is readable by others (mode %v): chmod 600 it", path, fi.Mode().Perm())
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(key) != KeySize {
		return nil, fmt.Errorf("%s must hold a %d-byte key in base64", path, KeySize)
	}
	return key, nil
}
