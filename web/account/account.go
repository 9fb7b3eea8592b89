// Package account holds the pages of logging in, resetting a password and accepting an invitation.
package account

import "klyngeportalen/web/components"

// LoginForm is the login page's state.
type LoginForm struct {
	Email   string
	Next    string
	Message string // why the last attempt failed, shown above the form
}

// ForgotForm is the page for asking for a reset link.
type ForgotForm struct {
	Email  string
	Sent   bool
	Errors components.Errors
}

// PasswordForm is the page for choosing a password through a link.
type PasswordForm struct {
	Heading string // "Velkommen, Kari" or "Velg nytt passord"
	Intro   string
	Action  string
	Email   string // for password managers
	Button  string
	Errors  components.Errors
}

// SSOStartPage is the page that starts a sign-in through a company's identity provider.
type SSOStartPage struct {
	CompanySlug, CompanyName string
	Next                     string
}

// SSOContinuePage sends the browser on to the company's provider.
type SSOContinuePage struct {
	CompanyName string
	URL         string // the provider's authorization address
}
