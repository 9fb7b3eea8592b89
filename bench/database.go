package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/database"
)

// scalePassword is the password of the scale database's accounts (development data only).
const scalePassword = "klynge-demo-2026"

// benchUsers are the people logged in for the load, of different companies and roles.
var benchUsers = []string{"ansatt@iris-salten.example", "direktor@hrs.example", "admin@las.example", "ansatt@reno-vest.example"}

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
	if o.reseed {
		if err := dropDatabase(ctx, c.URL("postgres"), "bench"); err != nil {
			return "", "", err
		}
	}
	if err := c.EnsureDatabase(ctx, "bench"); err != nil {
		return "", "", err
	}
	url := c.URL("bench")
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return "", "", err
	}
	defer conn.Close(ctx)
	var version string
	if err := conn.QueryRow(ctx, `SHOW server_version`).Scan(&version); err != nil {
		return "", "", err
	}
	var seeded bool
	_ = conn.QueryRow(ctx, `SELECT count(*) >= 5000 FROM users`).Scan(&seeded) // no table yet: not seeded
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

func dropDatabase(ctx context.Context, adminURL, name string) error {
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`)
	return err
}
