package csvcell

import "testing"

func TestEscapeAndUnescape(t *testing.T) {
	for in, want := range map[string]string{
		"=SUM(A1)": "'=SUM(A1)", "+47": "'+47", "-1": "'-1", "@cmd": "'@cmd", "\tx": "'\tx", "\rx": "'\rx",
		"'=x": "''=x", "'tekst": "''tekst", "Tromsø": "Tromsø", "": "", "1,5": "1,5",
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
		if back := Unescape(Escape(in)); back != in {
			t.Errorf("Unescape(Escape(%q)) = %q", in, back)
		}
	}
	if !Risky("=1") || Risky("'tekst") || Risky("Bodø") {
		t.Error("Risky is wrong")
	}
}
