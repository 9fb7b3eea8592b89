package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"klyngeportalen/internal/documents"
	"klyngeportalen/internal/domain"
	"klyngeportalen/internal/forum"
	"klyngeportalen/internal/members"
	"klyngeportalen/internal/validate"
)

// TestOneMappingOfErrorsToStatuses: every kind of domain error, however wrapped, gets its
// status; anything else is a 500.
func TestOneMappingOfErrorsToStatuses(t *testing.T) {
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	for _, c := range []struct {
		err  error
		want int
	}{
		{fmt.Errorf("thread 7: %w", forum.ErrNotFound), http.StatusNotFound},
		{members.ErrForbidden, http.StatusForbidden},
		{documents.ErrConflict, http.StatusConflict},
		{forum.ErrLocked, http.StatusConflict},
		{documents.ErrIncomplete, http.StatusBadRequest},
		{domain.New(domain.TooLarge, "x"), http.StatusRequestEntityTooLarge},
		{&http.MaxBytesError{Limit: 10}, http.StatusRequestEntityTooLarge},
		{validate.Errors{"title": "Skriv en tittel."}, http.StatusUnprocessableEntity},
		{fmt.Errorf("query: %w", context.DeadlineExceeded), http.StatusServiceUnavailable},
		{errors.New("documents: not found"), http.StatusInternalServerError}, // the text decides nothing
	} {
		if got := statusOf(r, c.err); got != c.want {
			t.Errorf("%v: status %d, want %d", c.err, got, c.want)
		}
	}
	for k := domain.Invalid; k <= domain.TooLarge; k++ {
		if statuses[k] == 0 {
			t.Errorf("kind %d has no status", k)
		}
	}
}
