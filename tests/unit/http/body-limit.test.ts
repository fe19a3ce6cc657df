import http from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { bodyAllowance, bodyRoute, countedBody, BodyTooLargeError, EDITOR_LIMIT_BYTES, FORM_LIMIT_BYTES, UPLOAD_OVERHEAD_BYTES, type BodyState } from '../../../src/lib/http/body-limit';
import type { Viewer } from '../../../src/lib/auth/viewer';

const MB = 1024 * 1024;

function request(method: string, url: string, chunks: Buffer[] = []): http.IncomingMessage {
  const req = Readable.from(chunks) as unknown as http.IncomingMessage;
  Object.assign(req, { method, url, headers: { cookie: 'wn_session=x' } });
  return req;
}

const viewer = (memberships: Viewer['memberships'], isKreisAdmin = false): Viewer => ({ id: 'u', email: 'a@b.de', name: 'A', memberships, isKreisAdmin });

describe('bodyRoute', () => {
  it.each([
    ['/duelmen/beitraege/ein-beitrag/dateien', 'upload', 'duelmen'],
    ['/duelmen/beitraege/ein-beitrag/dateien/?ersetzen=3', 'upload', 'duelmen'],
    ['/duelmen/beitraege/neu?art=artefakt', 'editor', 'duelmen'],
    ['/kreis-coesfeld/beitraege/ein-beitrag/bearbeiten', 'editor', 'kreis-coesfeld'],
    ['/duelmen/beitraege/ein-beitrag/dateien/loeschen', 'form', null],
    ['/anmelden', 'form', null],
    ['/%FF/beitraege/x/dateien', 'form', null],
  ])('takes %s as %s', (url, kind, tenant) => expect(bodyRoute(url)).toEqual({ kind, tenant }));
});

describe('bodyAllowance', () => {
  const upload = 25 * MB;
  const allowance = (method: string, url: string, who: Viewer | null) => bodyAllowance(request(method, url), upload, () => who);

  it('gives the Kommune’s Redakteur:innen, admins and Kreis admins the upload limit on the upload form', () => {
    for (const who of [viewer({ duelmen: 'redakteur' }), viewer({ duelmen: 'admin' }), viewer({ 'kreis-coesfeld': 'admin' }, true)]) {
      expect(allowance('POST', '/duelmen/beitraege/x/dateien', who)).toEqual({ kind: 'upload', limit: upload + UPLOAD_OVERHEAD_BYTES });
    }
    expect(allowance('POST', '/duelmen/beitraege/x/bearbeiten', viewer({ duelmen: 'redakteur' }))).toEqual({ kind: 'editor', limit: EDITOR_LIMIT_BYTES });
  });

  it('gives everyone else a form’s worth: anonymous, Mitarbeiter:in, another Kommune’s Redakteur:in, a GET', () => {
    const form = { kind: 'form', limit: FORM_LIMIT_BYTES };
    expect(allowance('POST', '/duelmen/beitraege/x/dateien', null)).toEqual(form);
    expect(allowance('POST', '/duelmen/beitraege/x/dateien', viewer({ duelmen: 'mitarbeiter' }))).toEqual(form);
    expect(allowance('POST', '/duelmen/beitraege/x/dateien', viewer({ senden: 'redakteur' }))).toEqual(form);
    expect(allowance('GET', '/duelmen/beitraege/x/dateien', viewer({ duelmen: 'redakteur' }))).toEqual(form);
  });

  it('gives a form’s worth when the database does not answer', () => {
    const req = request('POST', '/duelmen/beitraege/x/dateien');
    expect(bodyAllowance(req, upload, () => { throw new Error('SQLITE_BUSY'); })).toEqual({ kind: 'form', limit: FORM_LIMIT_BYTES });
  });
});

describe('countedBody', () => {
  it('hands on a body up to its limit', async () => {
    const state: BodyState = { limit: 10, received: 0, tooLarge: false };
    const out: Buffer[] = [];
    for await (const chunk of countedBody(request('POST', '/', [Buffer.from('12345'), Buffer.from('67890')]), state)) out.push(chunk);
    expect(Buffer.concat(out).toString()).toBe('1234567890');
    expect(state).toEqual({ limit: 10, received: 10, tooLarge: false });
  });

  it('fails past the limit and marks the body as too large', async () => {
    const state: BodyState = { limit: 8, received: 0, tooLarge: false };
    const read = async () => {
      for await (const _ of countedBody(request('POST', '/', [Buffer.from('12345'), Buffer.from('67890'), Buffer.from('more')]), state));
    };
    await expect(read()).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(state.tooLarge).toBe(true);
    expect(state.received).toBe(10);
  });

  it('leaves the request undestroyed when reading stops early, so it can still be answered', async () => {
    const req = request('POST', '/', [Buffer.from('12345'), Buffer.from('67890')]);
    const state: BodyState = { limit: 3, received: 0, tooLarge: false };
    await expect((async () => { for await (const _ of countedBody(req, state)); })()).rejects.toBeInstanceOf(BodyTooLargeError);
    expect((req as unknown as Readable).destroyed).toBe(false);
  });
});
