import path from 'node:path';
import Database from 'better-sqlite3';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { Validator } from '@seriousme/openapi-schema-validator';
import { expect } from 'vitest';
import { postForm } from './auth';
import type { TestServer } from './server';

/** Creates a personal API token through the form on Mein Konto and reads it from the page (it is shown once). */
export async function createTokenViaKonto(server: TestServer, cookie: string, name: string, days = '30'): Promise<string> {
  const res = await postForm(server, '/konto', { action: 'token-create', 'token-name': name, 'token-days': days }, { cookie });
  const html = await res.text();
  expect(res.status, html.slice(0, 500)).toBe(200);
  const token = /data-new-token[^>]*value="(wn_[a-z2-7]+)"|value="(wn_[a-z2-7]+)"[^>]*data-new-token/.exec(html);
  expect(token, 'the new token is shown on the page').not.toBeNull();
  return (token![1] ?? token![2])!;
}

/** The public id of a token (the form value of its revoke button), from its name on Mein Konto. */
export async function revokeTokenViaKonto(server: TestServer, cookie: string, name: string): Promise<void> {
  const page = await (await fetch(`${server.url}/konto`, { headers: { Cookie: cookie } })).text();
  const row = page.split('<tr>').find((r) => r.includes(`<td>${name}</td>`));
  const publicId = row && /name="token" value="([0-9a-f]{16})"/.exec(row)?.[1];
  expect(publicId, `revoke button of ${name}`).toBeTruthy();
  const res = await postForm(server, '/konto', { action: 'token-revoke', token: publicId! }, { cookie });
  expect(res.status).toBe(200);
}

/** Lets a token expire now, as time would: the test changes its expiry in the server's database. */
export function expireTokens(server: TestServer, namePrefix: string): void {
  const db = new Database(path.join(server.dataDir, 'wissensnetz.db'));
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare('UPDATE api_tokens SET expires_at = ? WHERE name LIKE ?').run(Date.now() - 1000, `${namePrefix}%`);
  } finally {
    db.close();
  }
}

const pointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export interface OpenApiChecker {
  document: Record<string, any>;
  /** Fails unless the response's status, media type and body are what the OpenAPI document says for this operation. */
  check: (res: Response, template: string, body?: string) => Promise<void>;
  /** How many responses were checked, per "METHOD template status". */
  seen: Map<string, number>;
}

/** Loads the served OpenAPI document, checks it against the OpenAPI 3.1 schema, and validates answers against it. */
export async function openApiChecker(server: TestServer): Promise<OpenApiChecker> {
  const document = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as Record<string, any>;
  const result = await new Validator().validate(document);
  expect(result.errors ?? [], 'the OpenAPI document is valid OpenAPI 3.1').toEqual([]);
  expect(result.valid).toBe(true);
  expect(document['openapi']).toMatch(/^3\.1\./);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(document, 'openapi.json');
  const seen = new Map<string, number>();
  return {
    document,
    seen,
    check: async (res, template, body) => {
      const operation = document['paths']?.[template]?.['get'];
      expect(operation, `GET ${template} is documented`).toBeDefined();
      const status = String(res.status);
      const spec = operation['responses'][status];
      expect(spec, `GET ${template} answered ${status}, which the document does not name`).toBeDefined();
      seen.set(`GET ${template} ${status}`, (seen.get(`GET ${template} ${status}`) ?? 0) + 1);
      if (!spec['content']) return;
      const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
      const documented = Object.keys(spec['content']);
      if (documented.includes('application/octet-stream')) return;
      expect(documented, `GET ${template} ${status}: media type ${type}`).toContain(type);
      const text = body ?? (await res.text());
      const validate = ajv.getSchema(`openapi.json#/paths/${pointer(template)}/get/responses/${status}/content/${pointer(type)}/schema`);
      expect(validate, 'schema found').toBeDefined();
      const ok = validate!(JSON.parse(text));
      expect(ok ? [] : validate!.errors, `GET ${template} ${status} matches its schema`).toEqual([]);
    },
  };
}
