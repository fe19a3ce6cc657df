import type { DocumentData } from './data';
import { diffLines, type DiffRow } from './diff';
import { fieldText } from './fields';
import { TOPIC_LABELS, TYPE_FIELDS, VISIBILITY_LABELS } from './vocabulary';

/** One part of a Beitrag in a comparison of two versions. */
export interface FieldComparison {
  label: string;
  changed: boolean;
  rows: DiffRow[];
}

export interface ComparableVersion {
  data: DocumentData;
  body: string;
}

function asText(version: ComparableVersion): [string, string][] {
  const d = version.data;
  const parts: [string, string][] = [
    ['Titel', d.title],
    ['Zusammenfassung', d.summary],
    ['Themenfelder', d.topics.map((t) => TOPIC_LABELS[t]).join(', ')],
    ['Schlagwörter', d.tags.join(', ')],
    ['Sichtbarkeit', VISIBILITY_LABELS[d.visibility]],
    ['Stand', d.stand],
    ['Nächste Prüfung', d.reviewDue ?? ''],
    ['Kontakt', [d.contact.mailbox, d.contact.person ?? ''].filter(Boolean).join('\n')],
    ['Ratsdokumente', d.references.map((r) => [r.drucksache, r.title, r.oparl].filter(Boolean).join(' – ')).join('\n')],
  ];
  for (const def of TYPE_FIELDS[d.type]) parts.push([def.label, fieldText(def, d.fields[def.name])]);
  parts.push(['Text', version.body]);
  return parts;
}

/** Compares two versions part by part (older left, newer right). */
export function compareVersions(older: ComparableVersion, newer: ComparableVersion): FieldComparison[] {
  const left = asText(older);
  const right = new Map(asText(newer));
  return left.map(([label, text]) => {
    const other = right.get(label) ?? '';
    return { label, changed: text.trim() !== other.trim(), rows: diffLines(text.trim(), other.trim()) };
  });
}
