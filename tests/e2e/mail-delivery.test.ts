import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawHeaders, type TestSmtp } from '../fixtures/smtp-server';
import { publishBeitrag } from '../fixtures/beitraege';
import { hashPassword } from '../../src/lib/auth/password';
import { createUser, setMembership } from '../../src/lib/auth/users';
import { closeDb } from '../../src/lib/db/client';
import { recordEvent } from '../../src/lib/notifications/events';
import { follow } from '../../src/lib/notifications/subscriptions';
import { postForm, signInCookie } from './auth';
import { expectNoMoreMail, LONG_TEST_MS, runBundledCli, startWithSmtp } from './mail';
import { useServerDatabase } from './search-data';
import { startServer, type TestServer } from './server';

let server: TestServer;
let smtp: TestSmtp;
beforeAll(async () => {
  ({ server, smtp } = await startWithSmtp());
});
afterAll(async () => {
  closeDb();
  await server?.stop();
  await smtp?.stop();
});

const queue = async () => JSON.parse((await runBundledCli(['mail-queue', '--json', '--all'], { WISSENSNETZ_DATA_DIR: server.dataDir })).stdout) as { mails: { to: string; status: string; attempts: number; error: string | null }[] };

describe('delivery', () => {
  it('says at start-up where mails go', () => {
    expect(server.output()).toContain(`Mails gehen per SMTP an 127.0.0.1:${smtp.port} (STARTTLS, wenn der Server es anbietet), Absender wissensnetz@kreis-coesfeld.example.`);
  });

  it('marks a recipient the mail server refuses as failed with its reason, and does not try again', async () => {
    smtp.refuse('gibt-es-nicht@olfen.example');
    const admin = await signInCookie(server, server.account('olfen', 'admin'));
    expect((await postForm(server, '/olfen/mitglieder', { action: 'invite', email: 'gibt-es-nicht@olfen.example', role: 'mitarbeiter' }, { cookie: admin })).status).toBe(200);
    let failed: { status: string; attempts: number; error: string | null } | undefined;
    for (let i = 0; i < 60 && !failed; i++) {
      failed = (await queue()).mails.find((m) => m.to === 'gibt-es-nicht@olfen.example' && m.status === 'failed');
      if (!failed) await new Promise((r) => setTimeout(r, 500));
    }
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed!.error).toContain('Recipient address rejected: User unknown');
    // The retry base is one second: a retried mail would have come back several times by now.
    await new Promise((r) => setTimeout(r, 5000));
    expect(smtp.rcptAttempts.get('gibt-es-nicht@olfen.example')).toBe(1);
    const text = (await runBundledCli(['mail-queue'], { WISSENSNETZ_DATA_DIR: server.dataDir })).stdout;
    expect(text).toMatch(/failed einladung to gibt-es-nicht@olfen\.example, 1 attempts/);
  }, LONG_TEST_MS);

  it('cannot be made to add headers or recipients through names or titles with line breaks', async () => {
    useServerDatabase(server);
    const email = 'eve.angreiferin@olfen.example';
    const user = createUser({ email, name: 'Eve\r\nBcc: opfer@evil.example\r\nX-Injected: ja', passwordHash: await hashPassword('Eve-hat-ein-Passwort') });
    setMembership(user.id, 'olfen', 'mitarbeiter');
    follow(user.id, 'themenfeld:mobilitaet', 'sofort');
    const doc = publishBeitrag({ tenant: 'olfen', title: 'Bürgerbus\r\nBcc: opfer@evil.example\r\nX-Injected: ja', body: 'Text.', topics: ['mobilitaet'] });
    recordEvent({ kind: 'beitrag.veroeffentlicht', documentId: doc.id, subjects: ['themenfeld:mobilitaet'] });
    closeDb();

    const mail = await smtp.waitFor((m) => m.envelopeTo.includes(email), 30_000, 'mail to the follower');
    expect(mail.envelopeTo).toEqual([email]);
    const headers = rawHeaders(mail);
    expect(headers.has('bcc')).toBe(false);
    expect(headers.has('x-injected')).toBe(false);
    expect(headers.get('subject')).toHaveLength(1);
    expect(mail.subject).toBe('Neu im Wissensnetz: „Bürgerbus Bcc: opfer@evil.example X-Injected: ja“ (Olfen)');
    await expectNoMoreMail(smtp, 'opfer@evil.example', 0);
  }, LONG_TEST_MS);

  it('refuses to start with an SMTP URL it cannot use, naming the variable and hiding the password', async () => {
    const started = startServer({ env: { WISSENSNETZ_SMTP_URL: 'http://wissensnetz:geheim123@mail.kreis-coesfeld.example' } });
    const err = (await started.then(() => null, (e: Error) => e))!;
    expect(err).not.toBeNull();
    expect(err.message).toContain('server exited with 1');
    expect(err.message).toContain('Start-up failed: WISSENSNETZ_SMTP_URL must start with smtp:// or smtps://');
    expect(err.message).not.toContain('geheim123');
  });
});
