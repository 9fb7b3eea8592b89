package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"klyngeportalen/internal/auth"
)

// Handler returns the portal's whole HTTP handler: every route is listed here.
func (s *Server) Handler() http.Handler {
	r := chi.NewRouter()
	r.Use(requestID, s.clientIP, s.logRequests, s.recoverPanics, s.securityHeaders, s.limitBody, s.crossOrigin)

	// Probes and static files: no session.
	r.Get("/livez", s.livez)
	r.Get("/readyz", s.readyz)
	r.Get("/static/{file}", s.static)

	r.Group(func(r chi.Router) {
		r.Use(s.withSession, s.loadUser)

		// Public: logging in, links from mails, and the statements.
		r.Get("/logg-inn", s.loginPage)
		r.Post("/logg-inn", s.login)
		r.Post("/logg-ut", s.logout)
		r.Get("/glemt-passord", s.forgotPage)
		r.Post("/glemt-passord", s.forgot)
		r.Get("/tilbakestill/{token}", s.tokenPage(auth.PurposeReset))
		r.Post("/tilbakestill/{token}", s.redeemToken(auth.PurposeReset))
		r.Get("/invitasjon/{token}", s.tokenPage(auth.PurposeInvitation))
		r.Post("/invitasjon/{token}", s.redeemToken(auth.PurposeInvitation))
		r.Get("/tilgjengelighet", s.accessibility)
		r.Get("/personvern", s.privacy)

		// Members: everyone signed in.
		r.Group(func(r chi.Router) {
			r.Use(s.requireUser)
			r.Get("/", s.home)

			r.Get("/medlemmer", s.companies)
			r.Get("/medlemmer/{company}", s.companyPage)
			// Company administration: the company's own admins and cluster admins (checked per company).
			r.Get("/medlemmer/{company}/rediger", s.editCompanyPage)
			r.Post("/medlemmer/{company}/rediger", s.updateCompany)
			r.Get("/medlemmer/{company}/brukere", s.companyUsers)
			r.Post("/medlemmer/{company}/brukere/inviter", s.invite)
			r.Post("/medlemmer/{company}/brukere/{user}/rolle", s.userChange(s.setRole))
			r.Post("/medlemmer/{company}/brukere/{user}/deaktiver", s.userChange(s.deactivate))
			r.Post("/medlemmer/{company}/brukere/{user}/aktiver", s.userChange(s.reactivate))
			r.Post("/medlemmer/{company}/brukere/{user}/inviter-igjen", s.userChange(s.reinvite))

			r.Get("/personer", s.people)
			r.Get("/personer/{id}", s.person)

			r.Get("/meg", s.mePage)
			r.Post("/meg", s.updateMe)
			r.Post("/meg/passord", s.changePassword)
			r.Get("/meg/data.json", s.myData)

			// Common indicators and plukkanalyser: everyone reads; company admins report for their
			// own company (checked per company), cluster admins define indicators and remind.
			r.Get("/nokkeltall", s.indicatorsCompare)
			r.Get("/nokkeltall/eksport.csv", s.indicatorsExport)
			r.Get("/nokkeltall/indikatorer", s.indicatorDefinitions)
			r.Get("/nokkeltall/indikatorer/{indicator}", s.indicatorPage)
			r.Get("/nokkeltall/rapporter", s.reportsPage)
			r.Post("/nokkeltall/rapporter", s.startReport)
			r.Get("/nokkeltall/rapporter/{company}/{year}", s.reportPage)
			r.Post("/nokkeltall/rapporter/{company}/{year}", s.saveReport)
			r.Post("/nokkeltall/rapporter/{company}/{year}/import", s.importReport)
			r.Group(func(r chi.Router) {
				r.Use(s.requireClusterAdmin)
				r.Get("/nokkeltall/indikatorer/ny", s.newIndicatorPage)
				r.Post("/nokkeltall/indikatorer/ny", s.saveIndicator)
				r.Get("/nokkeltall/indikatorer/{indicator}/rediger", s.editIndicatorPage)
				r.Post("/nokkeltall/indikatorer/{indicator}/rediger", s.saveIndicator)
				r.Post("/nokkeltall/rapporter/paminnelser", s.remind)
				r.Post("/nokkeltall/rapporter/{company}/{year}/gjenapne", s.reopenReport)
			})

			// Areas whose issues have not landed yet: an honest placeholder page each.
			for _, a := range comingAreas {
				r.Get(a.path, s.comingSoon(a))
			}

			// Cluster administration.
			r.Route("/admin", func(r chi.Router) {
				r.Use(s.requireClusterAdmin)
				r.Get("/", s.adminIndex)
				r.Get("/grupper/{group}", s.adminGroup)
				r.Post("/grupper/{group}/medlemmer", s.membership(true))
				r.Post("/grupper/{group}/medlemmer/{user}/fjern", s.membership(false))
				r.Get("/logg", s.adminAudit)
				r.Get("/utboks", s.adminOutbox)
			})
		})
	})

	r.NotFound(s.withSession(s.loadUser(http.HandlerFunc(s.notFound))).ServeHTTP)
	r.MethodNotAllowed(s.withSession(s.loadUser(http.HandlerFunc(s.methodNotAllowed))).ServeHTTP)
	return r
}
