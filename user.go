package custos

import (
	"context"
	"regexp"
	"time"
)

// User is a person who signs in to Custos. Passwords are kept only as
// argon2id hashes, by the store.
type User struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"` // the login name
	DisplayName string `json:"display_name,omitempty"`
	Role        Role   `json:"role"`
	Disabled    bool   `json:"disabled,omitempty"`
	// Fictional marks a demonstration account, so that screens can say so.
	Fictional bool      `json:"fictional,omitempty"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

var userName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// MinPasswordLen is the shortest password accepted.
const MinPasswordLen = 12

// Validate reports the first problem with each field.
func (u *User) Validate() error {
	f := FieldErrors{}
	if !userName.MatchString(u.Name) {
		f.Add("name", "must be 1 to 64 lower-case letters, digits, dots, hyphens or underscores, starting with a letter or digit")
	}
	checkLine(f, "display_name", u.DisplayName, MaxNameLen, false)
	if !u.Role.Valid() {
		f.Add("role", "must be one of admin, planner, vetter, analyst, partner, viewer")
	}
	return f.Err("user")
}

// Principal returns the principal a signed-in user acts as.
func (u *User) Principal(via string) Principal {
	return Principal{UserID: u.ID, Name: u.Name, Role: u.Role, Via: via}
}

// Token is an API token for a program that calls Custos on a user's behalf.
// Only a hash of the secret is stored; the secret is shown once.
type Token struct {
	ID        int64     `json:"id"`
	UserID    int64     `json:"user_id"`
	UserName  string    `json:"user_name"`
	Label     string    `json:"label,omitempty"`
	Prefix    string    `json:"prefix"` // the first characters, to recognise a token
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at,omitzero"`
	LastUsed  time.Time `json:"last_used,omitzero"`
	Revoked   bool      `json:"revoked,omitempty"`
}

// UserService keeps users, their sessions and their API tokens.
type UserService interface {
	FindUsers(ctx context.Context) ([]*User, error)
	FindUser(ctx context.Context, name string) (*User, error)
	CreateUser(ctx context.Context, u *User, password string) error
	UpdateUser(ctx context.Context, u *User) error
	SetPassword(ctx context.Context, name, password string) error

	// Authenticate checks a name and password and returns the user.
	Authenticate(ctx context.Context, name, password string) (*User, error)
	// CreateSession returns a new browser session secret for a user.
	CreateSession(ctx context.Context, userID int64, ttl time.Duration) (string, error)
	// SessionUser returns the user of a live session.
	SessionUser(ctx context.Context, secret string) (*User, error)
	DeleteSession(ctx context.Context, secret string) error

	// CreateToken returns a new API token secret for a user.
	CreateToken(ctx context.Context, userName, label string, ttl time.Duration) (*Token, string, error)
	// TokenUser returns the user of a live, unrevoked API token.
	TokenUser(ctx context.Context, secret string) (*User, error)
	FindTokens(ctx context.Context) ([]*Token, error)
	RevokeToken(ctx context.Context, id int64) error
}
