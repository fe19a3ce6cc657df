import { afterEach, describe, expect, it } from 'vitest';
import { count, inArray, isNotNull } from 'drizzle-orm';
import { signIn } from '../../src/lib/auth/sign-in';
import { beginSignInAttempt, recordSignInFailure, IP_LIMIT } from '../../src/lib/auth/throttle';
import { OBJECTS_PER_ADDRESS, ROWS_PER_WINDOW, SEVERAL, SUMMARY_WINDOW_MS, writeAuditSummary } from '../../src/lib/audit/summary';
import { auditRetentionReport, monthsBefore, pruneAudit } from '../../src/lib/audit/retention';
import { resetConfig } from '../../src/lib/config';
import { startHousekeeping } from '../../src/lib/ops/housekeeping';
import { getDb } from '../../src/lib/db/client';
import { auditLog } from '../../src/lib/db/schema';

const rows = () => getDb().select({ n: count() }).from(auditLog).get()!.n;
const summaries = () => getDb().select().from(auditLog).where(isNotNull(auditLog.summaryKey)).all();
const clear = () => getDb().delete(auditLog).run();
let n = 0;
const randomEmail = () => `versuch-${++n}-${Math.random().toString(36).slice(2)}@beliebig.example`;

describe('refused sign-ins in the audit log', () => {
  afterEach(clear);

  it('summarise 500 attempts from a locked address, each naming another e-mail address, into one row with their count', async () => {
    for (let i = 0; i < IP_LIMIT; i++) recordSignInFailure('x', '198.51.100.7');
    const before = rows();
    for (let i = 0; i < 500; i++) expect((await signIn(randomEmail(), 'falsch', '198.51.100.7', '')).ok).toBe(false);
    expect(rows() - before).toBe(1);
    const [row] = summaries();
    expect(row).toMatchObject({ action: 'anmeldung.gesperrt', ip: '198.51.100.7', object: SEVERAL, count: 500 });
  });

  it('summarise 500 attempts on one waiting account from 500 addresses into one row', async () => {
    const email = 'opfer@duelmen.de';
    // Twelve failures, each after the wait of the one before: the last one sets a wait of 128 s from now.
    let t = Date.now() - 127_000;
    for (let i = 1; i <= 12; i++) {
      expect(beginSignInAttempt(email, `192.0.2.${i}`, t)).toBeNull();
      recordSignInFailure(email, `192.0.2.${i}`, t);
      if (i >= 5) t += 1_000 * 2 ** (i - 5);
    }
    for (let i = 0; i < 500; i++) {
      const result = await signIn(email, 'falsch', `10.1.${i >> 8}.${i & 255}`, '');
      expect(result).toMatchObject({ ok: false, reason: 'throttled', kind: 'account' });
    }
    expect(summaries()).toEqual([expect.objectContaining({ action: 'anmeldung.verzoegert', ip: SEVERAL, object: email, count: 500 })]);
  });

  it('count repeated failures of one address and account in one row per hour', () => {
    const t0 = Date.UTC(2026, 10, 24, 10, 0, 0);
    for (let i = 0; i < 3; i++) writeAuditSummary({ action: 'anmeldung.fehlgeschlagen', ip: '192.0.2.9', object: 'a@duelmen.de', by: 'ip+object' }, t0 + i * 60_000);
    writeAuditSummary({ action: 'anmeldung.fehlgeschlagen', ip: '192.0.2.9', object: 'a@duelmen.de', by: 'ip+object' }, t0 + SUMMARY_WINDOW_MS);
    const all = summaries().sort((a, b) => a.id - b.id);
    expect(all.map((r) => [r.count, r.at, r.lastAt])).toEqual([
      [3, '2026-11-24T10:00:00.000Z', '2026-11-24T10:02:00.000Z'],
      [1, '2026-11-24T11:00:00.000Z', '2026-11-24T11:00:00.000Z'],
    ]);
  });

  it(`give one address at most ${OBJECTS_PER_ADDRESS} rows of its own per hour, however many e-mail addresses it tries`, () => {
    const t0 = Date.UTC(2026, 10, 24, 12, 0, 0);
    for (let i = 0; i < 500; i++) writeAuditSummary({ action: 'anmeldung.fehlgeschlagen', ip: '192.0.2.10', object: randomEmail(), by: 'ip+object' }, t0 + i);
    const all = summaries();
    expect(all).toHaveLength(OBJECTS_PER_ADDRESS + 1);
    expect(all.reduce((sum, r) => sum + r.count, 0)).toBe(500);
    expect(all.find((r) => r.object === SEVERAL)?.count).toBe(500 - OBJECTS_PER_ADDRESS);
  });

  it(`stay at most ${ROWS_PER_WINDOW + 1} rows per hour even from 1,000 addresses with 1,000 e-mail addresses`, () => {
    const t0 = Date.UTC(2026, 10, 24, 13, 0, 0);
    for (let i = 0; i < 1_000; i++) writeAuditSummary({ action: 'anmeldung.fehlgeschlagen', ip: `10.2.${i >> 8}.${i & 255}`, object: randomEmail(), by: 'ip+object' }, t0 + i);
    const all = summaries();
    expect(all.length).toBeLessThanOrEqual(ROWS_PER_WINDOW + 1);
    expect(all.reduce((sum, r) => sum + r.count, 0)).toBe(1_000);
  });

  it('escape control and bidi characters in the e-mail address an attacker chose', () => {
    writeAuditSummary({ action: 'anmeldung.fehlgeschlagen', ip: '192.0.2.11', object: 'a\n\u202Eb@x.de', by: 'ip+object' });
    expect(summaries()[0]!.object).toBe('a\\x0a\\x202eb@x.de');
  });
});

describe('audit retention', () => {
  afterEach(() => {
    delete process.env['WISSENSNETZ_AUDIT_RETENTION_MONTHS'];
    delete process.env['WISSENSNETZ_AUDIT_ADMIN_RETENTION_MONTHS'];
    resetConfig();
    clear();
  });

  const insert = (action: string, at: string, lastAt: string | null = null) =>
    getDb().insert(auditLog).values({ action, at, lastAt, actorLabel: 'test', object: action }).returning({ id: auditLog.id }).get().id;

  it('keeps sign-in events 12 months and other entries 36 months by default, counting from a summary row\'s last attempt', () => {
    const now = Date.UTC(2027, 5, 15);
    const ids = {
      oldSignIn: insert('anmeldung.erfolgreich', monthsBefore(now, 13)),
      recentSignIn: insert('anmeldung.fehlgeschlagen', monthsBefore(now, 11)),
      oldSummaryStillUsed: insert('anmeldung.gesperrt', monthsBefore(now, 13), monthsBefore(now, 11)),
      oldSession: insert('sitzung.beendet', monthsBefore(now, 13)),
      oldSignOut: insert('abmeldung', monthsBefore(now, 13)),
      roleTwoYears: insert('rolle.geaendert', monthsBefore(now, 24)),
      roleFourYears: insert('rolle.geaendert', monthsBefore(now, 37)),
      cliFourYears: insert('cli.einladung', monthsBefore(now, 37)),
    };
    expect(auditRetentionReport(now)).toMatchObject({ entries: 8, expired: 5 });
    expect(pruneAudit(now)).toBe(5);
    const left = getDb().select({ id: auditLog.id }).from(auditLog).all().map((r) => r.id).sort();
    expect(left).toEqual([ids.recentSignIn, ids.oldSummaryStillUsed, ids.roleTwoYears].sort());
  });

  it('follows WISSENSNETZ_AUDIT_RETENTION_MONTHS and WISSENSNETZ_AUDIT_ADMIN_RETENTION_MONTHS', () => {
    process.env['WISSENSNETZ_AUDIT_RETENTION_MONTHS'] = '1';
    process.env['WISSENSNETZ_AUDIT_ADMIN_RETENTION_MONTHS'] = '6';
    resetConfig();
    const now = Date.UTC(2027, 5, 15);
    const keep = insert('mitglied.entfernt', monthsBefore(now, 5));
    insert('mitglied.entfernt', monthsBefore(now, 7));
    insert('anmeldung.erfolgreich', monthsBefore(now, 2));
    expect(pruneAudit(now)).toBe(2);
    expect(getDb().select({ id: auditLog.id }).from(auditLog).where(inArray(auditLog.id, [keep])).all()).toHaveLength(1);
  });

  it('is enforced by the running server on its interval, not only at start', async () => {
    const lines: string[] = [];
    const stop = startHousekeeping((l) => lines.push(l), 50);
    try {
      const id = insert('anmeldung.erfolgreich', monthsBefore(Date.now(), 14));
      await expect.poll(() => getDb().select({ id: auditLog.id }).from(auditLog).where(inArray(auditLog.id, [id])).all().length, { timeout: 10_000 }).toBe(0);
      expect(lines.some((l) => l.includes('"event":"audit-pruned"'))).toBe(true);
    } finally {
      stop();
    }
  });

  it('refuses a retention that is not a whole number of months', () => {
    for (const bad of ['0', '-3', '1.5', 'zwölf']) {
      process.env['WISSENSNETZ_AUDIT_RETENTION_MONTHS'] = bad;
      resetConfig();
      expect(() => pruneAudit()).toThrow(/WISSENSNETZ_AUDIT_RETENTION_MONTHS must be a whole number of months/);
    }
  });
});

