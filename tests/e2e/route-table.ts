/**
 * Every route × every kind of person, with the status they must get. The test fails when a
 * page or endpoint under src/pages has no row here: new routes must decide who may use them.
 *
 * The people: anonymous; Mitarbeiter:in, Redakteur:in and Admin of Dülmen; Admin of Senden
 * (another Kommune); Kreis admin. Rows use Dülmen as the Kommune concerned.
 */
export const WHO = ['anonym', 'mitarbeiter', 'redakteur', 'admin', 'adminAndere', 'kreisAdmin'] as const;
export type Who = (typeof WHO)[number];

export interface RouteCase {
  /** The file-based route, e.g. /[kommune]/mitglieder. */
  route: string;
  method: 'GET' | 'POST';
  path: string;
  form?: Record<string, string>;
  expect: Record<Who, number>;
}

const all = (status: number): Record<Who, number> => ({ anonym: status, mitarbeiter: status, redakteur: status, admin: status, adminAndere: status, kreisAdmin: status });
const signedIn = (status: number, anonym: number): Record<Who, number> => ({ ...all(status), anonym });
/** Admins of Dülmen (and Kreis admins) only. */
const duelmenAdmin = (ok: number, anonym: number): Record<Who, number> => ({ anonym, mitarbeiter: 403, redakteur: 403, admin: ok, adminAndere: 403, kreisAdmin: ok });

/** Redakteur:innen and admins of Dülmen, Kreis admins. */
const duelmenEditor = (ok: number, anonym: number): Record<Who, number> => ({ anonym, mitarbeiter: 403, redakteur: ok, admin: ok, adminAndere: 403, kreisAdmin: ok });
/** Members of Dülmen and Kreis admins; everybody else gets `other`. */
const duelmenMember = (ok: number, other: number): Record<Who, number> => ({ anonym: other, mitarbeiter: ok, redakteur: ok, admin: ok, adminAndere: other, kreisAdmin: ok });

export const ROUTES: RouteCase[] = [
  { route: '/', method: 'GET', path: '/', expect: all(200) },
  { route: '/kommunen', method: 'GET', path: '/kommunen', expect: all(200) },
  { route: '/ueber', method: 'GET', path: '/ueber', expect: all(200) },
  { route: '/hilfe', method: 'GET', path: '/hilfe', expect: all(200) },
  { route: '/404', method: 'GET', path: '/404', expect: all(404) },
  { route: '/500', method: 'GET', path: '/500', expect: all(500) },
  { route: '/fehler', method: 'GET', path: '/fehler', expect: all(404) },
  { route: '/health', method: 'GET', path: '/health', expect: all(200) },
  { route: '/favicon.svg', method: 'GET', path: '/favicon.svg', expect: all(200) },
  { route: '/anmelden', method: 'GET', path: '/anmelden', expect: all(200) },
  { route: '/anmelden', method: 'POST', path: '/anmelden', form: { email: '', password: '' }, expect: all(400) },
  { route: '/konto/', method: 'GET', path: '/konto', expect: signedIn(200, 303) },
  { route: '/konto/', method: 'POST', path: '/konto', form: { action: 'unbekannt' }, expect: signedIn(400, 401) },
  { route: '/konto/daten.json', method: 'GET', path: '/konto/daten.json', expect: signedIn(200, 303) },
  { route: '/einladung/[token]', method: 'GET', path: '/einladung/gibtesnicht', expect: all(404) },
  { route: '/einladung/[token]', method: 'POST', path: '/einladung/gibtesnicht', form: { name: 'X' }, expect: all(404) },
  { route: '/protokoll', method: 'GET', path: '/protokoll', expect: { anonym: 303, mitarbeiter: 403, redakteur: 403, admin: 200, adminAndere: 200, kreisAdmin: 200 } },
  { route: '/[kommune]/', method: 'GET', path: '/duelmen/', expect: all(200) },
  { route: '/[kommune]/farben.css', method: 'GET', path: '/duelmen/farben.css', expect: all(200) },
  { route: '/[kommune]/logo.svg', method: 'GET', path: '/duelmen/logo.svg', expect: all(200) },
  { route: '/[kommune]/impressum', method: 'GET', path: '/duelmen/impressum', expect: all(200) },
  { route: '/[kommune]/datenschutz', method: 'GET', path: '/duelmen/datenschutz', expect: all(200) },
  { route: '/[kommune]/barrierefreiheit', method: 'GET', path: '/duelmen/barrierefreiheit', expect: all(200) },
  { route: '/[kommune]/kontakt', method: 'GET', path: '/duelmen/kontakt', expect: all(200) },
  { route: '/[kommune]/mitglieder', method: 'GET', path: '/duelmen/mitglieder', expect: duelmenAdmin(200, 303) },
  { route: '/[kommune]/mitglieder', method: 'POST', path: '/duelmen/mitglieder', form: { action: 'invite', email: 'keine-adresse' }, expect: duelmenAdmin(400, 401) },
  // --- Beiträge ---------------------------------------------------------------------
  // "but-antraege-digital" is a published "nur Kommune" demo Beitrag of Dülmen: outside Dülmen it does not exist (404).
  { route: '/beitraege/', method: 'GET', path: '/beitraege?art=artefakt&sortierung=titel', expect: all(200) },
  { route: '/themenfelder/', method: 'GET', path: '/themenfelder', expect: all(200) },
  { route: '/themenfelder/[thema]/', method: 'GET', path: '/themenfelder/schule', expect: all(200) },
  { route: '/themenfelder/[thema]/feed.xml', method: 'GET', path: '/themenfelder/soziales/feed.xml', expect: all(200) },
  { route: '/feed.xml', method: 'GET', path: '/feed.xml', expect: all(200) },
  { route: '/sitemap.xml', method: 'GET', path: '/sitemap.xml', expect: all(200) },
  { route: '/[kommune]/feed.xml', method: 'GET', path: '/duelmen/feed.xml', expect: all(200) },
  { route: '/[kommune]/beitraege/', method: 'GET', path: '/duelmen/beitraege', expect: all(301) },
  { route: '/redaktion', method: 'GET', path: '/redaktion', expect: signedIn(200, 303) },
  { route: '/[kommune]/beitraege/neu', method: 'GET', path: '/duelmen/beitraege/neu?art=erfahrungsbericht', expect: duelmenEditor(200, 303) },
  { route: '/[kommune]/beitraege/neu', method: 'POST', path: '/duelmen/beitraege/neu?art=erfahrungsbericht', form: { title: '', aktion: 'speichern' }, expect: duelmenEditor(422, 401) },
  { route: '/[kommune]/beitraege/[slug]/', method: 'GET', path: '/duelmen/beitraege/but-antraege-digital', expect: duelmenMember(200, 404) },
  { route: '/[kommune]/beitraege/[slug]/drucken', method: 'GET', path: '/duelmen/beitraege/but-antraege-digital/drucken', expect: duelmenMember(200, 404) },
  { route: '/[kommune]/beitraege/[slug]/bearbeiten', method: 'GET', path: '/duelmen/beitraege/but-antraege-digital/bearbeiten', expect: duelmenEditor(200, 303) },
  { route: '/[kommune]/beitraege/[slug]/bearbeiten', method: 'POST', path: '/duelmen/beitraege/but-antraege-digital/bearbeiten', form: { title: '', aktion: 'speichern' }, expect: duelmenEditor(422, 401) },
  { route: '/[kommune]/beitraege/[slug]/aktion', method: 'POST', path: '/duelmen/beitraege/but-antraege-digital/aktion', form: { aktion: 'unbekannt' }, expect: duelmenEditor(400, 401) },
  { route: '/[kommune]/beitraege/[slug]/pruefung', method: 'GET', path: '/duelmen/beitraege/but-antraege-digital/pruefung', expect: duelmenAdmin(200, 303) },
  { route: '/[kommune]/beitraege/[slug]/pruefung', method: 'POST', path: '/duelmen/beitraege/but-antraege-digital/pruefung', form: { aktion: 'zurueckgeben', kommentar: '' }, expect: duelmenAdmin(422, 401) },
  { route: '/[kommune]/beitraege/[slug]/versionen/', method: 'GET', path: '/duelmen/beitraege/but-antraege-digital/versionen', expect: duelmenEditor(200, 303) },
  { route: '/[kommune]/beitraege/[slug]/versionen/[nummer]', method: 'GET', path: '/duelmen/beitraege/but-antraege-digital/versionen/1', expect: duelmenEditor(200, 303) },
  { route: '/[kommune]/beitraege/[slug]/versionen/vergleich', method: 'GET', path: '/duelmen/beitraege/but-antraege-digital/versionen/vergleich?von=1&zu=1', expect: duelmenEditor(200, 303) },
  // --- end Beiträge ------------------------------------------------------------------------------
  // Files and Nachnutzung. Version 12 is the demo CSV of Dülmen's "nur Kommune" Beitrag
  // but-antraege-digital (content/demo-dateien/manifest.yaml, loaded in order).
  { route: '/nachnutzung', method: 'GET', path: '/nachnutzung', expect: all(200) },
  { route: '/[kommune]/dateien/[id]', method: 'GET', path: '/duelmen/dateien/12', expect: { anonym: 404, mitarbeiter: 200, redakteur: 200, admin: 200, adminAndere: 404, kreisAdmin: 200 } },
  { route: '/[kommune]/beitraege/[slug]/dateien/', method: 'GET', path: '/duelmen/beitraege/vorlage-dsfa-lernplattform/dateien', expect: { anonym: 303, mitarbeiter: 403, redakteur: 200, admin: 200, adminAndere: 403, kreisAdmin: 200 } },
  // A urlencoded body is no upload: 400 for those who may upload.
  { route: '/[kommune]/beitraege/[slug]/dateien/', method: 'POST', path: '/duelmen/beitraege/vorlage-dsfa-lernplattform/dateien', form: { titel: 'x' }, expect: { anonym: 401, mitarbeiter: 403, redakteur: 400, admin: 400, adminAndere: 403, kreisAdmin: 400 } },
  { route: '/[kommune]/beitraege/[slug]/dateien/loeschen', method: 'POST', path: '/duelmen/beitraege/vorlage-dsfa-lernplattform/dateien/loeschen', form: {}, expect: { anonym: 401, mitarbeiter: 403, redakteur: 400, admin: 400, adminAndere: 403, kreisAdmin: 400 } },
  { route: '/[kommune]/beitraege/[slug]/nachnutzung', method: 'GET', path: '/duelmen/beitraege/vorlage-dsfa-lernplattform/nachnutzung', expect: { anonym: 303, mitarbeiter: 403, redakteur: 403, admin: 403, adminAndere: 200, kreisAdmin: 200 } },
  { route: '/[kommune]/beitraege/[slug]/nachnutzung', method: 'POST', path: '/duelmen/beitraege/vorlage-dsfa-lernplattform/nachnutzung', form: { kommune: 'senden', status: 'vielleicht' }, expect: { anonym: 401, mitarbeiter: 403, redakteur: 403, admin: 403, adminAndere: 422, kreisAdmin: 422 } },
  // Search. Index files: see tests/e2e/search.test.ts for real generations (the canary test).
  { route: '/suche/', method: 'GET', path: '/suche?q=Schule', expect: all(200) },
  { route: '/suche/daten/[...path]', method: 'GET', path: '/suche/daten/b-1-1/intern/pagefind.js', expect: all(404) },
  { route: '/verwaltung/suche', method: 'GET', path: '/verwaltung/suche', expect: { anonym: 303, mitarbeiter: 403, redakteur: 403, admin: 403, adminAndere: 403, kreisAdmin: 200 } },
  { route: '/verwaltung/suche', method: 'POST', path: '/verwaltung/suche', form: {}, expect: { anonym: 401, mitarbeiter: 403, redakteur: 403, admin: 403, adminAndere: 403, kreisAdmin: 303 } },
  // Sign-out ends the session, so it runs last for each person.
  { route: '/abmelden', method: 'POST', path: '/abmelden', expect: all(303) },
];
