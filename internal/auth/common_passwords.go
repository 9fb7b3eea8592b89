package auth

import (
	"strings"

	"github.com/trustelem/zxcvbn"
)

// Guessable passwords are refused by an estimate of how many guesses they take: zxcvbn (Dropbox's
// estimator, ported to Go) with its frequency lists — 30 000 common passwords from leaks, English
// words, names and surnames — plus the Norwegian and cluster words below. A password is refused
// when it would fall within 10^10 guesses (zxcvbn's score below 3): words of the lists with digits,
// years, keyboard walks, repeats, l33t and reversals all count as guessable.
const minPasswordScore = 3

// localWords are Norwegian words and words of this portal that an attacker tries first; zxcvbn
// ranks them as its most common dictionary. Compared in lower case.
var localWords = []string{
	"passord", "passordet", "mittpassord", "hemmelig", "hemmelighet", "velkommen", "hei", "heisann",
	"sommer", "vinter", "høst", "vår", "januar", "februar", "mars", "april", "mai", "juni", "juli",
	"august", "september", "oktober", "november", "desember", "mandag", "fredag", "jul", "påske",
	"norge", "norway", "noreg", "nordnorge", "nord", "nordland", "troms", "finnmark", "tromsø",
	"bodø", "narvik", "harstad", "alta", "hammerfest", "vadsø", "kirkenes", "mosjøen", "sandnessjøen",
	"senja", "lofoten", "vesterålen", "salten", "helgeland", "oslo", "bergen", "trondheim",
	"klynge", "klyngen", "klyngeportalen", "portalen", "portal", "avfall", "avfallet", "avfallsklynge",
	"avfallsklyngenord", "avfallsservice", "renovasjon", "gjenvinning", "kildesortering", "søppel",
	"restavfall", "plast", "papir", "matavfall", "miljø", "sirkulær", "ombruk", "kommune",
	"iris", "iris-salten", "irissalten", "las", "haf", "hrs", "reno-vest", "renovest", "remiks",
	"vefas", "fimil", "senja-avfall", "senjaavfall", "finnmark-ressursselskap", "ressursselskap",
	"klynge-demo", "demo", "admin", "administrator", "bruker", "ansatt", "direktør", "leder",
	"kjæreste", "elskling", "fotball", "rosenborg", "glimt", "bodøglimt", "tromsøil", "hund", "katt",
	"solskinn", "sommerferie", "juleferie", "qwertyuiopå", "asdfghjkløæ", "zxcvbnm",
}

// tooCommon reports whether pw is among the most guessable passwords, as zxcvbn estimates with
// the local words (and the person's own words, such as their name and address) added.
func tooCommon(pw string, personal ...string) bool {
	distinct := map[rune]bool{}
	for _, r := range strings.ToLower(pw) {
		distinct[r] = true
	}
	if len(distinct) < 5 { // øøøøøøøøøø, abababababab: zxcvbn misses some of these in UTF-8
		return true
	}
	inputs := make([]string, 0, len(localWords)+len(personal))
	inputs = append(inputs, localWords...)
	for _, p := range personal {
		for _, w := range strings.FieldsFunc(strings.ToLower(p), func(r rune) bool { return r == ' ' || r == '@' || r == '.' }) {
			if len(w) >= 3 {
				inputs = append(inputs, w)
			}
		}
	}
	return zxcvbn.PasswordStrength(strings.ToLower(pw), inputs).Score < minPasswordScore
}
