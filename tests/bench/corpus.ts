import type { DocumentData } from '../../src/lib/documents/data';
import { TOPICS, type DocumentType } from '../../src/lib/documents/vocabulary';

/** A small deterministic PRNG, so every run indexes the same corpus. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOUNS = ['Schule', 'Schulträger', 'Verwaltung', 'Antrag', 'Anträge', 'Fördermittel', 'Digitalisierung', 'Datenschutz', 'Medienentwicklungsplan', 'Tablet', 'Lernplattform', 'Jugendamt', 'Sozialamt', 'Wohngeld', 'Bürgerbüro', 'Onlinedienst', 'Schulsozialarbeit', 'Dienstfahrzeuge', 'Ganztagsschule', 'Leistungsverzeichnis', 'Ausschreibung', 'Rahmenvertrag', 'Fachanwendung', 'Serviceportal', 'Elternbrief', 'Einwilligung', 'Netzwerk', 'Breitbandausbau', 'Innenstadt', 'Leerstand', 'Wirtschaftsförderung', 'Mobilitätsstation', 'Radverkehr', 'Ratsinformationssystem', 'Sitzungsvorlage', 'Haushaltsplan', 'Personalrat', 'Schulung', 'Fortbildung', 'Support', 'Geräteverwaltung', 'Inventarliste', 'Kindertagesstätte', 'Beratungsstelle', 'Fallmanagement', 'Dokumentation', 'Statistik', 'Kreistag', 'Bürgermeisterin', 'Kämmerei', 'Vergabestelle', 'Projektgruppe', 'Lenkungskreis', 'Arbeitsgruppe', 'Förderaufruf', 'Verwendungsnachweis', 'Zuwendungsbescheid', 'Straßenbeleuchtung', 'Ortsmitte', 'Marktplatz', 'Wochenmarkt', 'Gewerbegebiet', 'Glasfaser', 'WLAN', 'Lehrkräfte', 'Schülerinnen', 'Eltern', 'Familien', 'Jugendliche', 'Senioren', 'Ehrenamt', 'Vereine'];
const VERBS = ['eingeführt', 'umgestellt', 'ausgeschrieben', 'beschlossen', 'abgestimmt', 'geprüft', 'getestet', 'begleitet', 'dokumentiert', 'ausgewertet', 'verlängert', 'erweitert', 'vereinfacht', 'digitalisiert', 'beantragt', 'bewilligt'];
const ADJ = ['digitale', 'neue', 'gemeinsame', 'kreisweite', 'städtische', 'interkommunale', 'einfache', 'sichere', 'barrierefreie', 'zentrale', 'verlässliche', 'kleine', 'große', 'schnelle', 'übertragbare'];
const CONNECT = ['Dabei', 'Außerdem', 'Zunächst', 'Anschließend', 'Im Ergebnis', 'Rückblickend', 'Gleichzeitig', 'Wichtig war', 'Für die Zukunft', 'Im zweiten Jahr'];
const TYPES: DocumentType[] = ['erfahrungsbericht', 'projektbericht', 'artefakt'];
const TENANTS = ['kreis-coesfeld', 'ascheberg', 'billerbeck', 'coesfeld', 'duelmen', 'havixbeck', 'luedinghausen', 'nordkirchen', 'nottuln', 'olfen', 'rosendahl', 'senden'];

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)]!;
}

function sentence(rnd: () => number): string {
  const a = pick(rnd, NOUNS);
  const b = pick(rnd, NOUNS);
  const c = pick(rnd, NOUNS);
  return `${pick(rnd, CONNECT)} wurde die ${pick(rnd, ADJ)} ${a} für ${b} und ${c} ${pick(rnd, VERBS)}, nachdem die ${pick(rnd, ADJ)} ${pick(rnd, NOUNS)} ${pick(rnd, VERBS)} war.`;
}

/** About `words` words of German-looking Markdown in paragraphs with headings. */
export function body(rnd: () => number, words: number): string {
  const parts: string[] = [];
  let count = 0;
  while (count < words) {
    parts.push(`## ${pick(rnd, ADJ)} ${pick(rnd, NOUNS)}`.replace(/^## (\p{Ll})/u, (_, c: string) => `## ${c.toUpperCase()}`));
    const para: string[] = [];
    for (let i = 0; i < 5; i++) {
      const s = sentence(rnd);
      para.push(s);
      count += s.split(' ').length;
    }
    parts.push(para.join(' '));
  }
  return parts.join('\n\n');
}

export interface GeneratedBeitrag {
  tenant: string;
  data: DocumentData;
  bodyMd: string;
}

export function generateBeitrag(rnd: () => number, i: number, words = 800, title?: string): GeneratedBeitrag {
  const type = pick(rnd, TYPES);
  const topics = [...new Set([pick(rnd, TOPICS), pick(rnd, TOPICS)])];
  const v = rnd();
  const year = 2019 + Math.floor(rnd() * 8);
  const month = String(1 + Math.floor(rnd() * 12)).padStart(2, '0');
  return {
    tenant: pick(rnd, TENANTS),
    bodyMd: body(rnd, words),
    data: {
      title: title ?? `${pick(rnd, ADJ)} ${pick(rnd, NOUNS)} ${i}: ${pick(rnd, NOUNS)} und ${pick(rnd, NOUNS)}`.replace(/^\p{Ll}/u, (c) => c.toUpperCase()),
      summary: `${sentence(rnd)} ${sentence(rnd)}`,
      type,
      topics,
      tags: [pick(rnd, NOUNS), pick(rnd, NOUNS)],
      visibility: v < 0.7 ? 'oeffentlich' : v < 0.9 ? 'intern' : 'kommune',
      stand: `${year}-${month}-15`,
      reviewDue: null,
      contact: { mailbox: 'digital@example.invalid', person: null },
      references: [],
      fields: {},
    },
  };
}
