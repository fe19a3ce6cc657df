/**
 * Request budgets of the read API: a token bucket per API token, and one per client address
 * for calls without a token. In memory: the limits protect this process's CPU, and a restart
 * that refills every bucket harms nobody. Full buckets are dropped, so memory stays bounded
 * by the clients of the last minute or so.
 */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until a request is allowed again (0 when allowed). */
  retryAfter: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

import { getConfig } from '../config';

const MAX_BUCKETS = 100_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = 0;

  /** `perMinute` requests per minute, as a burst and as the steady rate. */
  constructor(private readonly perMinute: number) {}

  take(key: string, now = Date.now()): RateDecision {
    const rate = this.perMinute / 60_000;
    const b = this.buckets.get(key);
    const tokens = b ? Math.min(this.perMinute, b.tokens + (now - b.at) * rate) : this.perMinute;
    this.sweep(now);
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return { allowed: false, limit: this.perMinute, remaining: 0, retryAfter: Math.max(1, Math.ceil((1 - tokens) / rate / 1000)) };
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    if (this.buckets.size > MAX_BUCKETS) this.buckets.delete(this.buckets.keys().next().value!);
    return { allowed: true, limit: this.perMinute, remaining: Math.floor(tokens - 1), retryAfter: 0 };
  }

  /** Forgets buckets that have refilled completely (at most once a minute). */
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [key, b] of this.buckets) if (b.tokens + (now - b.at) * (this.perMinute / 60_000) >= this.perMinute) this.buckets.delete(key);
  }
}

// One set of budgets per process: the server wrapper (src/cli/serve.ts, which answers cached
// anonymous API calls) and the Astro bundle (gate.ts) are two module copies, so it lives on globalThis.
const KEY = Symbol.for('wissensnetz.api.rate-limiters');

/** The process's budgets: per client address without a token, and per API token. */
export function apiRateLimiters(): { anonymous: RateLimiter; token: RateLimiter } {
  const slot = globalThis as Record<symbol, unknown>;
  if (!slot[KEY]) {
    const config = getConfig();
    slot[KEY] = { anonymous: new RateLimiter(config.apiRateLimit), token: new RateLimiter(config.apiTokenRateLimit) };
  }
  return slot[KEY] as { anonymous: RateLimiter; token: RateLimiter };
}
