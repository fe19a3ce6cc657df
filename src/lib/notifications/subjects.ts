import { TOPIC_LABELS, TOPICS, type Topic } from '../documents/vocabulary';
import { findTenant } from '../tenants/registry';

/**
 * What one can watch or follow, as a string key: beitrag:<id>, themenfeld:<topic>,
 * kommune:<slug>, schlagwort:<tag>. New areas add their own prefix (e.g. frage:<id>) here.
 */
export type SubjectKind = 'beitrag' | 'themenfeld' | 'kommune' | 'schlagwort';

export const FREQUENCY_LABELS = { sofort: 'sofort', taeglich: 'täglich', woechentlich: 'wöchentlich', aus: 'aus' } as const;
export type Frequency = keyof typeof FREQUENCY_LABELS;
export const FREQUENCY_LIST = Object.keys(FREQUENCY_LABELS) as Frequency[];

export function isFrequency(value: string): value is Frequency {
  return value in FREQUENCY_LABELS;
}

/** Tags are compared case-insensitively and with single spaces. */
export function normaliseTag(tag: string): string {
  return tag.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase().slice(0, 60);
}

export const subjectOf = {
  beitrag: (documentId: number) => `beitrag:${documentId}`,
  themenfeld: (topic: Topic) => `themenfeld:${topic}`,
  kommune: (slug: string) => `kommune:${slug}`,
  schlagwort: (tag: string) => `schlagwort:${normaliseTag(tag)}`,
};

export function parseSubject(subject: string): { kind: SubjectKind; key: string } | null {
  const at = subject.indexOf(':');
  const kind = subject.slice(0, at);
  const key = subject.slice(at + 1);
  if (at < 0 || !key) return null;
  if (kind === 'beitrag' && /^\d+$/.test(key)) return { kind, key };
  if (kind === 'themenfeld' && (TOPICS as readonly string[]).includes(key)) return { kind, key };
  if (kind === 'kommune' && findTenant(key)) return { kind, key };
  if (kind === 'schlagwort') return { kind, key };
  return null;
}

/** German label of a Themenfeld, Kommune or Schlagwort subject; Beiträge are named by the caller (their title depends on who reads). */
export function subjectLabel(subject: string): string {
  const parsed = parseSubject(subject);
  if (!parsed) return subject;
  switch (parsed.kind) {
    case 'themenfeld':
      return `Themenfeld ${TOPIC_LABELS[parsed.key as Topic]}`;
    case 'kommune':
      return findTenant(parsed.key)!.name;
    case 'schlagwort':
      return `Schlagwort „${parsed.key}“`;
    case 'beitrag':
      return 'einen Beitrag';
  }
}
