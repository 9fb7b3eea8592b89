package guests

import (
	"time"

	"klyngeportalen/web/format"
)

// span writes a period: "5. juni 2026" or "5. juni 2026 – 7. august 2026".
func span(from, to time.Time) string {
	if from.Equal(to) {
		return format.Date(from)
	}
	return format.Date(from) + " – " + format.Date(to)
}
