package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeLayoutMatchesTheTree: every folder README.md's layout section names exists, and
// every folder of the tree (top level, internal/, internal/*/, web/) is named there.
func TestReadmeLayoutMatchesTheTree(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	start := strings.Index(text, "## How the code is laid out\n\n```\n")
	if start < 0 {
		t.Fatal("README.md has no layout section")
	}
	block := text[start:]
	block = block[strings.Index(block, "```\n")+4:]
	block = block[:strings.Index(block, "```")]

	// The names in the block, with their parents by indentation.
	named := map[string]bool{}
	parents := map[int]string{}
	name := regexp.MustCompile(`([a-z0-9_]+(?:/[a-z0-9_]+)*)/`)
	for _, line := range strings.Split(block, "\n") {
		indent := len(line) - len(strings.TrimLeft(line, " "))
		field := strings.TrimSpace(line)
		if indent > 20 || field == "" { // a continued description
			continue
		}
		first := strings.SplitN(field, "  ", 2)[0]
		for _, m := range name.FindAllStringSubmatch(first, -1) {
			p := m[1]
			if indent > 0 {
				p = parents[indent-2] + "/" + p
			}
			for q := p; q != "."; q = filepath.Dir(q) { // cmd/portal/ names cmd/ too
				named[q] = true
			}
			parents[indent] = p
		}
	}
	for p := range named {
		if st, err := os.Stat(filepath.Join("../..", p)); err != nil || !st.IsDir() {
			t.Errorf("README names %s/, which is not a folder", p)
		}
	}
	var folders []string
	for _, pattern := range []string{"*", "internal/*", "internal/*/*", "web/*"} {
		m, _ := filepath.Glob(filepath.Join("../..", pattern))
		for _, f := range m {
			rel, _ := filepath.Rel("../..", f)
			st, err := os.Stat(f)
			base := filepath.Base(rel)
			if err != nil || !st.IsDir() || strings.HasPrefix(base, ".") || base == "node_modules" || base == "testdata" ||
				rel == "web/static/vendor" || rel == "bin" || rel == "backups" {
				continue
			}
			folders = append(folders, rel)
		}
	}
	for _, f := range folders {
		if !named[filepath.ToSlash(f)] {
			t.Errorf("the folder %s/ is missing from README's layout section", f)
		}
	}
}
