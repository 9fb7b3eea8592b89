// Package migrations embeds the goose SQL migrations (NNNNN_name.sql).
package migrations

import "embed"

// FS holds the migration files.
//
//go:embed *.sql
var FS embed.FS
