package custos

import (
	"fmt"
	"strconv"
)

// Page limits.
const (
	DefaultLimit = 50
	MaxLimit     = 1000
)

// Page asks for one page of a list: at most Limit records after the cursor
// After (returned as "next" by the previous page). Keyset pages stay fast at
// any depth, unlike offsets.
type Page struct {
	Limit int    `json:"limit,omitempty"`
	After string `json:"after,omitempty"`
}

// Validate checks the limit and cursor.
func (p Page) Validate() error {
	f := FieldErrors{}
	if p.Limit < 0 || p.Limit > MaxLimit {
		f.Add("limit", fmt.Sprintf("must be between 1 and %d", MaxLimit))
	}
	if len(p.After) > 200 {
		f.Add("after", "is not a cursor returned by a previous page")
	}
	return f.Err("page")
}

// Size returns the limit, or DefaultLimit when none was given.
func (p Page) Size() int {
	if p.Limit == 0 {
		return DefaultLimit
	}
	return p.Limit
}

// AfterID parses a numeric cursor; 0 means the first page.
func (p Page) AfterID() (int64, error) {
	if p.After == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(p.After, 10, 64)
	if err != nil || n < 0 {
		return 0, &Error{Kind: EINVALID, Message: "invalid page", Fields: map[string]string{"after": "is not a cursor returned by a previous page"}}
	}
	return n, nil
}
