package directory

import (
	"strconv"

	"klyngeportalen/internal/members"
	"klyngeportalen/web/components"
)

// BulkInvitePage is inviting many at once: the list, then a preview of every line, then sending.
type BulkInvitePage struct {
	Company members.Company
	List    string               // the list as pasted or read from the file
	Lines   []members.InviteLine // the preview, once asked for
	New     int                  // lines that will be invited
	Errors  components.Errors
}

// DormantPage lists people who have not signed in for six months, to deactivate in one step.
type DormantPage struct {
	Company members.Company
	People  []members.Person
}

// InviteStatusText is the status of a preview line in Norwegian.
func InviteStatusText(l members.InviteLine) string {
	switch l.Status {
	case members.InviteNew:
		return "Ny: inviteres"
	case members.InviteExists:
		return "Finnes allerede"
	case members.InviteRepeated:
		return "Dobbel"
	}
	return "Ugyldig"
}

func inviteStatusColor(l members.InviteLine) string {
	switch l.Status {
	case members.InviteNew:
		return "success"
	case members.InviteExists, members.InviteRepeated:
		return "neutral"
	}
	return "danger"
}

func sendLabel(n int) string {
	if n == 1 {
		return "Send 1 invitasjon"
	}
	return "Send " + strconv.Itoa(n) + " invitasjoner"
}
