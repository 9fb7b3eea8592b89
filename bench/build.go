package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// buildPortal builds the checkout's portal into dir and returns the binary's path: a binary
// left from an earlier build would measure that build's code (a session once compared two
// versions of the code with the same old bin/portal).
func buildPortal(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "portal")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/portal")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("building the portal: %w", err)
	}
	return bin, nil
}

// checkout names the code measured: the commit, and whether the checkout had changes.
func checkout() string {
	head, err := exec.Command("git", "rev-parse", "--short=12", "HEAD").Output()
	if err != nil {
		return "unknown (not a git checkout)"
	}
	rev := strings.TrimSpace(string(head))
	if status, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(status) > 0 {
		rev += " with uncommitted changes"
	}
	return rev
}
