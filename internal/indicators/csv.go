package indicators

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"klyngeportalen/internal/csvcell"
)

// MaxCSVLines bounds the data lines of an import.
const MaxCSVLines = 500

// LineError is what is wrong with one line of an imported CSV file.
type LineError struct {
	Line    int
	Message string
}

// ParseCSV reads a year's values from CSV: a header with the columns "indikator" (the
// indicator's short name, as in the export) and "verdi", separated by semicolons or commas;
// other columns are ignored. It returns the values by indicator id, or, when any line is
// wrong, nothing and every line's error: an import is all or nothing.
func ParseCSV(data []byte, inds []Indicator) (map[int64]float64, []LineError) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, []LineError{{0, "Filen er ikke UTF-8-tekst. Lagre den som «CSV UTF-8» og prøv igjen."}}
	}
	header, _, _ := bytes.Cut(data, []byte("\n"))
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = ','
	if bytes.Contains(header, []byte(";")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	r.ReuseRecord = false

	rec, err := r.Read()
	if err != nil {
		return nil, []LineError{{1, "Filen er tom eller mangler overskriftslinjen «indikator;verdi»."}}
	}
	colInd, colVal := -1, -1
	for i, h := range rec {
		switch strings.ToLower(strings.TrimSpace(csvcell.Unescape(h))) {
		case "indikator":
			colInd = i
		case "verdi":
			colVal = i
		}
	}
	if colInd < 0 || colVal < 0 {
		return nil, []LineError{{1, "Overskriftslinjen må ha kolonnene «indikator» og «verdi»."}}
	}

	bySlug := map[string]Indicator{}
	for _, ind := range inds {
		bySlug[ind.Slug] = ind
	}
	values := map[int64]float64{}
	seenOn := map[int64]int{}
	var errs []LineError
	lines := 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			errs = append(errs, LineError{pe.StartLine, "Linjen kan ikke leses (sjekk anførselstegnene)."})
			break // the reader cannot find its way after a broken quote
		}
		if err != nil {
			errs = append(errs, LineError{0, "Filen kan ikke leses."})
			break
		}
		line, _ := r.FieldPos(0)
		if blank(rec) {
			continue
		}
		if lines++; lines > MaxCSVLines {
			errs = append(errs, LineError{line, fmt.Sprintf("Filen har mer enn %d linjer med verdier.", MaxCSVLines)})
			break
		}
		if len(rec) <= colInd || len(rec) <= colVal {
			errs = append(errs, LineError{line, "Linjen mangler kolonnen «indikator» eller «verdi»."})
			continue
		}
		slug := strings.TrimSpace(csvcell.Unescape(rec[colInd]))
		ind, ok := bySlug[slug]
		if !ok {
			errs = append(errs, LineError{line, fmt.Sprintf("Ukjent indikator «%s». Bruk kortnavnet fra listen over indikatorer.", clip(slug))})
			continue
		}
		if first, dup := seenOn[ind.ID]; dup {
			errs = append(errs, LineError{line, fmt.Sprintf("«%s» står også på linje %d.", ind.Slug, first)})
			continue
		}
		seenOn[ind.ID] = line
		text := strings.TrimSpace(csvcell.Unescape(rec[colVal]))
		if text == "" {
			errs = append(errs, LineError{line, fmt.Sprintf("Verdien for «%s» mangler.", ind.Slug)})
			continue
		}
		e := map[string]string{}
		if v, ok := checkValue(e, "v", ind, text); ok {
			values[ind.ID] = v
		} else {
			errs = append(errs, LineError{line, e["v"]})
		}
	}
	if len(errs) == 0 && lines == 0 {
		errs = append(errs, LineError{1, "Filen har ingen linjer med verdier."})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return values, nil
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// WriteCSV writes rows as semicolon-separated CSV (as Norwegian spreadsheets expect), every cell escaped.
func WriteCSV(w io.Writer, rows [][]string) error {
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	for _, row := range rows {
		out := make([]string, len(row))
		for i, c := range row {
			out[i] = csvcell.Escape(c)
		}
		if err := cw.Write(out); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// CSVNumber writes v for a spreadsheet: decimal comma, no thousands separators.
func CSVNumber(v float64, decimals int) string {
	return strings.Replace(fmt.Sprintf("%.*f", decimals, v), ".", ",", 1)
}
