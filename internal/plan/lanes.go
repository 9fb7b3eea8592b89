package plan

import "slices"

// Interval is a span of whole days, both ends inclusive.
type Interval struct{ Start, End int }

// AssignLanes puts each interval in a lane so that no two overlapping intervals share one,
// using as few lanes as the deepest overlap needs. It returns the lane of each interval (in
// the order given) and the number of lanes. Greedy by start: each interval takes the lowest
// lane that is free on its first day, which is optimal for interval graphs.
func AssignLanes(iv []Interval) (lanes []int, count int) {
	order := make([]int, len(iv))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if iv[a].Start != iv[b].Start {
			return iv[a].Start - iv[b].Start
		}
		return iv[a].End - iv[b].End
	})
	lanes = make([]int, len(iv))
	var busyUntil []int // the last day taken in each lane
	for _, i := range order {
		lane := -1
		for l, end := range busyUntil {
			if end < iv[i].Start {
				lane = l
				break
			}
		}
		if lane < 0 {
			lane = len(busyUntil)
			busyUntil = append(busyUntil, 0)
		}
		busyUntil[lane] = iv[i].End
		lanes[i] = lane
	}
	return lanes, len(busyUntil)
}

// MaxOverlap is the largest number of intervals that share one day: the fewest lanes possible.
func MaxOverlap(iv []Interval) int {
	type edge struct{ day, delta int }
	edges := make([]edge, 0, 2*len(iv))
	for _, v := range iv {
		edges = append(edges, edge{v.Start, 1}, edge{v.End + 1, -1})
	}
	slices.SortFunc(edges, func(a, b edge) int {
		if a.day != b.day {
			return a.day - b.day
		}
		return a.delta - b.delta // ends before starts on the same day
	})
	best, cur := 0, 0
	for _, e := range edges {
		cur += e.delta
		best = max(best, cur)
	}
	return best
}
