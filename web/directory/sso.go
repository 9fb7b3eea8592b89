package directory

import (
	"klyngeportalen/internal/members"
	"klyngeportalen/web/components"
)

// SSOForm is a company's sign-in settings: its OpenID Connect provider.
type SSOForm struct {
	Company      members.Company
	Configured   bool // a provider is saved
	HasSecret    bool
	Issuer       string
	ClientID     string
	Domains      string // one per line
	CreateUsers  bool
	ProviderOnly bool
	RedirectURI  string // what the company's IT registers at the provider
	Errors       components.Errors
	Test         *SSOTest // the result of "Test", when run
}

// SSOTest is what discovery found at the provider, or why it failed.
type SSOTest struct {
	OK                                              bool
	Message                                         string
	Issuer, AuthURL, TokenURL, UserInfoURL, KeysURL string
	PKCE, EmailClaim                                bool
}
