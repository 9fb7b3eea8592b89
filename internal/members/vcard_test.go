package members_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"klyngeportalen/internal/members"
)

func TestVCardFoldsLongLinesWithoutSplittingCharacters(t *testing.T) {
	p := members.Person{Name: strings.Repeat("Æøå ", 40) + "Olsen", CompanyName: "Remiks Miljøpark AS", Email: "a@b.example", Department: "a;b,c\\d\ne"}
	card := members.VCard(p, "")
	var unfolded []string
	for _, l := range strings.Split(strings.TrimSuffix(card, "\r\n"), "\r\n") {
		if len(l) > 75 || !utf8.ValidString(l) {
			t.Errorf("line of %d octets or split character: %q", len(l), l)
		}
		if strings.HasPrefix(l, " ") {
			unfolded[len(unfolded)-1] += l[1:]
		} else {
			unfolded = append(unfolded, l)
		}
	}
	if want := "FN:" + p.Name; !contains(unfolded, want) {
		t.Errorf("the unfolded card lacks %q", want)
	}
	if want := `ORG:Remiks Miljøpark AS;a\;b\,c\\d\ne`; !contains(unfolded, want) {
		t.Errorf("the unfolded card lacks %q: %q", want, unfolded)
	}
}

func TestParseTagsNormalisesAndBounds(t *testing.T) {
	tags, msg := members.ParseTags(" Plukkanalyse,  HMS ,, hms, farlig  avfall ")
	if msg != "" || strings.Join(tags, "|") != "plukkanalyse|hms|farlig avfall" {
		t.Errorf("%q %q", tags, msg)
	}
	for _, bad := range []string{strings.Repeat("x", 41), "a<b", strings.Repeat("t,", 15) + "u,v,w,x,y,z,æ,ø,å,q,r,s,p,o,n,m"} {
		if _, msg := members.ParseTags(bad); msg == "" {
			t.Errorf("%q accepted", bad)
		}
	}
}

func contains(list []string, s string) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}
