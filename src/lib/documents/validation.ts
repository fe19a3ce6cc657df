import type { DocumentData } from './data';
import type { FormValues } from './form';
import { TOPICS, TYPE_FIELDS, VISIBILITIES, type Topic, type Visibility } from './vocabulary';
import { hasHiddenCharacters, hiddenCharactersMessage } from '../text/hidden-characters';
import { checkCouncilUrl, COUNCIL_SYSTEMS, type CouncilSystem, type StoredReference } from '../council/links';

/** Messages keyed by the id of the form control they belong to. */
export type FieldErrors = Record<string, string>;

export type ValidationResult = { ok: true; data: DocumentData; body: string; note: string } | { ok: false; errors: FieldErrors };

export const LIMITS = {
  title: 200,
  summary: 400,
  tags: 20,
  tag: 40,
  person: 200,
  text: 200,
  markdown: 20_000,
  body: 100_000,
  note: 300,
} as const;

// Deliberately simple: one @, no spaces, a dot in the domain. The mailbox is shown as a mailto: link.
const EMAIL = /^[^\s@<>"'()\\,;:]+@[^\s@<>"'()\\,;:]+\.[a-z]{2,}$/i;

function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Checks the editor form; on success returns the revision's data, otherwise German messages per field. */
export function validateValues(values: FormValues): ValidationResult {
  const errors: FieldErrors = {};
  const title = values.title.trim();
  const summary = values.summary.trim();

  if (title.length < 3) errors['title'] = 'Bitte geben Sie einen Titel mit mindestens 3 Zeichen ein.';
  else if (title.length > LIMITS.title) errors['title'] = `Der Titel darf höchstens ${LIMITS.title} Zeichen lang sein.`;
  else if (hasHiddenCharacters(title)) errors['title'] = hiddenCharactersMessage('Der Titel');

  if (summary.length < 10) errors['summary'] = 'Bitte fassen Sie den Beitrag in mindestens 10 Zeichen zusammen.';
  else if (summary.length > LIMITS.summary) errors['summary'] = `Die Zusammenfassung darf höchstens ${LIMITS.summary} Zeichen lang sein.`;
  else if (hasHiddenCharacters(summary, { multiline: true })) errors['summary'] = hiddenCharactersMessage('Die Zusammenfassung');

  const topics = [...new Set(values.topics)].filter((t): t is Topic => (TOPICS as readonly string[]).includes(t));
  if (topics.length === 0) errors['topics'] = 'Bitte wählen Sie mindestens ein Themenfeld.';

  const tags = [...new Set(values.tags.split(',').map((t) => t.trim().replace(/\s+/g, ' ')).filter(Boolean))];
  if (tags.length > LIMITS.tags) errors['tags'] = `Bitte vergeben Sie höchstens ${LIMITS.tags} Schlagwörter.`;
  else if (tags.some((t) => t.length > LIMITS.tag)) errors['tags'] = `Ein Schlagwort darf höchstens ${LIMITS.tag} Zeichen lang sein.`;
  else if (tags.some((t) => hasHiddenCharacters(t))) errors['tags'] = hiddenCharactersMessage('Ein Schlagwort');

  if (!(VISIBILITIES as readonly string[]).includes(values.visibility)) errors['visibility'] = 'Bitte wählen Sie, wer den Beitrag lesen darf.';

  if (!values.stand) errors['stand'] = 'Bitte geben Sie das Datum an, auf dem der Beitrag steht (Stand).';
  else if (!isRealDate(values.stand)) errors['stand'] = 'Bitte geben Sie den Stand als Datum im Format JJJJ-MM-TT an.';

  if (!values.reviewDue) errors['reviewDue'] = 'Bitte geben Sie an, wann der Beitrag das nächste Mal geprüft werden soll.';
  else if (!isRealDate(values.reviewDue)) errors['reviewDue'] = 'Bitte geben Sie die nächste Prüfung als Datum im Format JJJJ-MM-TT an.';
  else if (isRealDate(values.stand) && values.reviewDue <= values.stand) errors['reviewDue'] = 'Die nächste Prüfung muss nach dem Stand liegen.';

  const mailbox = values.contactMailbox.trim();
  if (!mailbox) errors['contactMailbox'] = 'Bitte geben Sie ein Funktionspostfach als Kontakt an.';
  else if (!EMAIL.test(mailbox) || mailbox.length > 254 || hasHiddenCharacters(mailbox)) errors['contactMailbox'] = 'Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. digitalisierung@duelmen.de.';
  const person = values.contactPerson.trim();
  if (person.length > LIMITS.person) errors['contactPerson'] = `Die Ansprechperson darf höchstens ${LIMITS.person} Zeichen lang sein.`;
  else if (hasHiddenCharacters(person)) errors['contactPerson'] = hiddenCharactersMessage('Die Ansprechperson');

  const references = values.references.map((r, i): StoredReference => {
    const ref = { drucksache: r.drucksache.trim(), title: r.title.trim(), system: r.system.trim(), url: r.url.trim() };
    if (!ref.drucksache) errors[`ref-${i}-drucksache`] = 'Bitte geben Sie die Nummer der Drucksache an.';
    else if (ref.drucksache.length > 50) errors[`ref-${i}-drucksache`] = 'Die Drucksachennummer darf höchstens 50 Zeichen lang sein.';
    else if (hasHiddenCharacters(ref.drucksache)) errors[`ref-${i}-drucksache`] = hiddenCharactersMessage('Die Drucksachennummer');
    if (ref.title.length > LIMITS.text) errors[`ref-${i}-title`] = `Der Titel der Drucksache darf höchstens ${LIMITS.text} Zeichen lang sein.`;
    else if (hasHiddenCharacters(ref.title)) errors[`ref-${i}-title`] = hiddenCharactersMessage('Der Titel der Drucksache');
    const system = (COUNCIL_SYSTEMS as readonly string[]).includes(ref.system) ? (ref.system as CouncilSystem) : null;
    if (ref.system && !system) errors[`ref-${i}-system`] = 'Bitte wählen Sie eines der angebotenen Systeme.';
    else if (ref.url && !system) errors[`ref-${i}-system`] = 'Bitte wählen Sie, aus welchem System die Adresse stammt.';
    else if (system && !ref.url) errors[`ref-${i}-url`] = 'Bitte geben Sie die Adresse der Drucksache an oder wählen Sie „kein Link“.';
    else if (system) {
      const problem = checkCouncilUrl(system, ref.url);
      if (problem) errors[`ref-${i}-url`] = problem;
    }
    const url = system && ref.url ? ref.url : null;
    return { drucksache: ref.drucksache, title: ref.title || null, oparl: system === 'oparl' ? url : null, system: url ? system : null, url };
  });

  const fields: Record<string, string> = {};
  for (const def of TYPE_FIELDS[values.type]) {
    const value = (values.fields[def.name] ?? '').trim();
    const id = `field-${def.name}`;
    if (def.kind === 'choice') {
      if (!value) errors[id] = `Bitte wählen Sie: ${def.label}.`;
      else if (!def.options?.includes(value)) errors[id] = `Bitte wählen Sie einen der angebotenen Werte für „${def.label}“.`;
    } else if (def.kind === 'text' && value.length > LIMITS.text) {
      errors[id] = `„${def.label}“ darf höchstens ${LIMITS.text} Zeichen lang sein.`;
    } else if (def.kind === 'text' && hasHiddenCharacters(value)) {
      errors[id] = hiddenCharactersMessage(`„${def.label}“`);
    } else if (def.kind === 'markdown' && value.length > LIMITS.markdown) {
      errors[id] = `„${def.label}“ darf höchstens ${LIMITS.markdown.toLocaleString('de-DE')} Zeichen lang sein.`;
    }
    if (value) fields[def.name] = value;
  }

  const body = values.body.trim();
  if (!body) errors['body'] = 'Bitte schreiben Sie den Text des Beitrags.';
  else if (body.length > LIMITS.body) errors['body'] = `Der Text darf höchstens ${LIMITS.body.toLocaleString('de-DE')} Zeichen lang sein.`;

  const note = values.note.trim();
  if (note.length > LIMITS.note) errors['note'] = `Die Änderungsnotiz darf höchstens ${LIMITS.note} Zeichen lang sein.`;
  else if (hasHiddenCharacters(note)) errors['note'] = hiddenCharactersMessage('Die Änderungsnotiz');

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    body: body + '\n',
    note,
    data: {
      title,
      summary,
      type: values.type,
      topics: TOPICS.filter((t) => topics.includes(t)),
      tags,
      visibility: values.visibility as Visibility,
      stand: values.stand,
      reviewDue: values.reviewDue,
      contact: { mailbox, person: person || null },
      references,
      fields,
    },
  };
}
