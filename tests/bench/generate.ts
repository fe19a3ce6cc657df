import { closeDb, getDb } from '../../src/lib/db/client';
import { resetConfig } from '../../src/lib/config';
import { insertDocument } from '../../src/lib/documents/store';
import type { DocumentData } from '../../src/lib/documents/data';
import { TOPICS, VISIBILITIES } from '../../src/lib/documents/vocabulary';
import { listTenants, resetTenants } from '../../src/lib/tenants/registry';

const BODY = `## Ausgangslage

Die Verwaltung wollte ein Verfahren digitalisieren, das bisher auf Papier lief.

## Vorgehen

1. Bestandsaufnahme mit den Fachbereichen
2. Auswahl einer Lösung, **Pilotphase** mit zwei Schulen
3. Schulung und Einführung

Weitere Informationen stehen im [Leitfaden](/kreis-coesfeld/).
`;

/** Subjects mixed into varied Beiträge, so related Beiträge and tags have something to find. */
const SUBJECTS = [
  'Tablets', 'WLAN', 'Wohngeld', 'Kita', 'Schulanmeldung', 'Leihgeräte', 'Moodle', 'Ganztag', 'Schulsozialarbeit', 'Jugendamt',
  'Bürgerbus', 'Carsharing', 'Leerstand', 'Gewerbeanmeldung', 'Förderantrag', 'Verwendungsnachweis', 'Datenschutz', 'Fachverfahren', 'Terminvergabe', 'Videoberatung',
  'Ausschreibung', 'Rahmenvertrag', 'Supportvertrag', 'Inventar', 'Medienkonzept', 'Lernplattform', 'Einwilligung', 'Messenger', 'Fallakte', 'Kinderschutz',
  'Ehrenamt', 'Ortsmitte', 'Einzelhandel', 'Breitband', 'Glasfaser', 'Ratsinformation', 'Sitzungsdienst', 'Personalakte', 'Dienstreise', 'Fuhrpark',
  'Ladesäulen', 'Radverkehr', 'Parkraum', 'Wochenmarkt', 'Friedhof', 'Hundesteuer', 'Grundsteuer', 'Bauantrag', 'Baulücken', 'Klimaschutz',
  'Starkregen', 'Feuerwehr', 'Bauhof', 'Straßenbeleuchtung', 'Abfallkalender', 'Bürgerkonto', 'Postfach', 'Signatur', 'Formularserver', 'Zahlungsverkehr',
  'Bibliothek', 'Volkshochschule', 'Musikschule', 'Integrationskurs', 'Sprachförderung', 'Pflegeberatung', 'Seniorenbüro', 'Quartiersarbeit', 'Wohnraum', 'Obdachlosigkeit',
  'Migration', 'Einbürgerung', 'Standesamt', 'Meldewesen', 'Wahlhelfer', 'Briefwahl', 'Ehrenamtskarte', 'Sportstätten', 'Schwimmbad', 'Tourismus',
];

/**
 * Inserts `count` published Beiträge spread over tenants, types, topics and visibilities, directly
 * through the lib. `varied`: each also names three of SUBJECTS in title, tags and text (each
 * subject in ~4 % of the Beiträge), like a real hub where Beiträge share some subjects.
 */
export function generateDocuments(dataDir: string, count: number, options: { varied?: boolean } = {}): { tenant: string; slug: string }[] {
  process.env['WISSENSNETZ_DATA_DIR'] = dataDir;
  resetConfig();
  resetTenants();
  closeDb();
  const tenants = listTenants().map((t) => t.slug);
  const types = ['erfahrungsbericht', 'projektbericht', 'artefakt'] as const;
  const samples: { tenant: string; slug: string }[] = [];
  getDb().transaction(() => {
    for (let i = 0; i < count; i++) {
      const tenant = tenants[i % tenants.length]!;
      const slug = `generierter-beitrag-${i}`;
      const stand = new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString();
      const subjects = [SUBJECTS[i % SUBJECTS.length]!, SUBJECTS[(i * 7 + 3) % SUBJECTS.length]!, SUBJECTS[(i * 13 + 5) % SUBJECTS.length]!];
      const data: DocumentData = {
        title: options.varied ? `Generierter Beitrag ${i}: ${subjects[0]} und ${subjects[1]}` : `Generierter Beitrag ${i}: Digitalisierung im Bereich ${TOPICS[i % TOPICS.length]}`,
        summary: 'Ein erzeugter Beitrag für den Lasttest, mit einer Zusammenfassung in üblicher Länge für eine Karte in der Liste.',
        type: types[i % types.length]!,
        topics: [TOPICS[i % TOPICS.length]!, TOPICS[(i + 3) % TOPICS.length]!],
        tags: options.varied ? ['Lasttest', subjects[0]!, subjects[1]!] : ['Lasttest'],
        // Mostly public, some internal and Kommune-only, like real use.
        visibility: VISIBILITIES[i % 5 === 0 ? 1 : i % 7 === 0 ? 2 : 0]!,
        stand: stand.slice(0, 10),
        reviewDue: null,
        contact: { mailbox: `digital@${tenant}.example`, person: null },
        references: [],
        fields: {},
      };
      insertDocument({
        tenant,
        source: 'web',
        status: 'veroeffentlicht',
        createdBy: null,
        slug,
        publishedAt: stand,
        revisions: [{ data, bodyMd: options.varied ? `${BODY}\nThemen: ${subjects.join(', ')}. Zu ${subjects[2]} gibt es eine eigene Vorlage.\n` : BODY, status: 'veroeffentlicht', authorId: null, authorLabel: 'Lasttest', note: 'Erzeugt', createdAt: stand, reviewedAt: stand }],
      });
      if (data.visibility === 'oeffentlich' && samples.length < 5) samples.push({ tenant, slug });
    }
  });
  closeDb();
  return samples;
}
