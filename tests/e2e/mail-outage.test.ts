import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestSmtp } from '../fixtures/smtp-server';
import { postForm } from './auth';
import { demo, LONG_TEST_MS, runBundledCli, startWithSmtp } from './mail';
import type { TestServer } from './server';

let server: TestServer;
let smtp: TestSmtp;
/** Accepts connections on the SMTP port and never answers: a mail server that hangs. */
let blackhole: net.Server;
const held = new Set<net.Socket>();
beforeAll(async () => {
  ({ server, smtp } = await startWithSmtp({ listen: false }));
  blackhole = net.createServer((socket) => {
    held.add(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => blackhole.listen(smtp.port, '127.0.0.1', () => resolve()));
});
afterAll(async () => {
  for (const s of held) s.destroy();
  blackhole?.close();
  await server?.stop();
  await smtp?.stop();
});

describe('a mail server that is down', () => {
  it('delays the mail, never the request; the mail goes out once the server is back', async () => {
    const address = demo('rosendahl', 'redakteur');
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      const res = await postForm(server, '/passwort-vergessen', { email: i === 0 ? address : `niemand${i}@rosendahl.example` });
      times.push(Date.now() - started);
      expect(res.status).toBe(200);
    }
    // The sender waits up to 15 s for the hanging server's greeting; the requests do not.
    expect(Math.max(...times)).toBeLessThan(5000);
    const waiting = await runBundledCli(['mail-queue'], { WISSENSNETZ_DATA_DIR: server.dataDir });
    expect(waiting.stdout).toMatch(/(queued|sending) passwort to rosendahl|(queued|sending) passwort to redakteur\.rosendahl/);

    for (const s of held) s.destroy();
    await new Promise<void>((resolve) => blackhole.close(() => resolve()));
    await smtp.start();
    const mail = await smtp.waitFor((m) => m.envelopeTo.includes(address), 90_000, 'the delayed reset mail');
    expect(mail.subject).toBe('Neues Passwort für das Wissensnetz festlegen');
  }, LONG_TEST_MS);
});
