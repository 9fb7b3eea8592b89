package database

import (
	"context"
	"testing"
)

func TestReferenceIsKeptPerVersion(t *testing.T) {
	var r Reference[int]
	loads := 0
	load := func(context.Context) ([]int, error) { loads++; return []int{loads}, nil }
	get := func(ctx context.Context) int {
		t.Helper()
		list, err := r.Get(ctx, load)
		if err != nil || len(list) != 1 {
			t.Fatalf("%v, %v", list, err)
		}
		return list[0]
	}
	// Outside a request (no version) the list is always loaded.
	if get(context.Background()) != 1 || get(context.Background()) != 2 {
		t.Fatal("a list without a version was kept")
	}
	v7 := WithReferenceVersion(context.Background(), 7)
	if a, b := get(v7), get(v7); a != 3 || b != 3 {
		t.Fatalf("version 7: %d then %d, want the same list loaded once", a, b)
	}
	if get(WithReferenceVersion(context.Background(), 8)) != 4 {
		t.Fatal("a new version used the old list")
	}
	// The caller's slice is its own.
	list, _ := r.Get(WithReferenceVersion(context.Background(), 8), load)
	list[0] = 99
	if get(WithReferenceVersion(context.Background(), 8)) != 4 {
		t.Fatal("a caller changed the kept list")
	}
}
