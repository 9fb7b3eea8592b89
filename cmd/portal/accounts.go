package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/config"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/demo"
	"klyngeportalen/internal/members"
)

// seed fills an empty database: --demo with the demo accounts (development only), --companies
// with the 11 companies and the groups alone, --scale with the demo data and the load
// benchmark's scale data (development only).
func seed(ctx context.Context, cfg config.Config, logger *slog.Logger, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	withDemo := fs.Bool("demo", false, "also create the demo accounts and demo content (development only)")
	companies := fs.Bool("companies", false, "create the companies and groups only")
	scale := fs.Bool("scale", false, "demo data and years of scale data for the load benchmark (development only)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if n := btoi(*withDemo) + btoi(*companies) + btoi(*scale); n != 1 {
		return errors.New("usage: portal seed --demo | --companies | --scale")
	}
	if (*withDemo || *scale) && !cfg.Dev() {
		return errors.New("seed --demo and --scale are refused outside development mode: demo accounts share a public password")
	}
	pool, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := database.Migrate(ctx, pool, logger); err != nil {
		return err
	}
	if *scale {
		start := time.Now()
		fmt.Fprintln(stdout, "Filling the scale data:")
		if err := demo.Scale(ctx, pool, cfg.DemoPassword, stdout); err != nil {
			return err
		}
		if err := demo.SecondFactor(ctx, pool, cfg.TOTPKey); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Scale data in %v.\n", time.Since(start).Round(time.Second))
		return nil
	}
	password := ""
	if *withDemo {
		password = cfg.DemoPassword
	}
	sum, err := demo.Seed(ctx, pool, password)
	if err != nil {
		return err
	}
	if sum.Skipped {
		fmt.Fprintln(stdout, "The database already has its companies; nothing seeded.")
		return nil
	}
	if *withDemo {
		if err := demo.SecondFactor(ctx, pool, cfg.TOTPKey); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "Seeded %d companies and %d accounts.\n", sum.Companies, sum.Users)
	if *withDemo {
		fmt.Fprintf(stdout, "Demo logins (password %q):\n  klyngeleder@remiks.example  (cluster admin; second factor: TOTP secret %s)\n  admin@iris-salten.example    (company admin; the same second factor)\n  direktor@hrs.example         (direktørforum)\n  ansatt@vefas.example         (member)\n  eier@bodo.example            (owner representative, Bodø)\n  partner@nord.example         (partner, Nord universitet)\n", password, auth.DemoTOTPSecret)
	}
	return nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// addUser creates an account with a password read from standard input: the first cluster
// admin in production.
func addUser(ctx context.Context, cfg config.Config, logger *slog.Logger, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("adduser", flag.ContinueOnError)
	company := fs.String("company", "", "company slug, e.g. remiks")
	email := fs.String("email", "", "e-mail address")
	name := fs.String("name", "", "full name")
	role := fs.String("role", string(auth.RoleClusterAdmin), "member, company_admin or cluster_admin")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *company == "" || *email == "" || *name == "" {
		return errors.New("usage: portal adduser -company SLUG -email E -name N [-role R] (password on standard input)")
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	password := strings.TrimRight(line, "\r\n")
	pool, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := database.Migrate(ctx, pool, logger); err != nil {
		return err
	}
	id, err := members.AddUser(ctx, pool, *company, *email, *name, password, auth.Role(*role))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Created user %d (%s, %s).\n", id, *email, *role)
	return nil
}
