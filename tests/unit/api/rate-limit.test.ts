import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/lib/api/rate-limit';

describe('RateLimiter', () => {
  it('allows a burst of the per-minute budget, then refuses with the seconds until the next request', () => {
    const limiter = new RateLimiter(60);
    const now = 1_000_000;
    for (let i = 0; i < 60; i++) expect(limiter.take('ip:1', now).allowed).toBe(true);
    const refused = limiter.take('ip:1', now);
    expect(refused).toMatchObject({ allowed: false, remaining: 0 });
    expect(refused.retryAfter).toBe(1);
    // One request per second comes back.
    expect(limiter.take('ip:1', now + 1000).allowed).toBe(true);
  });

  it('keeps one client’s budget apart from another’s', () => {
    const limiter = new RateLimiter(2);
    limiter.take('token:a', 0);
    limiter.take('token:a', 0);
    expect(limiter.take('token:a', 0).allowed).toBe(false);
    expect(limiter.take('token:b', 0).allowed).toBe(true);
  });

  it('says how long to wait when the budget is small', () => {
    const limiter = new RateLimiter(2);
    limiter.take('ip:x', 0);
    limiter.take('ip:x', 0);
    expect(limiter.take('ip:x', 0).retryAfter).toBe(30);
  });
});
