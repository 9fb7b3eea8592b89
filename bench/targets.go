package main

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// discoverTargets returns the pages under load, with ids looked up in the scale database.
func discoverTargets(ctx context.Context, url string) ([]target, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, err
	}
	defer conn.Close(ctx)
	var company string
	if err := conn.QueryRow(ctx, `SELECT slug FROM companies ORDER BY id LIMIT 1`).Scan(&company); err != nil {
		return nil, err
	}
	return []target{
		{name: "Baseline /livez", path: "/livez", user: -1},
		{name: "Dashboard", path: "/", user: 0},
		{name: "Member companies", path: "/medlemmer", user: 1},
		{name: "A member company", path: "/medlemmer/" + company, user: 2},
		{name: "People, first page", path: "/personer", user: 3},
	}, nil
}
