import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSmtp, type TestSmtp } from '../fixtures/smtp-server';
import { LONG_TEST_MS, runBundledCli } from './mail';

let smtp: TestSmtp;
let dataDir: string;
beforeAll(async () => {
  smtp = await startTestSmtp();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wn-mail-cli-'));
});
afterAll(async () => {
  await smtp?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const cli = (args: string[], env: Record<string, string> = {}) => runBundledCli(args, { WISSENSNETZ_DATA_DIR: dataDir, WISSENSNETZ_SMTP_URL: smtp.url, ...env });

describe('mail commands of the operator CLI', () => {
  it('are listed with English help', async () => {
    const overview = await cli(['--help']);
    for (const name of ['mail-test', 'mail-queue', 'notify-run']) {
      expect(overview.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
      const help = await cli([name, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: npm run cli -- ${name}`);
    }
  }, LONG_TEST_MS);

  it('mail-test sends a German test mail at once and prints the server\'s answer', async () => {
    const r = await cli(['mail-test', '--to', 'betrieb@kreis-coesfeld.example']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Sent to betrieb@kreis-coesfeld\.example: 250 /m);
    const mail = await smtp.waitFor((m) => m.envelopeTo.includes('betrieb@kreis-coesfeld.example'));
    expect(mail.subject).toBe('Testmail aus dem Wissensnetz');
    expect(mail.text).toContain('funktioniert der Mailversand');
  }, LONG_TEST_MS);

  it('mail-test exits 1 with the server\'s reason when the address is refused, and writes a file without SMTP', async () => {
    smtp.refuse('falsch@kreis-coesfeld.example');
    const refused = await cli(['mail-test', '--to', 'falsch@kreis-coesfeld.example']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Recipient address rejected');
    expect(refused.stderr).toContain('(refused permanently)');
    const unreachable = await cli(['mail-test', '--to', 'x@kreis-coesfeld.example'], { WISSENSNETZ_SMTP_URL: 'smtp://127.0.0.1:9' });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('ECONNREFUSED');
    const file = await cli(['mail-test', '--to', 'x@kreis-coesfeld.example'], { WISSENSNETZ_SMTP_URL: '' });
    expect(file.code).toBe(0);
    expect(file.stdout).toContain(`written to ${path.join(dataDir, 'mail')}`);
    const bad = await cli(['mail-test', '--to', 'x@y.z'], { WISSENSNETZ_SMTP_URL: 'ftp://mail' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('WISSENSNETZ_SMTP_URL must start with smtp:// or smtps://');
  }, LONG_TEST_MS);

  it('notify-run refuses --at in production and runs nothing twice for a period', async () => {
    await cli(['migrate']);
    const prod = await cli(['notify-run', '--at', '2030-01-07T09:00:00+01:00'], { NODE_ENV: 'production' });
    expect(prod.code).toBe(2);
    expect(prod.stderr).toContain('--at is only available outside production');
    const first = await cli(['notify-run', '--at', '2030-01-07T09:00:00+01:00']);
    expect(first.stdout).toContain('daily digest 0 mails queued, weekly digest 0 mails queued, review reminders 0 mails queued');
    const again = await cli(['notify-run', '--at', '2030-01-07T10:00:00+01:00']);
    expect(again.stdout).toContain('daily digest not due or already done');
    const queue = await cli(['mail-queue']);
    expect(queue.code).toBe(0);
    expect(queue.stdout).toContain('Nothing waits or failed.');
  }, LONG_TEST_MS);
});
