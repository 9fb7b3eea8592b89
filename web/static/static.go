// Package static embeds the portal's static files: our own app.css and the Designsystemet CSS
// that the Makefile copies into vendor/ from node_modules (built, never committed).
package static

import "embed"

// FS holds the files of this folder.
//
//go:embed *
var FS embed.FS

// Stylesheets are the style sheets every page loads, in order.
var Stylesheets = []string{"vendor/designsystemet.css", "vendor/theme.css", "app.css"}

// Scripts are the module scripts every page loads (progressive touches only).
var Scripts = []string{"mentions.js"}
