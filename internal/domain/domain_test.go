package domain_test

import (
	"errors"
	"fmt"
	"testing"

	"klyngeportalen/internal/documents"
	"klyngeportalen/internal/domain"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/forum"
	"klyngeportalen/internal/validate"
)

func TestAreaErrorsMatchTheirKindOnly(t *testing.T) {
	wrapped := fmt.Errorf("loading the thread: %w", forum.ErrNotFound)
	if !errors.Is(wrapped, domain.ErrNotFound) || !errors.Is(wrapped, forum.ErrNotFound) {
		t.Error("a wrapped forum.ErrNotFound is not a domain.ErrNotFound")
	}
	if errors.Is(wrapped, events.ErrNotFound) || errors.Is(wrapped, domain.ErrForbidden) {
		t.Error("forum.ErrNotFound matches another area's error or another kind")
	}
	for _, c := range []struct {
		err  error
		want domain.Kind
	}{
		{wrapped, domain.NotFound}, {documents.ErrConflict, domain.Conflict}, {forum.ErrLocked, domain.Conflict},
		{events.ErrForbidden, domain.Forbidden}, {documents.ErrIncomplete, domain.Invalid},
		{validate.Errors{"title": "Skriv en tittel."}, domain.Invalid},
		{&documents.FileError{Message: "For stor", TooLarge: true}, domain.TooLarge},
		{errors.New("ERROR: relation \"groups\" does not exist (42P01)"), 0},
	} {
		if got := domain.KindOf(c.err); got != c.want {
			t.Errorf("KindOf(%v) = %d, want %d", c.err, got, c.want)
		}
	}
	if errors.Is(&documents.FileError{Message: "Feil type"}, domain.ErrTooLarge) {
		t.Error("a refused file of the wrong type is too large")
	}
}
