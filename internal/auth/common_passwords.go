package auth

// commonPasswords are passwords of 10 characters or more that appear at the top of leaked
// password lists, and obvious ones for this portal. Compared in lower case.
var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range []string{
		"1234567890", "12345678910", "123456789a", "0123456789", "1111111111", "0000000000",
		"1q2w3e4r5t", "1qaz2wsx3edc", "qwertyuiop", "qwerty1234", "qwerty123456", "asdfghjkl1",
		"password12", "password123", "password1234", "passw0rd123", "iloveyou12", "123qweasdzxc",
		"abcdefghij", "abc1234567", "aaaaaaaaaa", "9876543210", "princess12", "football12",
		"sommer2024", "sommer2025", "sommer2026", "vinter2025", "vinter2026", "høst2026!!",
		"passord123", "passord1234", "passordet1", "mittpassord", "hemmelig123", "velkommen1",
		"velkommen123", "velkommen2026", "norge12345", "norge2026!", "tromsø2026", "bodø123456",
		"klyngeportalen", "klyngeportalen1", "klyngeportalen2026", "avfallsklynge", "avfallsklyngenord",
		"klynge-demo-2026", "avfall12345", "avfall2026", "renovasjon1", "remiks12345", "iris123456",
		"changeme123", "letmein1234", "welcome123", "welcome2026", "administrator", "admin12345",
	} {
		m[p] = true
	}
	return m
}()
