package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/avatar"
	"klyngeportalen/internal/news"
	"klyngeportalen/internal/plan"
	"klyngeportalen/internal/strategy"
)

// Handler returns the portal's whole HTTP handler: every route is listed here.
func (s *Server) Handler() http.Handler {
	r := chi.NewRouter()
	// Body limits: a request takes at most a form (cfg.MaxBodyBytes) unless its route is declared here.
	large := bodyLimits{
		"POST /dokumenter":                                   maxUploadRead, // a document and its form (a file too large is read past, and the form comes back)
		"POST /dokumenter/{id}/versjoner":                    maxUploadRead,
		"POST /forum/{forum}/{thread}/svar":                  maxReplyBody,                 // a reply with its attachments
		"POST /meg/bilde":                                    avatar.MaxBytes + 256<<10,    // a profile photo
		"POST /medlemmer/{company}/logo":                     news.MaxImageBytes + 256<<10, // a company logo
		"POST /nyheter/ny":                                   maxNewsRead,                  // a news image and the form's text (an image too large is read past, and the form comes back)
		"POST /nyheter/{id}/rediger":                         maxNewsRead,
		"POST /nokkeltall/rapporter/{company}/{year}/import": maxCSVRead, // a CSV file (one too large is read past, and the page comes back)
	}
	// The routes that read their multipart body as it arrives (a document into the database, a
	// file too large read past) instead of parsing it first.
	streamed := map[string]bool{"POST /dokumenter": true, "POST /dokumenter/{id}/versjoner": true, "POST /forum/{forum}/{thread}/svar": true,
		"POST /nyheter/ny": true, "POST /nyheter/{id}/rediger": true, "POST /nokkeltall/rapporter/{company}/{year}/import": true}
	r.Use(requestID, s.clientIP, s.logRequests, s.recoverPanics, s.securityHeaders, s.refuseUnreadableURLs,
		s.limitBody(r, large), s.crossOrigin, s.refuseUnreadableForms(r, streamed))

	// Probes and static files: no session.
	r.Get("/livez", s.livez)
	r.Get("/readyz", s.readyz)
	r.Get("/static/{file}", s.static)
	r.Get("/favicon.ico", s.favicon)
	// Calendar subscriptions: the secret token in the address is the only credential.
	r.Get("/kalender/{token}.ics", s.calendarFeed(false))
	r.Get("/kalender/{token}/alle.ics", s.calendarFeed(true))
	r.Get("/kalender/{token}/moter.ics", s.meetingFeed)

	r.Group(func(r chi.Router) {
		r.Use(s.withSession, s.loadUser)

		// Public: logging in, links from mails, and the statements.
		r.Get("/logg-inn", s.loginPage)
		r.Post("/logg-inn", s.login)
		r.Get("/logg-inn/kode", s.loginCodePage)
		r.Post("/logg-inn/kode", s.loginCode)
		r.Post("/logg-ut", s.logout)
		// Sign-in through a company's identity provider; the callback is the provider's redirect.
		r.Get("/logg-inn/sso/tilbake", s.ssoCallback)
		r.Get("/logg-inn/sso/{company}", s.ssoPage)
		r.Post("/logg-inn/sso/{company}", s.ssoStart)
		r.Get("/glemt-passord", s.forgotPage)
		r.Post("/glemt-passord", s.forgot)
		r.Get("/tilbakestill/{token}", s.tokenPage(auth.PurposeReset))
		r.Post("/tilbakestill/{token}", s.redeemToken(auth.PurposeReset))
		r.Get("/invitasjon/{token}", s.tokenPage(auth.PurposeInvitation))
		r.Post("/invitasjon/{token}", s.redeemToken(auth.PurposeInvitation))
		r.Get("/tilgjengelighet", s.accessibility)
		r.Get("/personvern", s.privacy)
		// The front page: members' dashboard, or the owner's or partner's own (both signed in).
		r.Get("/", s.front)

		// Owner representatives and partner people: what is opened to their kind, checked per
		// object by the one access rule (404 when it is not).
		r.Group(func(r chi.Router) {
			r.Use(s.requireGuest)
			r.Get("/apent/arrangementer/{event:[0-9]+}", s.guestEvent)
			r.Post("/apent/arrangementer/{event:[0-9]+}/pamelding", s.guestRegister)
			r.Get("/apent/arrangementer/{event:[0-9]+}/avmelding", s.guestConfirmCancel)
			r.Post("/apent/arrangementer/{event:[0-9]+}/avmelding", s.guestCancel)
			r.Get("/apent/arrangementer/{event:[0-9]+}.ics", s.eventICS)
			r.Get("/apent/nyheter/{id:[0-9]+}", s.guestNews)
			r.Get("/apent/dokumenter/{id:[0-9]+}/last-ned", s.downloadDocument)
			r.Get("/apent/forum/{forum}", s.guestForum)
			r.Post("/apent/forum/{forum}/ny", s.guestStartThread)
			r.Get("/apent/forum/{forum}/{thread:[0-9]+}", s.guestThread)
			r.Post("/apent/forum/{forum}/{thread:[0-9]+}/svar", s.guestReply)
			r.Get("/apent/prosjekter/{id:[0-9]+}", s.guestProject)
			r.Get("/apent/konto", s.guestAccount)
			r.Post("/apent/konto/passord", s.changePassword("/apent/konto", s.renderGuestAccount))
			r.Post("/apent/konto/nyhetsbrev", s.setNewsletter)
		})

		// The owners' newsletter's unsubscribe link: the token is the credential, and the POST
		// is a mail program's one-click unsubscribe too (exempt from the cross-origin check).
		r.Get("/nyhetsbrev/avmeld/{token}", s.unsubscribePage)
		r.Post("/nyhetsbrev/avmeld/{token}", s.unsubscribe)
		r.Post("/nyhetsbrev/avmeld/{token}/angre", s.resubscribe) // from the answer's page: the cross-origin check applies

		// Members: everyone signed in.
		r.Group(func(r chi.Router) {
			r.Use(s.requireUser)
			r.Get("/sok", s.searchPage) // the one search; each kind's access rule is in its queries
			// The desk: cluster admins act, the steering group reads, company admins see their company's.
			r.Get("/skrivebord", s.deskPage)
			// Partner organisations and FoU projects: every member reads, cluster admins edit.
			r.Get("/partnere", s.partnerList)
			r.Get("/partnere/{org}", s.partnerPage)
			r.Get("/prosjekter", s.projectList)
			r.Get("/prosjekter/{id:[0-9]+}", s.projectPage)
			// Owners and partners: every member reads the owner municipalities; cluster admins and
			// company admins (their own company's owners) invite and manage their accounts (checked).
			r.Get("/eiere", s.ownersPage)
			r.Post("/eiere/inviter", s.inviteGuest)
			r.Post("/eiere/kontoer/{user}/deaktiver", s.setGuestActive(false))
			r.Post("/eiere/kontoer/{user}/aktiver", s.setGuestActive(true))
			r.Group(func(r chi.Router) {
				r.Use(s.requireClusterAdmin)
				r.Get("/partnere/ny", s.partnerForm)
				r.Post("/partnere/ny", s.savePartner)
				r.Get("/partnere/{org}/rediger", s.partnerForm)
				r.Post("/partnere/{org}/rediger", s.savePartner)
				r.Get("/prosjekter/nytt", s.projectForm)
				r.Post("/prosjekter/nytt", s.saveProject)
				r.Get("/prosjekter/{id:[0-9]+}/rediger", s.projectForm)
				r.Post("/prosjekter/{id:[0-9]+}/rediger", s.saveProject)
			})
			r.Group(func(r chi.Router) {
				r.Use(s.requireClusterAdmin)
				r.Post("/skrivebord/paminn/nokkeltall", s.remindReports)
				r.Post("/skrivebord/paminn/horing/{id}", s.remindConsultation)
				r.Post("/skrivebord/innstillinger", s.setThinShare)
			})

			r.Get("/medlemmer", s.companies)
			r.Get("/medlemmer/{company}", s.companyPage)
			// Company administration: the company's own admins and cluster admins (checked per company).
			r.Get("/medlemmer/{company}/rediger", s.editCompanyPage)
			r.Post("/medlemmer/{company}/rediger", s.updateCompany)
			r.Get("/medlemmer/{company}/logo", s.companyLogo)
			r.Post("/medlemmer/{company}/logo", s.uploadLogo)
			r.Post("/medlemmer/{company}/logo/slett", s.removeLogo)
			r.Get("/medlemmer/{company}/innlogging", s.ssoSettings)
			r.Post("/medlemmer/{company}/innlogging", s.saveSSOSettings)
			r.Post("/medlemmer/{company}/innlogging/test", s.testSSOSettings)
			r.Post("/medlemmer/{company}/innlogging/slett", s.deleteSSOSettings)
			r.Get("/medlemmer/{company}/brukere", s.companyUsers)
			r.Post("/medlemmer/{company}/brukere/inviter", s.invite)
			r.Get("/medlemmer/{company}/brukere/importer", s.bulkInvitePage)
			r.Post("/medlemmer/{company}/brukere/importer", s.previewBulkInvite)
			r.Post("/medlemmer/{company}/brukere/importer/send", s.sendBulkInvite)
			r.Get("/medlemmer/{company}/brukere/inaktive", s.dormantPage)
			r.Post("/medlemmer/{company}/brukere/inaktive", s.deactivateDormant)
			r.Post("/medlemmer/{company}/brukere/{user}/rolle", s.userChange(s.setRole))
			r.Post("/medlemmer/{company}/brukere/{user}/deaktiver", s.userChange(s.deactivate))
			r.Post("/medlemmer/{company}/brukere/{user}/aktiver", s.userChange(s.reactivate))
			r.Post("/medlemmer/{company}/brukere/{user}/inviter-igjen", s.userChange(s.reinvite))
			r.Post("/medlemmer/{company}/brukere/{user}/logg-ut", s.userChange(s.endSessions))
			r.Post("/medlemmer/{company}/brukere/{user}/anonymiser", s.userChange(s.anonymise)) // cluster admins (checked)
			r.Post("/medlemmer/{company}/brukere/{user}/nodtilgang", s.userChange(s.setBreakGlass))

			r.Get("/personer", s.people)
			r.Get("/personer/fagomrader", s.expertisePage)
			r.Get("/personer/{id}", s.person)
			r.Get("/personer/{id}/kontakt.vcf", s.personVCard)

			r.Get("/arrangementer", s.eventList(false))
			r.Get("/arrangementer/tidligere", s.eventList(true))
			r.Get("/arrangementer/kalender", s.calendarPage)
			r.Post("/arrangementer/kalender", s.newCalendarToken)
			r.Post("/arrangementer/kalender/slett", s.revokeCalendarToken)
			r.Get("/arrangementer/{event:[0-9]+}", s.eventPage)
			r.Get("/arrangementer/{event:[0-9]+}.ics", s.eventICS)
			r.Post("/arrangementer/{event:[0-9]+}/pamelding", s.registerEvent)
			r.Get("/arrangementer/{event:[0-9]+}/avmelding", s.confirmCancellation) // asks first; the form posts below
			r.Post("/arrangementer/{event:[0-9]+}/avmelding", s.cancelRegistration)
			r.Get("/arrangementer/{event:[0-9]+}/kolleger", s.colleaguesPage) // company admins (checked per event)
			r.Post("/arrangementer/{event:[0-9]+}/svar", s.updateAnswers)
			r.Get("/arrangementer/{event:[0-9]+}/tilbakemelding", s.feedbackFormPage) // participants (checked per event)
			r.Post("/arrangementer/{event:[0-9]+}/tilbakemelding", s.giveFeedback)
			r.Get("/personer/{id}/kompetanse.csv", s.recordCSV) // the person, their company admin, cluster admins
			// The organiser's tools: cluster admins.
			r.Group(func(r chi.Router) {
				r.Use(s.requireClusterAdmin)
				r.Get("/arrangementer/nytt", s.newEventPage)
				r.Post("/arrangementer/nytt", s.createEvent)
				r.Get("/arrangementer/{event:[0-9]+}/rediger", s.editEventPage)
				r.Post("/arrangementer/{event:[0-9]+}/rediger", s.updateEvent)
				r.Post("/arrangementer/{event:[0-9]+}/publiser", s.eventAction("publish"))
				r.Post("/arrangementer/{event:[0-9]+}/avlys", s.eventAction("cancel"))
				r.Post("/arrangementer/{event:[0-9]+}/kopier", s.eventAction("copy"))
				r.Get("/arrangementer/{event:[0-9]+}/deltakere", s.attendeesPage)
				r.Get("/arrangementer/{event:[0-9]+}/deltakere.csv", s.attendeesCSV)
				r.Post("/arrangementer/{event:[0-9]+}/deltakere/{registration:[0-9]+}/innsjekk", s.checkIn)
				r.Post("/arrangementer/{event:[0-9]+}/epost", s.mailAttendees)
				r.Get("/arrangementer/{event:[0-9]+}/sporsmal", s.questionsPage)
				r.Post("/arrangementer/{event:[0-9]+}/sporsmal", s.saveQuestion)
				r.Get("/arrangementer/{event:[0-9]+}/sporsmal/{question:[0-9]+}", s.editQuestionPage)
				r.Post("/arrangementer/{event:[0-9]+}/sporsmal/{question:[0-9]+}", s.saveQuestion)
				r.Post("/arrangementer/{event:[0-9]+}/sporsmal/{question:[0-9]+}/slett", s.questionAction("delete"))
				r.Post("/arrangementer/{event:[0-9]+}/sporsmal/{question:[0-9]+}/flytt", s.questionAction("move"))
				r.Get("/arrangementer/{event:[0-9]+}/program", s.programmePage)
				r.Post("/arrangementer/{event:[0-9]+}/program", s.saveSession)
				r.Get("/arrangementer/{event:[0-9]+}/program/{session:[0-9]+}", s.editSessionPage)
				r.Post("/arrangementer/{event:[0-9]+}/program/{session:[0-9]+}", s.saveSession)
				r.Post("/arrangementer/{event:[0-9]+}/program/{session:[0-9]+}/slett", s.deleteSession)
				r.Get("/arrangementer/{event:[0-9]+}/tilbakemeldinger", s.feedbackPage)
				r.Get("/arrangementer/tilbakemeldinger", s.scoresPage)
			})

			r.Get("/meg", s.mePage)
			r.Post("/meg", s.updateMe)
			r.Post("/meg/passord", s.changePassword("/meg", s.mePasswordErrors))
			r.Get("/meg/data.json", s.requireRecentAuth(s.myData))
			r.Get("/meg/bekreft", s.reauthPage)
			r.Post("/meg/bekreft", s.reauth)
			r.Get("/meg/innlogginger", s.sessionsPage)
			r.Post("/meg/innlogginger/logg-ut-alle", s.endOtherSessions)
			r.Post("/meg/innlogginger/{id}/logg-ut", s.endOwnSession)
			r.Post("/meg/varsler", s.setMailChoice)
			r.Post("/meg/bilde", s.uploadAvatar)
			r.Post("/meg/bilde/slett", s.removeAvatar)
			r.Get("/profilbilde/{user}/{size}", s.avatarPhoto)

			// Forums: access to each forum and thread is checked in the store's queries (404 when hidden).
			r.Get("/forum", s.forumIndex)
			r.Get("/forum/sok", s.forumSearch)
			r.Get("/forum/siste", s.forumView("siste"))
			r.Get("/forum/uleste", s.forumView("uleste"))
			r.Get("/forum/mine", s.forumView("mine"))
			r.Get("/forum/{forum}", s.forumPage)
			r.Get("/forum/{forum}/ny", s.newThreadPage)
			r.Post("/forum/{forum}/ny", s.createThread)
			r.Post("/forum/{forum}/lest", s.markForumRead)
			r.Post("/forum/{forum}/folg", s.watchForum)
			r.Get("/forum/{forum}/personer", s.mentionable)
			r.Get("/forum/{forum}/{thread}", s.threadPage)
			r.Get("/forum/{forum}/{thread}/svar", s.replyPage)
			r.Post("/forum/{forum}/{thread}/svar", s.reply)
			r.Post("/forum/{forum}/{thread}/folg", s.watchThread)
			r.Post("/forum/{forum}/{thread}/moderer", s.moderateThread)
			r.Get("/forum/{forum}/{thread}/innlegg/{seq}/rediger", s.editPostPage)
			r.Post("/forum/{forum}/{thread}/innlegg/{seq}/rediger", s.editPost)
			r.Post("/forum/{forum}/{thread}/innlegg/{seq}/slett", s.deletePost)
			r.Post("/forum/{forum}/{thread}/innlegg/{seq}/skjul", s.hidePost)
			r.Post("/forum/{forum}/{thread}/innlegg/{seq}/reaksjon", s.react)
			r.Post("/forum/{forum}/{thread}/innlegg/{seq}/losning", s.markSolution)
			r.Post("/forum/{forum}/{thread}/sporsmal", s.setQuestion)
			r.Get("/varsler", s.notificationsPage)
			r.Post("/varsler/lest", s.readNotifications)

			// The årshjul: everyone reads it; cluster admins and the steering group edit it.
			r.Get("/arshjul", s.wheelPage)
			r.Get("/arshjul/{year}", s.wheelPage)
			r.Get("/arshjul/{year}/arshjul.svg", s.wheelSVG)
			r.Get("/arshjul/{year}/arshjul.ics", s.wheelICS)
			r.Get("/arshjul/{year}/arshjul.csv", s.wheelCSV)
			r.Get("/arshjul/{year}/arshjul.png", s.wheelPicture(false))
			r.Get("/arshjul/{year}/arshjul.pdf", s.wheelPicture(true))
			r.Get("/arshjul/aktivitet/{id}", s.activityPage)
			r.Group(func(r chi.Router) {
				r.Use(s.allowOnly(plan.CanEdit))
				r.Get("/arshjul/aktivitet/ny", s.newActivityPage)
				r.Post("/arshjul/aktivitet/ny", s.createActivity)
				r.Get("/arshjul/aktivitet/{id}/rediger", s.editActivityPage)
				r.Post("/arshjul/aktivitet/{id}/rediger", s.updateActivity)
				r.Post("/arshjul/aktivitet/{id}/slett", s.deleteActivity)
				r.Post("/arshjul/{year}/kopier", s.copyYear)
			})

			// The strategy: everyone reads it and its versions; cluster admins and the steering group revise it.
			r.Get("/strategi", s.strategyPage)
			r.Get("/strategi/versjoner", s.strategyHistory)
			r.Get("/strategi/versjoner/{id}", s.strategyRevision)
			r.Group(func(r chi.Router) {
				r.Use(s.allowOnly(strategy.CanEdit))
				r.Get("/strategi/rediger", s.editStrategyPage)
				r.Post("/strategi/rediger", s.reviseStrategy)
				r.Post("/strategi/ny-periode", s.newStrategyPeriod)
			})

			r.Get("/horinger", s.consultationList)
			r.Get("/horinger/arkiv", s.consultationArchive)
			r.Get("/horinger/{id}", s.consultationPage)
			r.Post("/horinger/{id}/innspill", s.saveInput)
			r.Post("/horinger/{id}/kommentarer", s.addComment)
			r.Post("/horinger/{id}/standpunkt", s.setStance)
			r.Group(func(r chi.Router) {
				r.Use(s.requireClusterAdmin)
				r.Get("/horinger/ny", s.newConsultationPage)
				r.Post("/horinger/ny", s.createConsultation)
				r.Get("/horinger/{id}/rediger", s.editConsultationPage)
				r.Post("/horinger/{id}/rediger", s.updateConsultation)
			})

			// News: everyone reads; cluster and company admins publish, authors and cluster admins edit and delete.
			r.Get("/nyheter", s.newsList)
			r.Get("/nyheter/ny", s.newNewsPage)
			r.Post("/nyheter/ny", s.publishNews)
			r.Get("/nyheter/{id}", s.newsItem)
			r.Get("/nyheter/{id}/bilde", s.newsImage)
			r.Get("/nyheter/{id}/rediger", s.editNewsPage)
			r.Post("/nyheter/{id}/rediger", s.updateNews)
			r.Post("/nyheter/{id}/slett", s.deleteNews)

			// Kunnskapsbank: documents and their versions. The upload routes get a larger body
			// limit (large, above); every document is checked against the viewer by id.
			r.Get("/dokumenter", s.documentList)
			r.Post("/dokumenter", s.uploadDocument)
			r.Get("/dokumenter/ny", s.newDocumentPage)
			r.Get("/dokumenter/slettet", s.deletedDocuments)
			r.Get("/dokumenter/{id}", s.documentPage)
			r.Get("/dokumenter/{id}/last-ned", s.downloadDocument)
			r.Get("/dokumenter/{id}/versjoner/{n}/last-ned", s.downloadDocument)
			r.Get("/dokumenter/{id}/rediger", s.editDocumentPage)
			r.Post("/dokumenter/{id}/rediger", s.updateDocument)
			r.Post("/dokumenter/{id}/versjoner", s.addVersion)
			r.Post("/dokumenter/{id}/slett", s.deleteDocument)
			r.Post("/dokumenter/{id}/gjenopprett", s.restoreDocument)
			r.Get("/meg/tofaktor", s.secondFactorPage)
			r.Post("/meg/tofaktor/start", s.startSecondFactor)
			r.Post("/meg/tofaktor/bekreft", s.confirmSecondFactor)
			r.Get("/meg/tofaktor/koder", s.recoveryCodesPage)
			r.Post("/meg/tofaktor/nye-koder", s.requireRecentAuth(s.newRecoveryCodes))
			r.Post("/meg/tofaktor/av", s.disableSecondFactor)

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

			// Meetings of the governing groups: every meeting, case, paper, minutes and action is
			// checked against the viewer's groups in the store's queries (404 when hidden).
			r.Get("/moter", s.meetingList)
			r.Get("/moter/gruppe/{group}", s.meetingGroup)
			r.Get("/moter/{meeting:[0-9]+}", s.meetingPage)
			r.Get("/moter/{meeting:[0-9]+}/mote.ics", s.meetingICS)
			r.Get("/moter/{meeting:[0-9]+}/protokoll", s.protocolPage)
			r.Post("/moter/{meeting:[0-9]+}/svar", s.answerMeeting)
			r.Post("/moter/{meeting:[0-9]+}/godkjenn", s.approveMinutes)
			r.Post("/moter/tiltak/{action:[0-9]+}", s.updateAction)
			// The meeting's leader and cluster admins (checked per meeting); calling one: cluster admins.
			r.Get("/moter/{meeting:[0-9]+}/rediger", s.editMeetingPage)
			r.Post("/moter/{meeting:[0-9]+}/rediger", s.updateMeeting)
			r.Post("/moter/{meeting:[0-9]+}/innkalling", s.inviteMeeting)
			r.Get("/moter/{meeting:[0-9]+}/saker/ny", s.newCasePage)
			r.Post("/moter/{meeting:[0-9]+}/saker/ny", s.createCase)
			r.Get("/moter/{meeting:[0-9]+}/saker/{case:[0-9]+}", s.editCasePage)
			r.Post("/moter/{meeting:[0-9]+}/saker/{case:[0-9]+}", s.updateCase)
			r.Post("/moter/{meeting:[0-9]+}/saker/{case:[0-9]+}/dokumenter", s.casePaper(true))
			r.Post("/moter/{meeting:[0-9]+}/saker/{case:[0-9]+}/dokumenter/{document:[0-9]+}/fjern", s.casePaper(false))
			r.Post("/moter/{meeting:[0-9]+}/saker/{case:[0-9]+}/tiltak", s.addAction)
			r.Post("/moter/{meeting:[0-9]+}/saker/{case:[0-9]+}/deling", s.shareDecision)
			r.Get("/moter/{meeting:[0-9]+}/referat", s.minutesPage)
			r.Post("/moter/{meeting:[0-9]+}/referat", s.saveMinutes)
			r.Group(func(r chi.Router) {
				r.Use(s.requireClusterAdmin)
				r.Get("/moter/ny", s.newMeetingPage)
				r.Post("/moter/ny", s.createMeeting)
			})
			// The decision register: shared decisions for every member, the rest for the group.
			r.Get("/vedtak", s.decisionRegister)
			r.Get("/vedtak/{case:[0-9]+}", s.decisionPage)

			// Cluster administration.
			r.Route("/admin", func(r chi.Router) {
				r.Use(s.requireClusterAdmin)
				r.Get("/", s.adminIndex)
				r.Get("/grupper/{group}", s.adminGroup)
				r.Post("/grupper/{group}/medlemmer", s.membership(true))
				r.Post("/grupper/{group}/medlemmer/{user}/fjern", s.membership(false))
				r.Get("/forum/{forum}/moderatorer", s.moderatorsPage)
				r.Post("/forum/{forum}/moderatorer", s.appointModerator)
				r.Post("/forum/{forum}/moderatorer/{user}/fjern", s.dismissModerator)
				r.Get("/logg", s.adminAudit)
				r.Get("/utboks", s.adminOutbox)
			})
		})
	})

	r.NotFound(s.withSession(s.loadUser(http.HandlerFunc(s.notFound))).ServeHTTP)
	r.MethodNotAllowed(s.withSession(s.loadUser(http.HandlerFunc(s.methodNotAllowed))).ServeHTTP)
	return r
}
