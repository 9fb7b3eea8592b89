package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"klyngeportalen/internal/config"
	"klyngeportalen/internal/database"
)

// backup writes the whole database to a pg_dump file in custom format (compressed, restorable
// with pg_restore table by table). The file appears under its name only when complete.
// Restore: see README.md ("Backup and restore").
func backup(ctx context.Context, cfg config.Config, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	out := fs.String("o", "", "file to write (default backups/portal-<UTC time>.dump)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	dbURL, err := databaseURL(ctx, cfg)
	if err != nil {
		return err
	}
	pgDump, err := postgresTool("pg_dump")
	if err != nil {
		return err
	}
	if *out == "" {
		*out = filepath.Join("backups", "portal-"+time.Now().UTC().Format("20060102-150405")+".dump")
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o700); err != nil {
		return err
	}
	tmp := *out + ".partial"
	conn, password := withoutPassword(dbURL)
	cmd := exec.CommandContext(ctx, pgDump, "--format=custom", "--no-owner", "--no-privileges", "--file="+tmp, "--dbname="+conn)
	cmd.Env = os.Environ()
	if password != "" { // in the environment, not on the command line where ps shows it
		cmd.Env = append(cmd.Env, "PGPASSWORD="+password)
	}
	if msg, err := cmd.CombinedOutput(); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("pg_dump: %w: %s", err, msg)
	}
	if err := os.Rename(tmp, *out); err != nil {
		return err
	}
	st, err := os.Stat(*out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup written to %s (%d bytes)\n", *out, st.Size())
	return nil
}

// postgresTool finds a PostgreSQL client program on PATH or beside the server binaries.
func postgresTool(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	dir, err := database.FindBinDir()
	if err != nil {
		return "", errors.New(name + " not found: install the PostgreSQL client (Debian: apt-get install postgresql-client)")
	}
	return filepath.Join(dir, name), nil
}

// withoutPassword returns a URL connection string without its password, and the password.
func withoutPassword(conn string) (string, string) {
	u, err := url.Parse(conn)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.User == nil {
		return conn, ""
	}
	password, ok := u.User.Password()
	if !ok {
		return conn, ""
	}
	u.User = url.User(u.User.Username())
	return u.String(), password
}
