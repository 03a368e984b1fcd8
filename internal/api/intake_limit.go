package api

import (
	"sync"
	"time"
)

// rateLimit is a token bucket per client address.
type rateLimit struct {
	mu      sync.Mutex
	burst   float64
	every   time.Duration
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newRateLimit(burst int, every time.Duration) *rateLimit {
	return &rateLimit{burst: float64(burst), every: every, buckets: map[string]*bucket{}}
}

// maxBuckets bounds the addresses remembered; past it, full buckets (those
// that would allow a burst anyway) are forgotten.
const maxBuckets = 100_000

// take spends a token of addr's bucket and returns 0, or returns how long
// until a token is available.
func (l *rateLimit) take(addr string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.fill(addr, now)
	if b.tokens < 1 {
		return time.Duration((1 - b.tokens) * float64(l.every))
	}
	b.tokens--
	return 0
}

// wait returns how long until addr's bucket has a token, 0 when it has one
// now, without spending it.
func (l *rateLimit) wait(addr string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if b := l.fill(addr, now); b.tokens < 1 {
		return time.Duration((1 - b.tokens) * float64(l.every))
	}
	return 0
}

// refund gives back a token that take spent, for an attempt that turned out
// not to count.
func (l *rateLimit) refund(addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if b := l.buckets[addr]; b != nil {
		b.tokens = min(l.burst, b.tokens+1)
	}
}

// fill returns addr's bucket with the tokens earned since it was last
// used. The caller holds l.mu.
func (l *rateLimit) fill(addr string, now time.Time) *bucket {
	b := l.buckets[addr]
	if b == nil {
		if len(l.buckets) >= maxBuckets {
			l.prune(now)
		}
		if len(l.buckets) >= maxBuckets {
			// Under a flood from many addresses, forget them all rather
			// than grow without bound.
			l.buckets = map[string]*bucket{}
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[addr] = b
	}
	b.tokens = min(l.burst, b.tokens+float64(now.Sub(b.at))/float64(l.every))
	b.at = now
	return b
}

func (l *rateLimit) prune(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+float64(now.Sub(b.at))/float64(l.every) >= l.burst {
			delete(l.buckets, k)
		}
	}
}
