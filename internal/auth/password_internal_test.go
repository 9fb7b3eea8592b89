package auth

import (
	"strings"
	"testing"
)

// The dummy hash must be a well-formed hash with the parameters of real ones: a malformed one
// would be refused at once, and an unknown address would answer faster than a known one.
func TestDummyHashCostsWhatARealHashCosts(t *testing.T) {
	ok, err := VerifyPassword("et eller annet passord", dummyHash)
	if err != nil || ok {
		t.Fatalf("VerifyPassword(dummyHash) = %v, %v; want false, nil", ok, err)
	}
	real, err := HashPassword("et eller annet passord")
	if err != nil {
		t.Fatal(err)
	}
	params := func(h string) string { p := strings.Split(h, "$"); return p[1] + p[2] + p[3] }
	if params(dummyHash) != params(real) {
		t.Fatalf("dummy hash parameters %q differ from a real hash's %q", params(dummyHash), params(real))
	}
}
