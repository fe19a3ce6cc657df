import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { getDb } from '../db/client';
import { users } from '../db/schema';
import { loadViewer, type Role, type Viewer } from '../auth/viewer';
import { ContentFileError } from '../content/files';
import { findDocument } from '../documents/revisions';
import { TOPICS } from '../documents/vocabulary';
import { saveOffer } from '../contacts/offers';
import { postAnswer } from './answers';
import { postComment } from './comments';
import { askQuestion, getQuestion, setHelpfulAnswer, setQuestionVisibility } from './questions';

// The demo exchange (content/austausch/demo.yaml) for a first look with `npm start`. It goes
// through the same functions as the web forms, so a demo text that would be refused stops
// the start with a message naming it.

const when = z.union([z.string(), z.date().transform((d) => d.toISOString())]).transform((s) => new Date(s).toISOString());
const who = z.string().regex(/^[a-z-]+\/(mitarbeiter|redakteur|admin)$/);
const ref = z.string().regex(/^[a-z-]+\/[a-z0-9-]+$/);
const schema = z.object({
  fragen: z.array(
    z.object({
      von: who,
      kommune: z.string(),
      sichtbarkeit: z.enum(['intern', 'kommune']),
      oeffentlich: z.boolean().default(false),
      am: when,
      titel: z.string(),
      themenfelder: z.array(z.enum(TOPICS)).min(1),
      schlagwoerter: z.array(z.coerce.string()).default([]),
      text: z.string(),
      antworten: z.array(z.object({ von: who, am: when, text: z.string(), beitraege: z.array(ref).default([]), hilfreich: z.boolean().default(false) })).default([]),
    }),
  ),
  kommentare: z.array(z.object({ zu: ref, von: who, am: when, text: z.string() })).default([]),
  ansprechpartner: z.array(z.object({ wer: who, themenfelder: z.array(z.enum(TOPICS)).default([]), schlagwoerter: z.array(z.coerce.string()).default([]), hinweis: z.string().default('') })).default([]),
});

export async function loadDemoExchange(contentDir: string, accountEmail: (tenant: string, role: Role) => string): Promise<{ questions: number; answers: number; comments: number }> {
  const file = path.join(contentDir, 'austausch', 'demo.yaml');
  if (!fs.existsSync(file)) return { questions: 0, answers: 0, comments: 0 };
  const parsed = schema.safeParse(parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new ContentFileError(`${file}: ${parsed.error.issues.map((i) => `field "${i.path.join('.')}": ${i.message}`).join('; ')}`);
  const person = (spec: string): Viewer => {
    const [tenant, role] = spec.split('/') as [string, Role];
    const row = getDb().select({ id: users.id }).from(users).where(eq(users.email, accountEmail(tenant, role))).get();
    const viewer = row && loadViewer(row.id);
    if (!viewer) throw new ContentFileError(`${file}: no demo account ${spec}`);
    return viewer;
  };
  const beitrag = (spec: string) => {
    const [tenant, slug] = spec.split('/') as [string, string];
    const found = findDocument(tenant, slug);
    if (!found || !('doc' in found)) throw new ContentFileError(`${file}: no demo Beitrag ${spec}`);
    return found.doc;
  };
  const refused = (what: string, errors: Record<string, string>) => new ContentFileError(`${file}: ${what} refused: ${Object.values(errors).join(' ')}`);
  let answers = 0;
  for (const f of parsed.data.fragen) {
    const asker = person(f.von);
    const asked = askQuestion(asker, { tenant: f.kommune, title: f.titel.trim(), body: f.text.trim(), topics: f.themenfelder, tags: f.schlagwoerter, visibility: f.sichtbarkeit }, '', f.am);
    if (!asked.ok) throw refused(`question "${f.titel}"`, asked.errors);
    for (const a of f.antworten) {
      const author = person(a.von);
      const tenant = a.von.split('/')[0]!;
      const posted = postAnswer(author, getQuestion(asked.id)!, { tenant, body: a.text, links: a.beitraege.map((b) => beitrag(b).id) }, '', a.am);
      if (!posted.ok) throw refused(`answer of ${a.von} to "${f.titel}"`, posted.errors);
      if (a.hilfreich) setHelpfulAnswer(asker, getQuestion(asked.id)!, posted.id);
      answers++;
    }
    if (f.oeffentlich) setQuestionVisibility(person(`${f.kommune}/admin`), getQuestion(asked.id)!, 'oeffentlich', '');
  }
  for (const c of parsed.data.kommentare) {
    const posted = postComment(person(c.von), beitrag(c.zu), { tenant: c.von.split('/')[0]!, body: c.text }, '', c.am);
    if (!posted.ok) throw refused(`comment on ${c.zu}`, posted.errors);
  }
  for (const o of parsed.data.ansprechpartner) saveOffer(person(o.wer).id, { topics: o.themenfelder, tags: o.schlagwoerter, note: o.hinweis });
  return { questions: parsed.data.fragen.length, answers, comments: parsed.data.kommentare.length };
}
