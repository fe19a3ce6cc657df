import { describe, expect, it } from 'vitest';
import { readForm } from '../../../src/lib/http/form';
import { HttpError } from '../../../src/lib/http/errors';

function post(body: BodyInit | null, type?: string, headers: Record<string, string> = {}): Request {
  return new Request('http://localhost/anmelden', { method: 'POST', body, headers: { ...(type ? { 'content-type': type } : {}), ...headers } });
}

/** A body that arrives in pieces and declares no length, like a chunked request. */
function streamed(total: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= total) return controller.close();
      const n = Math.min(64 * 1024, total - sent);
      sent += n;
      controller.enqueue(new Uint8Array(n).fill(0x61));
    },
  });
}

async function refusal(request: Request, limit?: number): Promise<HttpError> {
  const err = await readForm(request, limit === undefined ? {} : { limit }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HttpError);
  return err as HttpError;
}

describe('readForm', () => {
  it('reads a urlencoded form', async () => {
    const form = await readForm(post('email=a%40b.de&password=x+y', 'application/x-www-form-urlencoded'));
    expect(form.get('email')).toBe('a@b.de');
    expect(form.get('password')).toBe('x y');
  });

  it('reads a multipart form with a quoted boundary', async () => {
    const body = '--g\r\nContent-Disposition: form-data; name="status"\r\n\r\ninteressiert\r\n--g--\r\n';
    const form = await readForm(post(body, 'multipart/form-data; boundary="g"'));
    expect(form.get('status')).toBe('interessiert');
  });

  it.each([
    ['JSON', 'application/json', '{"email":"a@b.de"}'],
    ['XML', 'application/xml', '<a/>'],
    ['plain text', 'text/plain', 'email=a'],
    ['no content type', undefined, 'email=a'],
    ['multipart without boundary', 'multipart/form-data', '--x\r\n'],
    ['multipart with an empty boundary', 'multipart/form-data; boundary=', '--\r\n'],
    ['multipart with a boundary longer than 70 characters', `multipart/form-data; boundary=${'b'.repeat(71)}`, '--b\r\n'],
  ])('answers %s with a German 400', async (_what, type, body) => {
    const err = await refusal(post(body, type));
    expect(err.status).toBe(400);
    expect(err.userMessage).toMatch(/^Die Anfrage enthält kein Formular/);
  });

  it.each([
    ['cut off before its end', 'multipart/form-data; boundary=g', '--g\r\nContent-Disposition: form-data; name="a"\r\n\r\nwert'],
    ['with a boundary that never occurs', 'multipart/form-data; boundary=anders', '--g\r\nContent-Disposition: form-data; name="a"\r\n\r\nwert\r\n--g--\r\n'],
    ['with garbage for part headers', 'multipart/form-data; boundary=g', '--g\r\n\u0000kaputt\r\n\r\n--g--\r\n'],
  ])('answers multipart %s with a German 400', async (_what, type, body) => {
    const err = await refusal(post(body, type));
    expect(err.status).toBe(400);
    expect(err.userMessage).toMatch(/^Das Formular konnte nicht gelesen werden/);
  });

  it('refuses a declared body over the limit with 413 without reading it', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({ pull: (c) => (pulled++, c.enqueue(new Uint8Array(1024))) });
    const err = await refusal(new Request('http://localhost/', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(10 * 1024 * 1024) }, duplex: 'half' } as RequestInit));
    expect(err.status).toBe(413);
    expect(err.userMessage).toContain('256,0 KB');
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it('stops reading a body without a declared length at the limit with 413', async () => {
    const err = await refusal(new Request('http://localhost/', { method: 'POST', body: streamed(100 * 1024 * 1024), headers: { 'content-type': 'application/x-www-form-urlencoded' }, duplex: 'half' } as RequestInit), 128 * 1024);
    expect(err.status).toBe(413);
    expect(err.userMessage).toContain('128,0 KB');
  });

  it('takes a body right at the limit', async () => {
    const form = await readForm(post(`a=${'x'.repeat(1000 - 2)}`, 'application/x-www-form-urlencoded'), { limit: 1000 });
    expect(String(form.get('a')).length).toBe(998);
  });
});
