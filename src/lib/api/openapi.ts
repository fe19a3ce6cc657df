import { DOCUMENT_TYPES, TOPICS, VISIBILITIES } from '../documents/vocabulary';
import { COUNCIL_SYSTEMS } from '../council/links';
import { REUSE_STATUSES } from '../reuse/vocabulary';
import { TENANT_KINDS } from '../tenants/schema';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './params';
import { PROBLEMS } from './problem';

// The OpenAPI 3.1 description of the read API, as data. /api/v1/openapi.json serves it, the
// /api page explains it in German, and the tests validate every answer of the API against
// the schemas below (serialize.ts builds the answers).

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, 'null'], ...extra });
const object = (properties: Record<string, unknown>, optional: string[] = []) => ({
  type: 'object',
  additionalProperties: false,
  required: Object.keys(properties).filter((k) => !optional.includes(k)),
  properties,
});
const labelledOf = (keys: readonly string[]) => object({ key: { type: 'string', enum: [...keys] }, label: { type: 'string' } });
const date = { type: 'string', format: 'date' };
const url = { type: 'string', format: 'uri' };

const schemas = {
  KommuneRef: object({ slug: { type: 'string' }, name: { type: 'string' }, shortName: { type: 'string' } }),
  Type: labelledOf(DOCUMENT_TYPES),
  Topic: labelledOf(TOPICS),
  Visibility: labelledOf(VISIBILITIES),
  BeitragSummary: object({
    id: { type: 'integer' },
    kommune: ref('KommuneRef'),
    slug: { type: 'string' },
    type: ref('Type'),
    title: { type: 'string' },
    summary: { type: 'string' },
    visibility: ref('Visibility'),
    topics: { type: 'array', items: ref('Topic') },
    stand: date,
    reviewDue: nullable('string', { format: 'date' }),
    publishedAt: nullable('string', { format: 'date-time' }),
    url: { ...url, description: 'Die Seite des Beitrags im Wissensnetz.' },
    apiUrl: { ...url, description: 'Der Beitrag mit allen Feldern in dieser Schnittstelle.' },
  }),
  BeitragList: object({
    items: { type: 'array', items: ref('BeitragSummary') },
    limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE },
    next: {
      oneOf: [{ type: 'null' }, object({ cursor: { type: 'string' }, url })],
      description: 'Die nächste Seite; null auf der letzten.',
    },
  }),
  Field: object(
    {
      name: { type: 'string' },
      label: { type: 'string' },
      kind: { type: 'string', enum: ['markdown', 'text', 'choice', 'list'] },
      value: { type: 'string', description: 'Markdown bei kind "markdown", eine Zeile je Eintrag bei kind "list", sonst Text.' },
      html: { type: 'string', description: 'Bereinigtes HTML (nur bei kind "markdown").' },
      valueLabel: { type: 'string', description: 'Lesbarer Name des Werts (Lizenz).' },
    },
    ['html', 'valueLabel'],
  ),
  Reference: object({
    drucksache: { type: 'string' },
    title: nullable('string'),
    system: { oneOf: [{ type: 'null' }, { type: 'string', enum: [...COUNCIL_SYSTEMS] }] },
    url: nullable('string', { format: 'uri', description: 'Die eingetragene Adresse (bei OParl das Paper-Objekt).' }),
    webUrl: nullable('string', { format: 'uri', description: 'Die Seite der Drucksache für Menschen.' }),
    paper: {
      oneOf: [{ type: 'null' }, object({ name: nullable('string'), reference: nullable('string'), date: nullable('string', { format: 'date' }), body: nullable('string') })],
      description: 'Was das Wissensnetz einmalig über OParl abgerufen hat.',
    },
  }),
  FileVersion: object({
    id: { type: 'integer' },
    version: { type: 'string' },
    fileName: { type: 'string' },
    size: { type: 'integer', minimum: 0 },
    mediaType: { type: 'string' },
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    createdAt: { type: 'string' },
    downloadUrl: url,
  }),
  File: object({
    id: { type: 'integer' },
    title: { type: 'string' },
    description: { type: 'string' },
    licence: object({ key: { type: 'string' }, label: { type: 'string' } }),
    updatedAt: { type: 'string' },
    versions: { type: 'array', items: ref('FileVersion'), description: 'Neueste zuerst.' },
  }),
  Reuse: object({
    kommune: ref('KommuneRef'),
    status: labelledOf(REUSE_STATUSES),
    note: nullable('string', { description: 'Nur für angemeldete Mitarbeitende (Token), sonst null.' }),
    contact: nullable('string', { description: 'Nur für angemeldete Mitarbeitende (Token), sonst null.' }),
    updatedAt: { type: 'string' },
  }),
  Beitrag: object({
    id: { type: 'integer' },
    kommune: ref('KommuneRef'),
    slug: { type: 'string' },
    type: ref('Type'),
    status: labelledOf(['veroeffentlicht', 'archiviert']),
    title: { type: 'string' },
    summary: { type: 'string' },
    visibility: ref('Visibility'),
    topics: { type: 'array', items: ref('Topic') },
    tags: { type: 'array', items: { type: 'string' } },
    stand: date,
    reviewDue: nullable('string', { format: 'date' }),
    publishedAt: nullable('string', { format: 'date-time' }),
    updatedAt: { type: 'string' },
    contact: object({ mailbox: { type: 'string', format: 'email' }, person: nullable('string') }),
    fields: { type: 'array', items: ref('Field') },
    body: object({ markdown: { type: 'string' }, html: { type: 'string' } }),
    references: { type: 'array', items: ref('Reference') },
    files: { type: 'array', items: ref('File') },
    reuses: { type: 'array', items: ref('Reuse') },
    url,
    publiccodeUrl: nullable('string', { format: 'uri', description: 'publiccode.yml bei Artefakten der Art Code oder Spezifikation.' }),
  }),
  KommuneList: object({
    items: {
      type: 'array',
      items: object({
        slug: { type: 'string' },
        name: { type: 'string' },
        shortName: { type: 'string' },
        kind: { type: 'string', enum: [...TENANT_KINDS] },
        website: url,
        beitraege: { type: 'integer', minimum: 0, description: 'Veröffentlichte Beiträge, die der Aufrufer lesen darf.' },
        url,
        feedUrl: url,
        apiUrl: url,
      }),
    },
  }),
  ThemenfeldList: object({
    items: { type: 'array', items: object({ key: { type: 'string', enum: [...TOPICS] }, label: { type: 'string' }, beitraege: { type: 'integer', minimum: 0 }, url, apiUrl: url }) },
  }),
  TagList: object({
    items: { type: 'array', items: object({ key: { type: 'string' }, label: { type: 'string' }, beitraege: { type: 'integer', minimum: 1 }, apiUrl: url }) },
  }),
  Nachnutzung: object({
    kommunen: { type: 'array', items: ref('KommuneRef') },
    rows: {
      type: 'array',
      items: object({
        beitrag: object({ id: { type: 'integer' }, kommune: ref('KommuneRef'), slug: { type: 'string' }, title: { type: 'string' }, type: ref('Type'), url, apiUrl: url }),
        cells: { type: 'array', items: object({ kommune: { type: 'string' }, status: labelledOf(REUSE_STATUSES) }) },
        adopted: { type: 'integer', minimum: 0 },
        total: { type: 'integer', minimum: 1 },
      }),
    },
  }),
  Problem: object(
    {
      type: { type: 'string', description: 'Verweis auf die Erklärung auf /api.' },
      title: { type: 'string' },
      status: { type: 'integer', enum: [...new Set(Object.values(PROBLEMS).map((p) => p.status))] },
      detail: { type: 'string' },
      instance: { type: 'string' },
      errors: { type: 'array', items: object({ parameter: { type: 'string' }, detail: { type: 'string' } }) },
    },
    ['instance', 'errors'],
  ),
} as const;

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const PROBLEM_RESPONSES = {
  '401': problem('Das Token ist unbekannt, abgelaufen oder widerrufen, oder das Konto ist deaktiviert.'),
  '429': { ...problem('Zu viele Anfragen; Retry-After nennt die Sekunden bis zum nächsten Versuch.'), headers: { 'Retry-After': { schema: { type: 'integer' } } } },
};
const CACHE_HEADERS = {
  ETag: { schema: { type: 'string' } },
  'Last-Modified': { schema: { type: 'string' } },
};
const ok = (schema: string, description: string) => ({ description, headers: CACHE_HEADERS, content: { 'application/json': { schema: ref(schema) } } });
const notModified = { description: 'Nicht geändert (If-None-Match oder If-Modified-Since).', headers: CACHE_HEADERS };
const query = (name: string, description: string, schema: Record<string, unknown>) => ({ name, in: 'query', required: false, description, schema });
const noParams = { '400': problem('Unbekannte Parameter.') };

export function openApiDocument(serverUrl: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Wissensnetz Kreis Coesfeld – Lese-Schnittstelle',
      version: '1.0.0',
      description:
        'Lesender Zugriff auf die Beiträge, Kommunen, Themenfelder, Schlagwörter und die Nachnutzung im Wissensnetz. ' +
        'Ohne Token sieht jeder Aufruf genau das, was anonyme Besucherinnen und Besucher sehen; mit einem persönlichen Token ' +
        '(Authorization: Bearer …, anzulegen unter „Mein Konto“) das, was die Person lesen darf. Beschreibung auf Deutsch: /api.',
      license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
    },
    servers: [{ url: serverUrl }],
    security: [{}, { bearerAuth: [] }],
    paths: {
      '/api/v1/beitraege': {
        get: {
          operationId: 'listBeitraege',
          summary: 'Veröffentlichte Beiträge, neueste zuerst',
          parameters: [
            query('kommune', 'Kürzel der Kommune (siehe /api/v1/kommunen).', { type: 'string' }),
            query('themenfeld', 'Themenfeld.', { type: 'string', enum: [...TOPICS] }),
            query('art', 'Art des Beitrags.', { type: 'string', enum: [...DOCUMENT_TYPES] }),
            query('jahr', 'Jahr des Stands.', { type: 'integer', minimum: 1900, maximum: 2999 }),
            query('tag', 'Schlagwort (Groß-/Kleinschreibung egal).', { type: 'string', minLength: 1, maxLength: 40 }),
            query('limit', `Einträge je Seite (Standard ${DEFAULT_PAGE_SIZE}; größere Werte werden auf ${MAX_PAGE_SIZE} begrenzt).`, { type: 'integer', minimum: 1 }),
            query('cursor', 'Wert aus next.cursor der vorigen Seite.', { type: 'string' }),
          ],
          responses: {
            '200': ok('BeitragList', 'Eine Seite.'),
            '304': notModified,
            '400': problem('Unbekannter Parameter, ungültiger Wert oder Cursor.'),
            ...PROBLEM_RESPONSES,
          },
        },
      },
      '/api/v1/beitraege/{kommune}/{slug}': {
        get: {
          operationId: 'getBeitrag',
          summary: 'Ein Beitrag mit Feldern, Text (Markdown und HTML), Dateien und Nachnutzungen',
          parameters: [
            { name: 'kommune', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'slug', in: 'path', required: true, schema: { type: 'string' } },
          ],
          responses: {
            '200': ok('Beitrag', 'Der Beitrag.'),
            '301': { description: 'Der Beitrag hat eine neue Adresse (Location).' },
            '304': notModified,
            ...noParams,
            '404': problem('Unbekannt oder für den Aufrufer nicht lesbar (beides gleich, damit nichts über verborgene Beiträge verrät).'),
            ...PROBLEM_RESPONSES,
          },
        },
      },
      '/api/v1/dateien/{id}': {
        get: {
          operationId: 'downloadFile',
          summary: 'Eine Dateiversion herunterladen (downloadUrl eines Beitrags)',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
          responses: {
            '200': { description: 'Die Datei (als Anhang).', content: { 'application/octet-stream': { schema: {} } } },
            '304': { description: 'Nicht geändert.' },
            ...noParams,
            '404': problem('Unbekannt oder nicht lesbar.'),
            ...PROBLEM_RESPONSES,
          },
        },
      },
      '/api/v1/kommunen': {
        get: { operationId: 'listKommunen', summary: 'Die Verwaltungen mit der Zahl ihrer lesbaren Beiträge', responses: { '200': ok('KommuneList', 'Alle Kommunen, der Kreis zuerst.'), '304': notModified, ...noParams, ...PROBLEM_RESPONSES } },
      },
      '/api/v1/themenfelder': {
        get: { operationId: 'listThemenfelder', summary: 'Die Themenfelder mit der Zahl ihrer lesbaren Beiträge', responses: { '200': ok('ThemenfeldList', 'Alle Themenfelder.'), '304': notModified, ...noParams, ...PROBLEM_RESPONSES } },
      },
      '/api/v1/tags': {
        get: { operationId: 'listTags', summary: 'Die Schlagwörter der lesbaren Beiträge, häufigste zuerst', responses: { '200': ok('TagList', 'Alle Schlagwörter.'), '304': notModified, ...noParams, ...PROBLEM_RESPONSES } },
      },
      '/api/v1/nachnutzung': {
        get: { operationId: 'getNachnutzung', summary: 'Die Nachnutzungsmatrix: welche Kommune nutzt welchen Beitrag nach', responses: { '200': ok('Nachnutzung', 'Die Matrix.'), '304': notModified, ...noParams, ...PROBLEM_RESPONSES } },
      },
      '/api/v1/openapi.json': {
        get: {
          operationId: 'getOpenApi',
          summary: 'Diese Beschreibung',
          responses: { '200': { description: 'OpenAPI 3.1', headers: CACHE_HEADERS, content: { 'application/json': { schema: { type: 'object' } } } }, '304': notModified, ...noParams, ...PROBLEM_RESPONSES },
        },
      },
    },
    components: {
      schemas,
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'Persönliches Token aus „Mein Konto“ (beginnt mit wn_).' } },
    },
  };
}
