import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_FORGET_MS, FREE_FAILURES, IP_LIMIT, IP_LOCK_MS, MAX_DELAY_MS,
  accountDelayMs, beginSignInAttempt, liftAllSignInLocks, liftSignInLock, listSignInLocks, pruneThrottle, recordSignInFailure, recordSignInSuccess,
} from '../../src/lib/auth/throttle';
import { getDb } from '../../src/lib/db/client';
import { loginThrottle } from '../../src/lib/db/schema';

let n = 0;
const fresh = () => `konto${++n}@example.org`;

/** One checked attempt that fails, as sign-in does it; returns the refusal if it was not even checked. */
function fail(email: string, ip: string, now: number) {
  const refused = beginSignInAttempt(email, ip, now);
  if (!refused) recordSignInFailure(email, ip, now);
  return refused;
}

describe('the wait per e-mail address', () => {
  it('lets five attempts through freely, then doubles the wait from 1 s up to 5 minutes', () => {
    expect([1, 2, 3, 4].map(accountDelayMs)).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9].map(accountDelayMs)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
    expect(accountDelayMs(14)).toBe(MAX_DELAY_MS);
    expect(accountDelayMs(10_000)).toBe(MAX_DELAY_MS);
  });

  it('counts the failures of one e-mail address across every client address', () => {
    const email = fresh();
    let now = 1_000_000;
    for (let i = 0; i < FREE_FAILURES; i++) expect(fail(email, `198.51.100.${i}`, now++)).toBeNull();
    expect(fail(email, '198.51.100.200', now)).toEqual({ kind: 'account', until: now - 1 + 1_000 });
    expect(fail(email, '2001:db8::1', now + 500)?.kind).toBe('account');
    // After the wait, the next attempt is checked again, and its failure doubles the wait.
    expect(fail(email, '198.51.100.201', now + 1_000)).toBeNull();
    expect(fail(email, '198.51.100.202', now + 2_999)).toEqual({ kind: 'account', until: now + 3_000 });
  });

  it('does not lengthen the wait for attempts refused during it', () => {
    const email = fresh();
    const now = 2_000_000;
    for (let i = 0; i < FREE_FAILURES; i++) fail(email, '192.0.2.1', now);
    for (let i = 0; i < 1_000; i++) fail(email, `10.0.${i >> 8}.${i & 255}`, now + 10);
    expect(listSignInLocks(now).find((l) => l.subject === email)).toMatchObject({ failures: FREE_FAILURES, until: now + 1_000 });
  });

  it('lets only five of many attempts begun at the same moment be checked', () => {
    const email = fresh();
    const results = Array.from({ length: 100 }, (_, i) => beginSignInAttempt(email, `203.0.113.${i}`, 3_000_000));
    expect(results.filter((r) => r === null)).toHaveLength(FREE_FAILURES);
  });

  it('starts afresh after a correct password, and after an hour without attempts', () => {
    const a = fresh();
    for (let i = 0; i < FREE_FAILURES - 1; i++) fail(a, '192.0.2.2', 4_000_000);
    expect(beginSignInAttempt(a, '192.0.2.2', 4_000_000)).toBeNull(); // the fifth, with the right password
    recordSignInSuccess(a);
    expect(fail(a, '192.0.2.2', 4_000_001)).toBeNull();
    expect(listSignInLocks(4_000_001).some((l) => l.subject === a)).toBe(false);

    const b = fresh();
    for (let i = 0; i < FREE_FAILURES; i++) fail(b, '192.0.2.3', 5_000_000);
    const later = 5_000_000 + ACCOUNT_FORGET_MS + 1;
    for (let i = 0; i < FREE_FAILURES - 1; i++) expect(fail(b, '192.0.2.3', later)).toBeNull();
  });
});

describe('the lock per client address', () => {
  it(`locks an address after ${IP_LIMIT} failures within 15 minutes, whichever e-mail addresses it tried`, () => {
    const now = 6_000_000;
    for (let i = 0; i < IP_LIMIT; i++) expect(fail(fresh(), '192.0.2.50', now)).toBeNull();
    expect(beginSignInAttempt(fresh(), '192.0.2.50', now + 1)).toEqual({ kind: 'ip', until: now + IP_LOCK_MS });
    expect(beginSignInAttempt(fresh(), '192.0.2.51', now + 1)).toBeNull();
    expect(beginSignInAttempt(fresh(), '192.0.2.50', now + IP_LOCK_MS)).toBeNull();
  });
});

describe('operator access to the locks', () => {
  it('lists current waits and locks, lifts one by e-mail address or address, or all', () => {
    liftAllSignInLocks();
    const now = Date.now();
    const email = fresh();
    for (let i = 0; i < FREE_FAILURES; i++) fail(email, '192.0.2.60', now);
    for (let i = 0; i < IP_LIMIT; i++) recordSignInFailure('x', '192.0.2.61', now);
    expect(listSignInLocks(now + 1)).toEqual([
      { kind: 'account', subject: email, failures: FREE_FAILURES, until: now + 1_000 },
      { kind: 'ip', subject: '192.0.2.61', failures: IP_LIMIT, until: now + IP_LOCK_MS },
    ]);
    expect(liftSignInLock({ email })).toBe(true);
    expect(liftSignInLock({ email })).toBe(false);
    expect(beginSignInAttempt(email, '192.0.2.62', now + 2)).toBeNull();
    expect(liftSignInLock({ ip: '192.0.2.61' })).toBe(true);
    expect(beginSignInAttempt(fresh(), '192.0.2.61', now + 2)).toBeNull();
    for (let i = 0; i < IP_LIMIT; i++) recordSignInFailure('x', '192.0.2.63', now);
    expect(liftAllSignInLocks()).toBeGreaterThan(0);
    expect(listSignInLocks(now + 3)).toEqual([]);
  });

  it('prunes counts nobody needs any more, including keys of earlier versions, but keeps running locks', () => {
    liftAllSignInLocks();
    const now = 10_000_000_000;
    getDb().insert(loginThrottle).values({ key: 'acct:alt@example.org|192.0.2.1', failures: 3, windowStart: now - 2 * ACCOUNT_FORGET_MS, lockedUntil: 0 }).run();
    fail(fresh(), '192.0.2.70', now - 2 * ACCOUNT_FORGET_MS);
    for (let i = 0; i < IP_LIMIT; i++) recordSignInFailure('x', '192.0.2.71', now - 10 * 60_000);
    expect(pruneThrottle(now)).toBe(3);
    expect(getDb().select().from(loginThrottle).all().map((r) => r.key)).toEqual(['ip:192.0.2.71']);
  });
});
