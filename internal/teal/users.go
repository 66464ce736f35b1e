package teal

import (
	"context"
	"net/http"
	"net/url"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// User is Teal's user object, as GET /users/{user_id} and GET /users answer it.
type User struct {
	UserID    string `json:"user_id"`
	Name      string `json:"name"`
	Email     string `json:"email"`
	CreatedAt string `json:"created_at"`
}

// Authorisation is a user's recorded consent. Creating a payroll account needs an active, valid
// one: is_valid turns false once an active authorisation expires (one-time terms last a day).
type Authorisation struct {
	ID         string `json:"id"`
	Status     string `json:"status"` // "active" or "revoked"
	IsValid    bool   `json:"is_valid"`
	AcceptedAt string `json:"accepted_at"`
}

// configurationPage is Teal's largest page of users and authorisations (its accounts take 1,000).
const configurationPage = 100

// GetUser reads a user; a 404 matches transport.ErrNotFound.
func (c *Client) GetUser(ctx context.Context, id string) (*User, error) {
	var user User
	if _, err := c.http.Do(ctx, transport.Request{Method: http.MethodGet, Path: "/users", Segments: []string{id}}, &user); err != nil {
		return nil, err
	}
	return &user, nil
}

// UsersWithEmail reads every page of users and returns those whose email is email: Teal
// documents no filter on the list, nor that emails are unique.
func (c *Client) UsersWithEmail(ctx context.Context, email string) ([]User, error) {
	var found []User
	for page, err := range listPages[User](ctx, c, "/users", "users", nil, configurationPage) {
		if err != nil {
			return nil, err
		}
		for _, u := range page {
			if u.Email == email {
				found = append(found, u)
			}
		}
	}
	return found, nil
}

// ActiveAuthorisation returns the user's first active, valid authorisation, as Teal resolves one
// for account creation when the request pins none; nil when the user has none.
func (c *Client) ActiveAuthorisation(ctx context.Context, userID string) (*Authorisation, error) {
	filters := url.Values{"user_id": {userID}, "status": {"active"}}
	for page, err := range listPages[Authorisation](ctx, c, "/authorisations", "authorisations", filters, configurationPage) {
		if err != nil {
			return nil, err
		}
		for i := range page {
			if page[i].Status == "active" && page[i].IsValid {
				return &page[i], nil
			}
		}
	}
	return nil, nil
}
