import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type TestServer } from './server';
import { expectAccessible, expectNoProblems, launchBrowser, openPage, visit } from './browser';
import { signIn } from './auth';
import { runCli } from './cli';

// The tests play the documented reverse proxy (WISSENSNETZ_TRUSTED_PROXY=127.0.0.1), so each
// request can come from a client address of the test's choosing via X-Forwarded-For.

let server: TestServer;
let browser: Browser;
const ENV = { WISSENSNETZ_TRUSTED_PROXY: '127.0.0.1' };
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ env: ENV }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

function attempt(email: string, password: string, clientIp: string): Promise<Response> {
  return fetch(`${server.url}/anmelden`, {
    method: 'POST',
    headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': clientIp },
    body: new URLSearchParams({ email, password, next: '/' }),
    redirect: 'manual',
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const retryAfter = (res: Response) => Number(res.headers.get('retry-after'));
let octet = 0;
/** A client address no other test uses. */
const nextIp = () => `198.51.${100 + (++octet >> 8)}.${octet & 255}`;

function query<T>(sql: string, ...params: unknown[]): T[] {
  const d = new Database(path.join(server.dataDir, 'wissensnetz.db'), { readonly: true });
  try {
    return d.prepare(sql).all(...params) as T[];
  } finally {
    d.close();
  }
}

/** Wrong passwords until the hub answers 429; returns that answer and how many were checked (401) before it. */
async function failUntilRefused(email: string, ips: () => string, limit = 20): Promise<{ refused: Response; checked: number }> {
  for (let checked = 0; checked < limit; checked++) {
    const res = await attempt(email, 'ganz-falsches-passwort', ips());
    if (res.status === 429) return { refused: res, checked };
    expect(res.status).toBe(401);
  }
  throw new Error(`no 429 after ${limit} wrong passwords for ${email}`);
}

describe('an account attacked from changing addresses', () => {
  it('is slowed down whatever X-Forwarded-For says: hundreds of attempts, only a handful checked', async () => {
    const account = server.account('duelmen', 'redakteur');
    const started = Date.now();
    const statuses: number[] = [];
    for (let i = 0; i < 300; i++) statuses.push((await attempt(account.email, `falsch-${i}-xxxxxxxx`, nextIp())).status);
    const seconds = (Date.now() - started) / 1000;
    const checked = statuses.filter((s) => s === 401).length;
    // Five free attempts, then one more per wait of 1 s, 2 s, 4 s … that passed meanwhile.
    expect(checked).toBeLessThanOrEqual(5 + Math.floor(Math.log2(seconds + 1)) + 1);
    expect(statuses.filter((s) => s === 429).length).toBe(300 - checked);
    const rows = query<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE object = ? AND action LIKE 'anmeldung.%'", account.email)[0]!.n;
    expect(rows, 'audit rows for 300 attempts').toBeLessThanOrEqual(checked + 1);
  });

  it('answers a waiting account with 429, Retry-After and a German message, and lets the right password in after the wait', async () => {
    const account = server.account('senden', 'admin');
    const { refused } = await failUntilRefused(account.email, nextIp);
    expect(retryAfter(refused)).toBeGreaterThanOrEqual(1);
    expect(retryAfter(refused)).toBeLessThanOrEqual(300);
    const html = await refused.text();
    expect(html).toMatch(/Für diese E-Mail-Adresse gab es mehrere fehlgeschlagene Anmeldeversuche\. Bitte warten Sie \d+ Sekunden?/);
    // During the wait even the right password is not checked …
    const during = await attempt(account.email, account.password, nextIp());
    if (during.status === 429) {
      await sleep(retryAfter(during) * 1000 + 200);
    }
    // … after it, it works, and the account starts afresh.
    const after = await attempt(account.email, account.password, nextIp());
    expect(after.status).toBe(303);
    expect((await attempt(account.email, 'wieder-falsch-xxxxxx', nextIp())).status).toBe(401);
  });

  it('lets only a handful of many attempts sent at once be checked', async () => {
    const account = server.account('olfen', 'admin');
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 40 }, () => attempt(account.email, 'gleichzeitig-falsch-xxx', nextIp())));
    const seconds = (Date.now() - started) / 1000;
    const checked = answers.filter((r) => r.status === 401).length;
    // Five, plus one per wait that passed while a slow machine was still answering the burst.
    expect(checked).toBeLessThanOrEqual(5 + Math.floor(Math.log2(seconds + 1)) + 1);
    expect(answers.filter((r) => r.status === 429).length).toBe(40 - checked);
  });

  it('treats an unknown e-mail address like a known one', async () => {
    const unknown = await failUntilRefused('niemand-hier@duelmen.de', nextIp);
    const known = await failUntilRefused(server.account('nottuln', 'admin').email, nextIp);
    for (const r of [unknown, known]) expect(r.checked).toBeGreaterThanOrEqual(5);
    const message = (html: string) => /<li>([^<]*)<\/li>/.exec(html.split('role="alert"')[1] ?? '')?.[1]?.replace(/\d+ Sekunden?/, 'N');
    expect(message(await unknown.refused.text())).toBe(message(await known.refused.text()));
  });
});

describe('one address trying many accounts', () => {
  const locked = nextIp();

  it('is locked after 50 failures for every account, while other addresses still sign in', async () => {
    for (let i = 0; i < 50; i++) {
      const res = await attempt(`streuung-${i}@beliebig.example`, 'falsch-falsch-falsch', locked);
      expect(res.status, `attempt ${i + 1}`).toBe(401);
    }
    const account = server.account('coesfeld', 'mitarbeiter');
    const refused = await attempt(account.email, account.password, locked);
    expect(refused.status).toBe(429);
    expect(retryAfter(refused)).toBeGreaterThan(800);
    expect(await refused.text()).toContain('Von Ihrer Netzwerkadresse gab es zu viele fehlgeschlagene Anmeldeversuche');
    expect((await attempt(account.email, account.password, nextIp())).status).toBe(303);
  });

  it('adds a bounded number of audit rows for 2,000 refused sign-ins, each naming another e-mail address', async () => {
    const before = query<{ n: number }>('SELECT count(*) AS n FROM audit_log')[0]!.n;
    for (let batch = 0; batch < 20; batch++) {
      const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => attempt(`flut-${batch}-${i}@beliebig.example`, 'egal', locked)));
      expect(answers.every((r) => r.status === 429)).toBe(true);
    }
    const after = query<{ n: number }>('SELECT count(*) AS n FROM audit_log')[0]!.n;
    // One summary row per hour: two when the test runs across the full hour.
    expect(after - before).toBeLessThanOrEqual(2);
    const summary = query<{ count: number; object: string }>("SELECT count, object FROM audit_log WHERE action = 'anmeldung.gesperrt' AND ip = ?", locked);
    expect(summary.length).toBeLessThanOrEqual(2);
    expect(summary.reduce((sum, r) => sum + r.count, 0)).toBe(2_001);
    expect(summary.some((r) => r.object === '(mehrere)')).toBe(true);
  }, 240_000); // 2,000 requests, each a committed write, on a machine shared with other tests

  it('shows the summary with its count on the Protokoll page, in German', async () => {
    const checked = await openPage(browser, server.url);
    await signIn(checked.page, server.account('kreis-coesfeld', 'admin'));
    await visit(checked.page, '/protokoll');
    const row = checked.page.locator('tr', { hasText: locked }).filter({ hasText: 'Anmeldung abgewiesen: Netzwerkadresse gesperrt' });
    const shown = (await row.locator('td:last-child').allTextContents()).join(' ');
    expect(shown).toMatch(/(\d\.)?\d{3}-mal, zuletzt \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr/);
    const counts = [...shown.matchAll(/([\d.]+)-mal/g)].map((m) => Number(m[1]!.replace('.', '')));
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2_000);
    await expect(checked.page.locator('main').textContent()).resolves.toContain('Abgewiesene Anmeldeversuche werden je Stunde zusammengefasst');
    await expectAccessible(checked.page);
    expectNoProblems(checked);
    await checked.context.close();
  });
});

describe('locks and the operator', () => {
  it('survive a restart, are listed by "unlock" and lifted by e-mail address, address or all (audited)', async () => {
    const account = server.account('billerbeck', 'redakteur');
    const accountIps = nextIp;
    // Nine failures with the waits between them honoured: the account's count is 9.
    let failures = 0;
    while (failures < 9) {
      const res = await attempt(account.email, 'falsch-vor-neustart', accountIps());
      if (res.status === 429) await sleep(retryAfter(res) * 1000 + 200);
      else failures++;
    }
    const lockedIp = nextIp();
    for (let i = 0; i < 50; i++) await attempt(`neustart-${i}@beliebig.example`, 'falsch-falsch', lockedIp);

    await server.stop();
    server = await startServer({ dataDir: server.dataDir, env: ENV });
    const env = { WISSENSNETZ_DATA_DIR: server.dataDir };

    // The address stays locked; the account's count goes on (its tenth failure means a 32 s wait).
    expect((await attempt(server.account('ascheberg', 'admin').email, server.account('ascheberg', 'admin').password, lockedIp)).status).toBe(429);
    let tenth = await attempt(account.email, 'falsch-nach-neustart', accountIps());
    if (tenth.status === 429) {
      await sleep(retryAfter(tenth) * 1000 + 200);
      tenth = await attempt(account.email, 'falsch-nach-neustart', accountIps());
    }
    expect(tenth.status).toBe(401);
    const waiting = await attempt(account.email, account.password, accountIps());
    expect(waiting.status).toBe(429);
    expect(retryAfter(waiting)).toBeGreaterThan(2);

    const list = await runCli(['unlock'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`e-mail\\s+${account.email.replace(/\./g, '\\.')}\\s+10 failed attempt\\(s\\)\\s+until \\d{4}-`));
    expect(list.stdout).toMatch(new RegExp(`address\\s+${lockedIp.replace(/\./g, '\\.')}\\s+50 failed attempt\\(s\\)`));

    const byEmail = await runCli(['unlock', '--email', account.email.toUpperCase()], env);
    expect(byEmail).toMatchObject({ code: 0 });
    expect((await attempt(account.email, account.password, accountIps())).status).toBe(303);
    const again = await runCli(['unlock', '--email', account.email], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`No sign-in lock or failure count for the e-mail address "${account.email}"`);

    expect((await runCli(['unlock', '--ip', lockedIp], env)).code).toBe(0);
    expect((await attempt(server.account('ascheberg', 'admin').email, server.account('ascheberg', 'admin').password, lockedIp)).status).toBe(303);

    expect((await attempt('noch-einer@beliebig.example', 'falsch-falsch', nextIp())).status).toBe(401);
    const all = await runCli(['unlock', '--all'], env);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/Lifted all sign-in locks and failure counts \(\d+ entries\)\./);
    expect((await runCli(['unlock'], env)).stdout).toBe('No sign-in locks.\n');

    const audited = query<{ object: string }>("SELECT object FROM audit_log WHERE action = 'cli.sperre-aufgehoben' ORDER BY id");
    expect(audited.map((r) => r.object)).toEqual([account.email, lockedIp, 'alle']);
  }, 240_000); // waits of 1 + 2 + 4 + 8 s, a restart and six CLI runs on a busy machine

  it('refuses unclear requests with exit code 2 and explains itself', async () => {
    const env = { WISSENSNETZ_DATA_DIR: server.dataDir };
    const [both, empty, help] = await Promise.all([
      runCli(['unlock', '--email', 'a@b.de', '--ip', '192.0.2.1'], env),
      runCli(['unlock', '--email', ''], env),
      runCli(['unlock', '--help'], env),
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('Use only one of --email, --ip and --all.');
    expect(empty.code).toBe(2);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: npm run cli -- unlock');
  });
});

describe('audit retention', () => {
  it('removes entries past their retention when the server starts, keeps the rest, and "check" reports it', async () => {
    const monthsAgo = (m: number) => {
      const d = new Date();
      d.setUTCMonth(d.getUTCMonth() - m);
      return d.toISOString();
    };
    const d = new Database(path.join(server.dataDir, 'wissensnetz.db'));
    const insert = d.prepare("INSERT INTO audit_log (at, actor_label, action, object) VALUES (?, 'alt', ?, ?)");
    insert.run(monthsAgo(13), 'anmeldung.erfolgreich', 'alt-13-anmeldung');
    insert.run(monthsAgo(2), 'anmeldung.fehlgeschlagen', 'alt-2-anmeldung');
    insert.run(monthsAgo(13), 'rolle.geaendert', 'alt-13-rolle');
    insert.run(monthsAgo(37), 'mitglied.entfernt', 'alt-37-entfernt');
    d.close();
    const env = { WISSENSNETZ_DATA_DIR: server.dataDir };
    const before = await runCli(['check'], env);
    expect(before.stdout).toMatch(/audit log: \d+ entries since \d{4}-\d\d-\d\d, kept 12 months \(sign-in\) \/ 36 months \(other\); 2 past retention/);

    await server.stop();
    server = await startServer({ dataDir: server.dataDir, env: ENV });
    const left = () => query<{ object: string }>("SELECT object FROM audit_log WHERE object LIKE 'alt-%' ORDER BY object").map((r) => r.object);
    expect(left()).toEqual(['alt-13-rolle', 'alt-2-anmeldung']);
    const after = await runCli(['check'], env);
    expect(after.code).toBe(0);
    expect(after.stdout).not.toContain('past retention');

    // The operator shortens the retention of sign-in events to one month.
    await server.stop();
    server = await startServer({ dataDir: server.dataDir, env: { ...ENV, WISSENSNETZ_AUDIT_RETENTION_MONTHS: '1' } });
    expect(left()).toEqual(['alt-13-rolle']);
  }, 180_000);

  it('refuses to start with a retention that is not a whole number of months, naming the variable', async () => {
    await expect(startServer({ env: { WISSENSNETZ_AUDIT_ADMIN_RETENTION_MONTHS: 'drei Jahre' } })).rejects.toThrow(/WISSENSNETZ_AUDIT_ADMIN_RETENTION_MONTHS must be a whole number of months/);
  });
});
