package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/password"
)

// PasswordParams are the argon2id costs for new password hashes; tests
// lower them.
var PasswordParams = password.Default

const userColumns = `id, name, display_name, role, disabled, fictional, created_at, updated_at`

func scanUser(sc interface{ Scan(...any) error }) (*custos.User, error) {
	var u custos.User
	var disabled, fictional int64
	var created, updated string
	if err := sc.Scan(&u.ID, &u.Name, &u.DisplayName, &u.Role, &disabled, &fictional, &created, &updated); err != nil {
		return nil, err
	}
	u.Disabled, u.Fictional = disabled != 0, fictional != 0
	u.CreatedAt, u.UpdatedAt = parseTime(created), parseTime(updated)
	return &u, nil
}

func checkPassword(pw string) error {
	if !utf8.ValidString(pw) {
		return fieldErr("password", "password", "is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(pw); n < custos.MinPasswordLen || n > 1000 {
		return fieldErr("password", "password", fmt.Sprintf("must be %d to 1000 characters long", custos.MinPasswordLen))
	}
	return nil
}

func (tx *Tx) findUser(ctx context.Context, col string, v any) (*custos.User, error) {
	u, err := scanUser(tx.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE `+col+` = ?`, v))
	if isNoRows(err) {
		return nil, notFound("user", v)
	}
	return u, err
}

// FindUsers lists every user by name.
func (db *DB) FindUsers(ctx context.Context) ([]*custos.User, error) {
	p, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityUser)
	if err != nil {
		return nil, err
	}
	var list []*custos.User
	err = db.read(ctx, p, func(tx *Tx) error {
		got, err := queryAll(ctx, tx, scanUser, `SELECT `+userColumns+` FROM users ORDER BY name`)
		if err != nil {
			return err
		}
		list = append(list, got...)
		return nil
	})
	return list, err
}

// FindUser returns a user by login name. Users may read their own record;
// only administrators may read others'.
func (db *DB) FindUser(ctx context.Context, name string) (*custos.User, error) {
	p, ok := custos.PrincipalFrom(ctx)
	if !ok || p.Name != name || p.Via == "public" {
		var err error
		if p, err = custos.Authorize(ctx, custos.ActionRead, custos.EntityUser); err != nil {
			return nil, err
		}
	}
	var u *custos.User
	err := db.read(ctx, p, func(tx *Tx) (err error) {
		u, err = tx.findUser(ctx, "name", name)
		return err
	})
	return u, err
}

// CreateUser adds a user with a password.
func (db *DB) CreateUser(ctx context.Context, u *custos.User, pw string) error {
	p, err := custos.Authorize(ctx, custos.ActionCreate, custos.EntityUser)
	if err != nil {
		return err
	}
	if err := u.Validate(); err != nil {
		return err
	}
	if err := checkPassword(pw); err != nil {
		return err
	}
	hash, err := password.Hash(pw, PasswordParams)
	if err != nil {
		return err
	}
	return db.write(ctx, p, func(tx *Tx) error {
		if _, err := tx.findUser(ctx, "name", u.Name); err == nil {
			return &custos.Error{Kind: custos.ECONFLICT, Message: "user exists", Fields: map[string]string{"name": fmt.Sprintf("%q is taken", u.Name)}}
		}
		u.CreatedAt = tx.db.now()
		u.UpdatedAt = u.CreatedAt
		id, err := tx.insert(ctx, `INSERT INTO users (name, display_name, role, disabled, fictional, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			u.Name, u.DisplayName, string(u.Role), boolInt(u.Disabled), boolInt(u.Fictional), hash, formatTime(u.CreatedAt), formatTime(u.UpdatedAt))
		if err != nil {
			return err
		}
		u.ID = id
		return tx.audit(ctx, custos.ActionCreate, custos.EntityUser, u.Name, nil, u)
	})
}

// UpdateUser changes a user's display name, role or disabled state.
// Disabling a user ends their sessions.
func (db *DB) UpdateUser(ctx context.Context, u *custos.User) error {
	p, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityUser)
	if err != nil {
		return err
	}
	if err := u.Validate(); err != nil {
		return err
	}
	return db.write(ctx, p, func(tx *Tx) error {
		before, err := tx.findUser(ctx, "name", u.Name)
		if err != nil {
			return err
		}
		u.ID, u.CreatedAt, u.UpdatedAt = before.ID, before.CreatedAt, tx.db.now()
		if _, err := tx.exec(ctx, `UPDATE users SET display_name = ?, role = ?, disabled = ?, fictional = ?, updated_at = ? WHERE id = ?`,
			u.DisplayName, string(u.Role), boolInt(u.Disabled), boolInt(u.Fictional), formatTime(u.UpdatedAt), u.ID); err != nil {
			return err
		}
		if u.Disabled || u.Role != before.Role {
			if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, u.ID); err != nil {
				return err
			}
		}
		return tx.audit(ctx, custos.ActionUpdate, custos.EntityUser, u.Name, before, u)
	})
}

// SetPassword replaces a user's password and ends the user's sessions.
func (db *DB) SetPassword(ctx context.Context, name, pw string) error {
	p, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityUser)
	if err != nil {
		return err
	}
	if err := checkPassword(pw); err != nil {
		return err
	}
	hash, err := password.Hash(pw, PasswordParams)
	if err != nil {
		return err
	}
	return db.write(ctx, p, func(tx *Tx) error {
		u, err := tx.findUser(ctx, "name", name)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`, hash, formatTime(tx.db.now()), u.ID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, u.ID); err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionUpdate, custos.EntityUser, name, map[string]string{"password": "(old)"}, map[string]string{"password": "(changed)"})
	})
}

var errBadLogin = custos.Errorf(custos.EUNAUTHORIZED, "wrong name or password")

// Authenticate checks a name and password. Unknown names and wrong passwords
// get the same answer.
func (db *DB) Authenticate(ctx context.Context, name, pw string) (*custos.User, error) {
	var u *custos.User
	var hash string
	err := db.read(ctx, custos.System, func(tx *Tx) error {
		var err error
		u, err = scanUser(tx.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE name = ?`, name))
		if err != nil {
			return err
		}
		return tx.queryRow(ctx, `SELECT password_hash FROM users WHERE id = ?`, u.ID).Scan(&hash)
	})
	if isNoRows(err) {
		password.Check(pw, dummyHash()) // spend the same time as for a real user
		return nil, errBadLogin
	}
	if err != nil {
		return nil, err
	}
	ok, err := password.Check(pw, hash)
	if err != nil || !ok || u.Disabled {
		return nil, errBadLogin
	}
	return u, nil
}

var dummyHash = sync.OnceValue(func() string {
	h, _ := password.Hash("not a password anyone has", PasswordParams)
	return h
})

// newSecret returns a random secret with a prefix, and its SHA-256 hash,
// which is all that is stored.
func newSecret(prefix string) (secret, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	secret = prefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, hashSecret(secret), nil
}

func hashSecret(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// CreateSession starts a browser session for a user.
func (db *DB) CreateSession(ctx context.Context, userID int64, ttl time.Duration) (string, error) {
	secret, hash, err := newSecret("")
	if err != nil {
		return "", err
	}
	now := db.now()
	err = db.write(ctx, custos.System, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE expires_at < ?`, formatTime(now)); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `INSERT INTO sessions (secret_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			hash, userID, formatTime(now), formatTime(now.Add(ttl)))
		return err
	})
	return secret, err
}

// SessionUser returns the user of a live session.
func (db *DB) SessionUser(ctx context.Context, secret string) (*custos.User, error) {
	var u *custos.User
	err := db.read(ctx, custos.System, func(tx *Tx) (err error) {
		u, err = scanUser(tx.queryRow(ctx, `SELECT u.id, u.name, u.display_name, u.role, u.disabled, u.fictional, u.created_at, u.updated_at
			FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.secret_hash = ? AND s.expires_at > ? AND u.disabled = 0`,
			hashSecret(secret), formatTime(db.now())))
		return err
	})
	if isNoRows(err) {
		return nil, custos.Errorf(custos.EUNAUTHORIZED, "the session has ended: sign in again")
	}
	return u, err
}

// DeleteSession ends a session.
func (db *DB) DeleteSession(ctx context.Context, secret string) error {
	return db.write(ctx, custos.System, func(tx *Tx) error {
		_, err := tx.exec(ctx, `DELETE FROM sessions WHERE secret_hash = ?`, hashSecret(secret))
		return err
	})
}

// TokenPrefix starts every API token, so that a leaked token is easy to find
// with secret scanners.
const TokenPrefix = "custos_"

// CreateToken issues an API token for a user; ttl 0 means no expiry. The
// secret is returned once and never stored.
func (db *DB) CreateToken(ctx context.Context, userName, label string, ttl time.Duration) (*custos.Token, string, error) {
	p, err := custos.Authorize(ctx, custos.ActionCreate, custos.EntityToken)
	if err != nil {
		return nil, "", err
	}
	if !utf8.ValidString(label) || utf8.RuneCountInString(label) > 200 {
		return nil, "", fieldErr("token", "label", "must be valid text of at most 200 characters")
	}
	if ttl < 0 {
		return nil, "", fieldErr("token", "expires", "must not be negative")
	}
	secret, hash, err := newSecret(TokenPrefix)
	if err != nil {
		return nil, "", err
	}
	t := &custos.Token{UserName: userName, Label: label, Prefix: secret[:len(TokenPrefix)+6]}
	err = db.write(ctx, p, func(tx *Tx) error {
		u, err := tx.findUser(ctx, "name", userName)
		if err != nil {
			return err
		}
		t.UserID, t.CreatedAt = u.ID, tx.db.now()
		if ttl > 0 {
			t.ExpiresAt = t.CreatedAt.Add(ttl)
		}
		id, err := tx.insert(ctx, `INSERT INTO tokens (user_id, label, prefix, secret_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
			t.UserID, t.Label, t.Prefix, hash, formatTime(t.CreatedAt), formatTime(t.ExpiresAt))
		if err != nil {
			return err
		}
		t.ID = id
		return tx.audit(ctx, custos.ActionCreate, custos.EntityToken, t.ID, nil, t)
	})
	if err != nil {
		return nil, "", err
	}
	return t, secret, nil
}

// TokenUser returns the user of a live, unrevoked API token, and notes when
// it was last used.
func (db *DB) TokenUser(ctx context.Context, secret string) (*custos.User, error) {
	var u *custos.User
	now := db.now()
	err := db.read(ctx, custos.System, func(tx *Tx) (err error) {
		u, err = scanUser(tx.queryRow(ctx, `SELECT u.id, u.name, u.display_name, u.role, u.disabled, u.fictional, u.created_at, u.updated_at
			FROM tokens t JOIN users u ON u.id = t.user_id
			WHERE t.secret_hash = ? AND t.revoked = 0 AND (t.expires_at = '' OR t.expires_at > ?) AND u.disabled = 0`,
			hashSecret(secret), formatTime(now)))
		return err
	})
	if isNoRows(err) {
		return nil, custos.Errorf(custos.EUNAUTHORIZED, "the API token is unknown, revoked or expired")
	}
	if err != nil {
		return nil, err
	}
	// Recording last use is best effort, at most once a minute per token.
	db.db.ExecContext(ctx, db.dialect.Rebind(`UPDATE tokens SET last_used = ? WHERE secret_hash = ? AND last_used < ?`),
		formatTime(now), hashSecret(secret), formatTime(now.Add(-time.Minute)))
	return u, nil
}

// FindTokens lists every API token (never the secrets).
func (db *DB) FindTokens(ctx context.Context) ([]*custos.Token, error) {
	p, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityToken)
	if err != nil {
		return nil, err
	}
	var list []*custos.Token
	err = db.read(ctx, p, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT t.id, t.user_id, u.name, t.label, t.prefix, t.created_at, t.expires_at, t.last_used, t.revoked
			FROM tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var t custos.Token
			var created, expires, used string
			var revoked int64
			if err := rows.Scan(&t.ID, &t.UserID, &t.UserName, &t.Label, &t.Prefix, &created, &expires, &used, &revoked); err != nil {
				return err
			}
			t.CreatedAt, t.ExpiresAt, t.LastUsed, t.Revoked = parseTime(created), parseTime(expires), parseTime(used), revoked != 0
			list = append(list, &t)
		}
		return rows.Err()
	})
	return list, err
}

// RevokeToken revokes an API token.
func (db *DB) RevokeToken(ctx context.Context, id int64) error {
	p, err := custos.Authorize(ctx, custos.ActionDelete, custos.EntityToken)
	if err != nil {
		return err
	}
	return db.write(ctx, p, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE tokens SET revoked = 1 WHERE id = ? AND revoked = 0`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("live token", id)
		}
		return tx.audit(ctx, custos.ActionDelete, custos.EntityToken, id, map[string]any{"id": id, "revoked": false}, map[string]any{"id": id, "revoked": true})
	})
}
