import { z } from 'zod';
import { DOCUMENT_TYPES, TOPICS, TYPE_FIELDS, VISIBILITIES, type DocumentType } from './vocabulary';
import { checkCouncilUrl, type StoredReference } from '../council/links';

/** Everything a revision holds besides its Markdown body; stored as JSON on the revision. */
export interface DocumentData {
  title: string;
  summary: string;
  type: DocumentType;
  topics: (typeof TOPICS)[number][];
  tags: string[];
  visibility: (typeof VISIBILITIES)[number];
  stand: string;
  reviewDue: string | null;
  contact: { mailbox: string; person: string | null };
  /** Council papers; see council/links.ts for the link fields. */
  references: StoredReference[];
  fields: Record<string, string>;
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Bitte geben Sie ein Datum im Format JJJJ-MM-TT an.');

/** Shape check for content/ front matter (messages for operators, in English). */
export const frontMatterSchema = z
  .object({
    title: z.string().trim().min(3).max(200),
    type: z.enum(DOCUMENT_TYPES),
    themenfelder: z.array(z.enum(TOPICS)).min(1),
    tags: z.array(z.coerce.string()).default([]),
    summary: z.string().trim().min(10).max(400),
    visibility: z.enum(VISIBILITIES).default('oeffentlich'),
    status: z.enum(['entwurf', 'in_pruefung', 'veroeffentlicht', 'archiviert']).default('veroeffentlicht'),
    stand: z.union([isoDate, z.date().transform((d) => d.toISOString().slice(0, 10))]),
    reviewDue: z.union([isoDate, z.date().transform((d) => d.toISOString().slice(0, 10))]).optional(),
    contact: z.object({ mailbox: z.email(), person: z.string().optional() }),
    references: z
      .array(
        z
          .object({ drucksache: z.coerce.string(), title: z.string().optional(), oparl: z.url().optional(), sessionnet: z.string().optional(), allris: z.string().optional() })
          .strict()
          .superRefine((r, ctx) => {
            const links = (['oparl', 'sessionnet', 'allris'] as const).filter((s) => r[s] !== undefined);
            if (links.length > 1) ctx.addIssue({ code: 'custom', message: 'give at most one of oparl, sessionnet, allris' });
            for (const s of links) {
              const problem = checkCouncilUrl(s, r[s]!);
              if (problem) ctx.addIssue({ code: 'custom', path: [s], message: `not a ${s} link of the expected shape` });
            }
          }),
      )
      .default([]),
    fields: z.record(z.string(), z.coerce.string()).default({}),
    revisions: z
      .array(
        z.object({
          date: z.union([z.string(), z.date().transform((d) => d.toISOString())]),
          note: z.string().default(''),
          summary: z.string().optional(),
          body: z.string(),
        }),
      )
      .default([]),
  })
  .superRefine((fm, ctx) => {
    const known = new Set(TYPE_FIELDS[fm.type].map((f) => f.name));
    for (const key of Object.keys(fm.fields)) {
      if (!known.has(key)) ctx.addIssue({ code: 'custom', path: ['fields', key], message: `not a field of type ${fm.type}` });
    }
  });

export type FrontMatter = z.infer<typeof frontMatterSchema>;

export function dataFromFrontMatter(fm: FrontMatter): DocumentData {
  return {
    title: fm.title,
    summary: fm.summary,
    type: fm.type,
    topics: [...new Set(fm.themenfelder)],
    tags: fm.tags,
    visibility: fm.visibility,
    stand: fm.stand,
    reviewDue: fm.reviewDue ?? null,
    contact: { mailbox: fm.contact.mailbox, person: fm.contact.person ?? null },
    references: fm.references.map((r) => {
      const system = r.oparl ? 'oparl' : r.sessionnet ? 'sessionnet' : r.allris ? 'allris' : null;
      const url = r.oparl ?? r.sessionnet ?? r.allris ?? null;
      return { drucksache: r.drucksache, title: r.title ?? null, oparl: r.oparl ?? null, system, url };
    }),
    fields: fm.fields,
  };
}
