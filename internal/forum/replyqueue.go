package forum

import (
	"context"
	"errors"
	"sync"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/database"
)

// Replies to one thread are numbered one after the other under the lock of the thread's row,
// held to the commit: a busy thread takes one reply per lock, commit and wake-up of the next
// writer (make bench: 32 connections replying to one thread waited in line for the row). The
// replies that arrive while one is being written are therefore written together, by one of
// their requests, as one batch — one round trip, one transaction, one wait for the row and
// one change of it — each reply its own statement (replySQL). Should the batch fail (a second
// submit of a form among them), each is written alone, so that it fails alone. Across
// instances the row's lock keeps the order, as before.

// maxReplyBatch bounds the replies written in one batch.
const maxReplyBatch = 64

// replyQueue holds, per thread being written to, the replies waiting for the writer.
type replyQueue struct {
	mu      sync.Mutex
	waiting map[int64][]*replyJob // a thread is in the map while a batch of it is written
}

// replyJob is one reply's statement arguments and, once done, its number or error.
type replyJob struct {
	args  database.Named
	seq   int
	err   error
	lead  bool        // woken to write the batch (with more) rather than with the result
	more  []*replyJob // the replies this one writes with itself when it leads
	ready chan struct{}
}

// writeReply writes the reply of args (replySQL) to thread threadID, with the replies to it
// waiting at the time, and returns its number; pgx.ErrNoRows when it was not added.
func (s *Store) writeReply(ctx context.Context, threadID int64, args database.Named) (int, error) {
	job := &replyJob{args: args, ready: make(chan struct{})}
	q := s.replies
	q.mu.Lock()
	if w, busy := q.waiting[threadID]; busy {
		q.waiting[threadID] = append(w, job)
		q.mu.Unlock()
		<-job.ready
		if !job.lead {
			return job.seq, job.err
		}
	} else {
		q.waiting[threadID] = nil
		q.mu.Unlock()
	}
	// This request writes itself and those handed to it, then hands the rest to the first of
	// them (or leaves the thread): every request leads at most one batch.
	batch := append([]*replyJob{job}, job.more...)
	s.writeReplies(context.WithoutCancel(ctx), threadID, batch) // the others' replies go on if this request ends
	q.mu.Lock()
	rest := q.waiting[threadID]
	if len(rest) == 0 {
		delete(q.waiting, threadID)
		q.mu.Unlock()
	} else {
		next := rest[0]
		n := min(len(rest), maxReplyBatch)
		next.more = rest[1:n]
		q.waiting[threadID] = rest[n:]
		q.mu.Unlock()
		next.lead = true
		close(next.ready)
	}
	for _, j := range batch[1:] {
		close(j.ready)
	}
	return job.seq, job.err
}

// writeReplies writes the replies of jobs to thread threadID in one batch, or each alone if
// the batch fails (nothing of it is then written), and sets each job's result.
func (s *Store) writeReplies(ctx context.Context, threadID int64, jobs []*replyJob) {
	if err := s.sendReplies(ctx, threadID, jobs); err == nil || len(jobs) == 1 {
		if err != nil {
			jobs[0].err = err
		}
		return
	}
	for _, j := range jobs {
		if err := s.sendReplies(ctx, threadID, []*replyJob{j}); err != nil {
			j.err = err
		}
	}
}

// sendReplies sends the batch of jobs' replies to thread threadID (one transaction).
func (s *Store) sendReplies(ctx context.Context, threadID int64, jobs []*replyJob) error {
	var b pgx.Batch
	b.Queue(lockThreadSQL, threadID)
	for _, j := range jobs {
		b.Queue(replySQL, j.args).QueryRow(func(row pgx.Row) error {
			j.err = row.Scan(&j.seq)
			if errors.Is(j.err, pgx.ErrNoRows) {
				return nil // not added (the caller finds out why); the others are
			}
			return j.err
		})
	}
	b.Queue(countRepliesSQL, threadID)
	return database.Send(ctx, s.pool, &b)
}
