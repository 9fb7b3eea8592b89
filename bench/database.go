package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/database"
	"klyngeportalen/internal/demo"
)

// scalePassword is the password of the scale database's accounts (development data only).
const scalePassword = "klynge-demo-2026"

// benchUsers are the people logged in for the load, of different companies and roles.
var benchUsers = []string{"ansatt@iris-salten.example", "direktor@hrs.example", "admin@las.example", "ansatt@reno-vest.example", demo.DemoOwner}

// scaleDatabase starts the private PostgreSQL, and fills the database "bench" with the scale
// data unless it already holds it. It returns the database's URL and the server's version.
func scaleDatabase(ctx context.Context, o options) (string, string, error) {
	c, err := database.NewCluster(o.dataDir, "postgres")
	if err != nil {
		return "", "", err
	}
	if err := c.Start(ctx); err != nil {
		return "", "", err
	}
	url := c.URL("bench")
	seeded, err := scaleDataState(ctx, c, url, o.reseed)
	if err != nil {
		return "", "", err
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return "", "", err
	}
	defer conn.Close(ctx)
	var version string
	if err := conn.QueryRow(ctx, `SHOW server_version`).Scan(&version); err != nil {
		return "", "", err
	}
	if !seeded {
		fmt.Println("filling the scale database (portal seed --scale) …")
		cmd := exec.CommandContext(ctx, o.portal, "seed", "--scale")
		cmd.Env = append(os.Environ(), "PORTAL_ENV=development", "DATABASE_URL="+url, "PORTAL_DEMO_PASSWORD="+scalePassword)
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			return "", "", fmt.Errorf("seed --scale: %w", err)
		}
	}
	return url, version, nil
}

// scaleDataState makes sure the database "bench" exists, and reports whether it holds today's
// scale data. A database filled before the scale data had its latest part (the meetings), or
// any database when reseed is set, is dropped and made anew, empty.
func scaleDataState(ctx context.Context, c *database.Cluster, url string, reseed bool) (bool, error) {
	for range 2 {
		if reseed {
			if err := dropDatabase(ctx, c.URL("postgres"), "bench"); err != nil {
				return false, err
			}
		}
		if err := c.EnsureDatabase(ctx, "bench"); err != nil {
			return false, err
		}
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			return false, err
		}
		var people, meetings bool
		// No table yet: not seeded.
		_ = conn.QueryRow(ctx, `SELECT (SELECT count(*) >= 5000 FROM users), (SELECT count(*) >= 100 FROM meetings)`).Scan(&people, &meetings)
		conn.Close(ctx)
		if !people || meetings {
			return people, nil
		}
		fmt.Println("the scale data predates the meetings in it: filling it anew")
		reseed = true
	}
	return false, errors.New("the scale database could not be made anew")
}

func dropDatabase(ctx context.Context, adminURL, name string) error {
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`)
	return err
}
