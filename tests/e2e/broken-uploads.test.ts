import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange, streamUntilAnswered, type Step } from '../fixtures/raw-http';
import { signInCookie } from './auth';
import { runCli } from './cli';
import { expectFootprint, expectGermanPage, expectNoStackTraces, expectServing, settledFootprint } from './robustness';
import { startServer, type TestServer } from './server';

// Uploads that break off, lack their end or break the HTTP framing, and uploads larger than
// their sender may send. Whatever the client does, the server keeps running and keeps nothing.

const FORM = '/coesfeld/beitraege/medienentwicklungsplan-2024-2029/dateien';
const BOUNDARY = '----WissensnetzGrenze7MA4YWxkTrZu0gW';
const MB = 1024 * 1024;

let server: TestServer;
let port: number;
let redakteur: string;
beforeAll(async () => {
  // A 1 MB upload limit: "over the limit" needs no big bodies, and 600 KB lies between the
  // form limit (256 KB) and the upload limit.
  server = await startServer({ env: { WISSENSNETZ_UPLOAD_LIMIT_MB: '1', WISSENSNETZ_LOG_REQUESTS: '1' } });
  port = Number(new URL(server.url).port);
  redakteur = await signInCookie(server, server.account('coesfeld', 'redakteur'));
});
afterAll(async () => {
  await server?.stop();
});

/** The upload form as a browser sends it, and where in it the interesting places are. */
function uploadBody(file: Buffer, name = 'bericht.txt'): { body: Buffer; at: Record<string, number> } {
  const field = (n: string, v: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${n}"\r\n\r\n${v}\r\n`;
  const fields = field('titel', 'Bericht über die Einführung') + field('beschreibung', 'Was wir gelernt haben') + field('lizenz', 'CC-BY-4.0') + field('version', '1.0');
  const fileHead = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="datei"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\n`;
  const closing = `\r\n--${BOUNDARY}--\r\n`;
  const body = Buffer.concat([Buffer.from(fields + fileHead), file, Buffer.from(closing)]);
  const fileStart = Buffer.byteLength(fields + fileHead);
  return {
    body,
    at: {
      'in the headers of the first part': 20 + BOUNDARY.length,
      'in the headers of the file part': Buffer.byteLength(fields) + 40 + BOUNDARY.length,
      '1,000 bytes into the file': fileStart + 1000,
      'in the middle of the file': fileStart + Math.floor(file.length / 2),
      'after the file, before the closing boundary': fileStart + file.length + 2,
      'inside the closing boundary': body.length - 8,
    },
  };
}

const text = (bytes: number) => Buffer.from('Zeile mit Text über die Einführung der Lernplattform.\n'.repeat(Math.ceil(bytes / 56)).slice(0, bytes), 'utf8');

function head(options: { cookie?: string; length?: number; chunked?: boolean; type?: string; expect?: boolean } = {}): string {
  const lines = [`POST ${FORM} HTTP/1.1`, `Host: localhost:${port}`, `Origin: ${server.url}`, `Content-Type: ${options.type ?? `multipart/form-data; boundary=${BOUNDARY}`}`];
  if (options.cookie) lines.push(`Cookie: ${options.cookie}`);
  if (options.length !== undefined) lines.push(`Content-Length: ${options.length}`);
  if (options.chunked) lines.push('Transfer-Encoding: chunked');
  if (options.expect) lines.push('Expect: 100-continue');
  return lines.join('\r\n') + '\r\n\r\n';
}

describe('an upload that breaks off', () => {
  it('leaves the server running and nothing behind, wherever the connection drops and however', async () => {
    const before = await settledFootprint(server);
    const { body, at } = uploadBody(text(300 * 1024));
    for (const [where, cut] of Object.entries(at)) {
      for (const after of ['destroy', 'reset'] as const) {
        const answer = await rawExchange(port, [head({ cookie: redakteur, length: body.length }), body.subarray(0, cut)], { after });
        expect(answer.ended, `${where}, ${after}`).toBe('closed');
        await expectFootprint(server, before);
      }
    }
    // A few bytes into the request head, and between head and body.
    await rawExchange(port, [head({ cookie: redakteur, length: body.length }).slice(0, 30)], { after: 'reset' });
    await rawExchange(port, [head({ cookie: redakteur, length: body.length }), { wait: 200 }], { after: 'destroy' });
    await expectFootprint(server, before);
    await expectServing(server);
  });

  it('answers a Redakteur:in who is still connected with a German 400 and keeps nothing', async () => {
    const before = await settledFootprint(server);
    const { body, at } = uploadBody(text(200 * 1024));
    for (const [where, cut] of Object.entries(at)) {
      // The client stops sending but waits for the answer (half-close).
      const answer = await rawExchange(port, [head({ cookie: redakteur, length: body.length }), body.subarray(0, cut)], { after: 'end' });
      expect(answer.status, where).toBe(400);
      expectGermanPage(answer.body, 400);
    }
    // The whole body arrives, but without its closing boundary.
    const unclosed = body.subarray(0, at['inside the closing boundary']! - BOUNDARY.length);
    const answer = await rawExchange(port, [head({ cookie: redakteur, length: unclosed.length }), unclosed], { after: 'keep', timeout: 10_000 });
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('Die Datei ist nicht vollständig angekommen. Es wurde nichts gespeichert.');
    await expectFootprint(server, before);
    await expectServing(server);
  });

  it('answers multipart without a boundary, with a boundary that never comes, or with broken part headers with a German 400', async () => {
    const before = await settledFootprint(server);
    const { body } = uploadBody(text(10 * 1024));
    const variants: [string, string, Buffer][] = [
      ['no boundary parameter', 'multipart/form-data', body],
      ['an empty boundary', 'multipart/form-data; boundary=', body],
      ['a boundary that never occurs', 'multipart/form-data; boundary=gibt-es-nicht', body],
      ['a boundary of 200 characters', `multipart/form-data; boundary=${'x'.repeat(200)}`, body],
      ['garbage instead of parts', `multipart/form-data; boundary=${BOUNDARY}`, Buffer.from(`--${BOUNDARY}\r\n\x00\x01\x02 kein Kopf\r\n\r\n--${BOUNDARY}--\r\n`, 'latin1')],
      ['JSON', 'application/json', Buffer.from('{"titel":"x","datei":"AAAA"}')],
      ['a urlencoded form', 'application/x-www-form-urlencoded', Buffer.from('titel=x&datei=y')],
    ];
    for (const [what, type, data] of variants) {
      const answer = await rawExchange(port, [head({ cookie: redakteur, length: data.length, type }), data], { after: 'keep', timeout: 10_000 });
      expect(answer.status, what).toBe(400);
      expect(answer.body, what).toContain('Die Datei ist nicht vollständig angekommen.');
    }
    await expectFootprint(server, before);
    await expectServing(server);
  });

  it('answers invalid chunk framing in the middle of an upload with a German 400 instead of closing silently', async () => {
    const before = await settledFootprint(server);
    const { body } = uploadBody(text(20 * 1024));
    const start = body.subarray(0, 4096);
    const chunk = (data: Buffer) => Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')]);
    const variants: [string, Step[]][] = [
      ['a chunk size that is no number', [chunk(start), 'zz\r\nabc\r\n']],
      ['a negative chunk size', [chunk(start), '-10\r\nabc\r\n']],
      ['a chunk size beyond 64 bits', [chunk(start), 'fffffffffffffffffffff\r\nabc\r\n']],
      ['chunk data longer than announced', [Buffer.concat([Buffer.from('10\r\n'), start.subarray(0, 40), Buffer.from('\r\n')])]],
      ['a missing CRLF after the chunk', [Buffer.concat([Buffer.from('10\r\n'), start.subarray(0, 16), Buffer.from('XX0\r\n\r\n')])]],
    ];
    for (const [what, steps] of variants) {
      const answer = await rawExchange(port, [head({ cookie: redakteur, chunked: true }), ...steps], { after: 'keep', timeout: 10_000 });
      expect(answer.status, what).toBe(400);
      expectGermanPage(answer.body, 400);
    }
    await expectFootprint(server, before);
    await expectServing(server);
  });
});

describe('an upload larger than its sender may send', () => {
  it('is refused with 413 before it is read, with Content-Length, chunked or asking first', async () => {
    const before = await settledFootprint(server);
    // Declared: the answer comes before the body is sent. The client sends 2 MB and then only waits,
    // so an answer that needed the whole body would never come, however fast or slow the machine.
    const declared = await streamUntilAnswered(port, head({ cookie: redakteur, length: 50 * MB }), { total: 50 * MB, pauseAfter: 2 * MB });
    expect(declared.status).toBe(413);
    expect(declared.body).toContain('Die Datei ist größer als die erlaubten 1,0 MB.');
    expect(declared.sent).toBeLessThanOrEqual(2 * MB);
    // Chunked, so nothing is declared: reading stops a little past the limit.
    const { body } = uploadBody(text(3 * MB));
    const chunked = await rawExchange(port, [head({ cookie: redakteur, chunked: true }), Buffer.from(`${body.length.toString(16)}\r\n`), body, '\r\n0\r\n\r\n'], { after: 'keep' });
    expect(chunked.status).toBe(413);
    expect(chunked.body).toContain('Die Datei ist größer als die erlaubten 1,0 MB.');
    const streamed = await streamUntilAnswered(port, head({ cookie: redakteur, chunked: true }), { total: 200 * MB, chunked: true, pauseAfter: 2 * MB });
    expect(streamed.status).toBe(413);
    expect(streamed.sent).toBeLessThanOrEqual(2 * MB);
    // Expect: 100-continue: told before sending anything.
    const asked = await rawExchange(port, [head({ cookie: redakteur, length: 50 * MB, expect: true })], { after: 'keep' });
    expect(asked.status).toBe(413);
    expect(asked.text).not.toContain('100 Continue');
    await expectFootprint(server, before);
    await expectServing(server);
  });

  it('reads no more than a form from someone who may not upload there: anonymous, Mitarbeiter:in, Redakteur:in of another Kommune', async () => {
    const mitarbeiter = await signInCookie(server, server.account('coesfeld', 'mitarbeiter'));
    const otherRedakteur = await signInCookie(server, server.account('duelmen', 'redakteur'));
    const before = await settledFootprint(server);
    // 600 KB: above the form limit, below the upload limit.
    const { body } = uploadBody(text(600 * 1024), 'programm.exe');
    for (const [who, cookie] of [['anonymous', undefined], ['Mitarbeiter:in', mitarbeiter], ['Redakteur:in of Dülmen', otherRedakteur]] as const) {
      const answer = await rawExchange(port, [head({ cookie, length: body.length }), body], { after: 'keep' });
      expect(answer.status, who).toBe(413);
      expectGermanPage(answer.body, 413);
      // Chunked: answered while most of the body is still unsent (2 MB sent, then the client waits).
      const streamed = await streamUntilAnswered(port, head({ cookie, chunked: true }), { total: 100 * MB, chunked: true, pauseAfter: 2 * MB });
      expect(streamed.status, who).toBeGreaterThanOrEqual(400);
      expect(streamed.sent, who).toBeLessThanOrEqual(2 * MB);
    }
    // The Redakteur:in of Coesfeld may send it: it is read and judged by its content (an .exe is refused).
    const own = await rawExchange(port, [head({ cookie: redakteur, length: body.length }), body], { after: 'keep' });
    expect(own.status).toBe(422);
    expect(own.body).toContain('Dateien mit der Endung „.exe“ werden nicht angenommen.');
    await expectFootprint(server, before);
    await expectServing(server);
  });
});

describe('after all of that', () => {
  it('still stores a normal upload, logs no stack trace, and the integrity check finds nothing', async () => {
    const before = await settledFootprint(server);
    const { body } = uploadBody(text(100 * 1024));
    const answer = await rawExchange(port, [head({ cookie: redakteur, length: body.length }), body], { after: 'keep', timeout: 10_000 });
    expect(answer.status).toBe(303);
    // The file waits for review in a new draft of the published Beitrag.
    await expectFootprint(server, { ...before, artefacts: before.artefacts + 1, versions: before.versions + 1, blobs: before.blobs + 1, revisions: before.revisions + 1 });
    expectNoStackTraces(server);
    const check = await runCli(['check'], { WISSENSNETZ_DATA_DIR: server.dataDir });
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });
});
