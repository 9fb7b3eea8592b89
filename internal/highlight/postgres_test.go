package highlight

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"klyngeportalen/internal/database/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

// A snippet marks a word of the text when PostgreSQL's Norwegian text search matches it with the
// search: every word of a list searched for, and looked for in every other.
func TestMarkedWhereTheDatabaseMatches(t *testing.T) {
	words := strings.Fields(`plukkanalyse plukkanalysene plukkanalysens restavfall restavfallet restavfallets
		kommune kommunene kommunenes innsamling innsamlingen innsamlingene gjenvinning gjenvinningsstasjon
		bedrift bedriftene bedriftenes anbud anbudet anbudene avfall avfallet avfallsselskap avfallsselskapene
		matavfall glass metallemballasje kompost komposten kompostering kompostert komposterte sortering sortert
		sorterte sorterer henting hentet hentes hentede beholder beholderen beholdere beholderne renovasjon
		renovasjonsbil bil biler bilen bilde bildene farlig farlige lovlig lovlige heftig økonomi økonomisk
		økonomiske ærlig åpen åpne åpning samarbeid samarbeidet styre styret styrene direktør direktørene møte
		møtet møtene vedtak vedtaket seminaret seminarer konferanse konferansen arbeid andre ny tid og i at det
		som en på er for med ikke seg alle hvis deres HMS CO2 2027 a2`)
	rows, err := dbtest.Pool(t).Query(context.Background(), `
		SELECT q, querytree(websearch_to_tsquery('norwegian', q)),
		       array(SELECT d FROM unnest($1::text[]) d WHERE to_tsvector('norwegian', d) @@ websearch_to_tsquery('norwegian', q))
		FROM unnest($1::text[]) q`, words)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var q, tree string
		var want []string
		if err := rows.Scan(&q, &tree, &want); err != nil {
			t.Fatal(err)
		}
		query := Parse(tree)
		var got []string
		for _, d := range words {
			if strings.Contains(query.Snippet(d, 1, 1), Start) {
				got = append(got, d)
			}
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: the database matches %q, the snippet marks %q", q, want, got)
		}
		n++
	}
	if rows.Err() != nil || n != len(words) {
		t.Fatalf("%d of %d words compared: %v", n, len(words), rows.Err())
	}
}
