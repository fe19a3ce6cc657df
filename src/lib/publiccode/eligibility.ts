import type { DocumentData } from '../documents/data';
import { LICENCES } from '../documents/vocabulary';

/** Kinds of Artefakt that openCode's software directory describes with a publiccode.yml. */
export const PUBLICCODE_KINDS = ['Code', 'Spezifikation'] as const;

/**
 * Whether a Beitrag gets a publiccode.yml: a published (or archived) Artefakt of kind Code or
 * Spezifikation under an open licence. "nur intern" is no licence publiccode.yml can name
 * (legal.license must be an SPDX expression of an open licence), so such Artefakte get none.
 */
export function isPubliccodeEligible(doc: { status: string }, data: Pick<DocumentData, 'type' | 'fields'>): boolean {
  if (doc.status !== 'veroeffentlicht' && doc.status !== 'archiviert') return false;
  if (data.type !== 'artefakt') return false;
  const kind = data.fields['artefaktArt'] ?? '';
  const licence = data.fields['lizenz'] ?? '';
  return (PUBLICCODE_KINDS as readonly string[]).includes(kind) && (LICENCES as readonly string[]).includes(licence) && licence !== 'nur-intern';
}

/** The path of a Beitrag's publiccode.yml, or null when it has none. */
export function publiccodePath(doc: { tenant: string; slug: string; status: string }, data: Pick<DocumentData, 'type' | 'fields'>): string | null {
  return isPubliccodeEligible(doc, data) ? `/${doc.tenant}/beitraege/${doc.slug}/publiccode.yml` : null;
}
