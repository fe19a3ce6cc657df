import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestSmtp } from '../fixtures/smtp-server';
import { restrictBeitrag } from '../fixtures/beitraege';
import { hashPassword } from '../../src/lib/auth/password';
import { createUser, findUserByEmail, setMembership } from '../../src/lib/auth/users';
import { closeDb } from '../../src/lib/db/client';
import { findDocument } from '../../src/lib/documents/revisions';
import { follow } from '../../src/lib/notifications/subscriptions';
import { get, signInCookie } from './auth';
import { approve, demo, LONG_TEST_MS, runBundledCli, startWithSmtp, submitBeitrag } from './mail';
import { useServerDatabase } from './search-data';
import type { TestServer } from './server';

let server: TestServer;
let smtp: TestSmtp;
const DAILY = 'taeglich.senden@senden.example';
beforeAll(async () => {
  ({ server, smtp } = await startWithSmtp());
  // Dülmen's demo Mitarbeiter:in follows Schule "sofort" already; Senden's gets the same, and a
  // second Senden person follows it daily.
  useServerDatabase(server);
  follow(findUserByEmail(demo('senden', 'mitarbeiter'))!.id, 'themenfeld:schule', 'sofort');
  const daily = createUser({ email: DAILY, name: 'Täglich Senden', passwordHash: await hashPassword('Taeglich-Senden-123') });
  setMembership(daily.id, 'senden', 'mitarbeiter');
  follow(daily.id, 'themenfeld:schule', 'taeglich');
  closeDb();
});
afterAll(async () => {
  closeDb();
  await server?.stop();
  await smtp?.stop();
});

const DAY = 24 * 60 * 60 * 1000;
const at = (days: number) => new Date(Math.floor((Date.now() + days * DAY) / DAY) * DAY + 10 * 60 * 60 * 1000).toISOString();
const cli = (args: string[]) => runBundledCli(args, { WISSENSNETZ_DATA_DIR: server.dataDir });
/** Every address a mail containing the word went to. */
const reached = (word: string) => [...new Set(smtp.mails.filter((m) => m.raw.includes(word) || m.text.includes(word) || m.subject.includes(word)).flatMap((m) => m.envelopeTo))].sort();
const duelmenPeople = [demo('duelmen', 'admin'), demo('duelmen', 'mitarbeiter'), demo('duelmen', 'redakteur')];

describe('the visibility canary', () => {
  it('a "nur Kommune" Beitrag reaches only followers of its own Kommune — no mail, digest or notification elsewhere', async () => {
    const canary = 'Kanarienvogel7731';
    const editor = await signInCookie(server, server.account('duelmen', 'redakteur'));
    const admin = await signInCookie(server, server.account('duelmen', 'admin'));
    const path = await submitBeitrag(server, editor, 'duelmen', `Schulbegleitung ${canary}: interne Absprachen`, { visibility: 'kommune' });
    await approve(server, admin, path);
    await smtp.waitFor((m) => m.envelopeTo.includes(demo('duelmen', 'mitarbeiter')) && m.subject.includes(canary), 30_000, 'the Dülmen follower\'s mail');
    const digest = await cli(['notify-run', '--at', at(1)]);
    expect(digest.stdout).toMatch(/daily digest 0 mails queued/);
    await new Promise((r) => setTimeout(r, 3000));
    expect(reached(canary)).toEqual(duelmenPeople);
    const senden = await signInCookie(server, server.account('senden', 'mitarbeiter'));
    expect(await (await get(server, '/benachrichtigungen', senden)).text()).not.toContain(canary);
    // The canary is really there for those who may read it.
    const duelmen = await signInCookie(server, server.account('duelmen', 'mitarbeiter'));
    expect(await (await get(server, '/benachrichtigungen', duelmen)).text()).toContain(canary);
  }, LONG_TEST_MS);

  it('a Beitrag restricted after its mails were queued is left out when they are sent', async () => {
    const canary = 'Zaunkoenig5529';
    await smtp.stop();
    const editor = await signInCookie(server, server.account('duelmen', 'redakteur'));
    const admin = await signInCookie(server, server.account('duelmen', 'admin'));
    const path = await submitBeitrag(server, editor, 'duelmen', `Pausenhof ${canary}: neue Spielgeräte`, { visibility: 'oeffentlich' });
    await approve(server, admin, path);
    // Queued for Dülmen and Senden while it was public; Senden's daily follower and Coesfeld's (who
    // follows Dülmen daily in the demo) get a digest queued too.
    const queued = async () => JSON.parse((await cli(['mail-queue', '--json'])).stdout) as { mails: { to: string; kind: string; status: string }[] };
    for (let i = 0; i < 60 && !(await queued()).mails.some((m) => m.to === demo('senden', 'mitarbeiter') && m.kind === 'benachrichtigung'); i++) await new Promise((r) => setTimeout(r, 500));
    expect((await cli(['notify-run', '--at', at(2)])).stdout).toMatch(/daily digest 2 mails queued/);
    expect((await queued()).mails.filter((m) => m.to === DAILY && m.kind === 'digest')).toHaveLength(1);

    useServerDatabase(server);
    const found = findDocument('duelmen', path.split('/').pop()!);
    restrictBeitrag((found as { doc: { id: number } }).doc.id, 'kommune');
    closeDb();
    await smtp.start();
    await smtp.waitFor((m) => m.envelopeTo.includes(demo('duelmen', 'mitarbeiter')) && m.subject.includes(canary), 90_000, 'the Dülmen follower\'s mail');
    let all: { to: string; kind: string; status: string }[] = [];
    for (let i = 0; i < 60; i++) {
      all = (JSON.parse((await cli(['mail-queue', '--json', '--all'])).stdout) as { mails: typeof all }).mails;
      if (!all.some((m) => m.status === 'queued' || m.status === 'sending')) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(all.find((m) => m.to === demo('senden', 'mitarbeiter') && m.kind === 'benachrichtigung')?.status).toBe('dropped');
    expect(all.find((m) => m.to === DAILY && m.kind === 'digest')?.status).toBe('dropped');
    expect(all.find((m) => m.to === demo('coesfeld', 'mitarbeiter') && m.kind === 'digest')?.status).toBe('dropped');
    // The review request to the admin waited too, and was settled (approved) before it could go out.
    expect(all.find((m) => m.to === demo('duelmen', 'admin') && m.kind === 'benachrichtigung')?.status).toBe('dropped');
    expect(reached(canary)).toEqual([demo('duelmen', 'mitarbeiter'), demo('duelmen', 'redakteur')]);
  }, LONG_TEST_MS);
});
