import { z } from 'zod';
import { contrastRatio } from './contrast';

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'muss eine Farbe im Format #rrggbb sein');
const text = z.string().trim().min(1, 'darf nicht leer sein');

/** "https://www.duelmen.de" or "http://127.0.0.1:8080": scheme and host only, written as the browser writes an origin. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value && !/[*'";\s]/.test(value);
  } catch {
    return false;
  }
}

export const TENANT_KINDS = ['Kreis', 'Stadt', 'Gemeinde'] as const;

export const tenantSchema = z
  .object({
    slug: z.string().regex(/^[a-z][a-z0-9-]{1,40}$/, 'must be lowercase letters, digits and hyphens'),
    name: text,
    shortName: text,
    kind: z.enum(TENANT_KINDS),
    colors: z.object({ primary: colour, onPrimary: colour, accent: colour }).strict(),
    logo: z.string().regex(/^[a-z0-9-]+\.svg$/, 'must be the file name of an SVG beside the tenant file'),
    contact: z
      .object({
        organisation: text,
        street: text,
        postalCode: z.string().regex(/^\d{5}$/, 'must be a five-digit German postal code'),
        city: text,
        phone: text,
        email: z.email(),
        website: z.url(),
      })
      .strict(),
    impressum: z
      .object({
        representedBy: text,
        legalForm: text,
        supervisoryAuthority: text,
        vatId: text.optional(),
        responsibleForContent: text,
      })
      .strict(),
    datenschutz: z
      .object({
        controller: text,
        officerEmail: z.email(),
        officerPhone: text.optional(),
        supervisoryAuthority: text,
      })
      .strict(),
    accessibility: z.object({ feedbackEmail: z.email(), feedbackPhone: text.optional() }).strict(),
    hosts: z.array(z.string().regex(/^[a-z0-9.-]+(:\d+)?$/, 'must be a lowercase host name')).default([]),
    /**
     * Websites that may show this Kommune's embedded list of Beiträge in an iframe
     * (/einbetten/<slug>): exact origins, e.g. https://www.duelmen.de. Every other page of the
     * hub keeps frame-ancestors 'none'.
     */
    embedOrigins: z.array(z.string().refine(isOrigin, 'must be an origin: https:// (or http://) and a host name, with an optional port, nothing after it')).max(20).default([]),
  })
  .strict()
  .superRefine((t, ctx) => {
    const ratio = contrastRatio(t.colors.primary, t.colors.onPrimary);
    if (ratio < 4.5) {
      ctx.addIssue({
        code: 'custom',
        path: ['colors', 'onPrimary'],
        message: `contrast with colors.primary is ${ratio.toFixed(2)}:1, WCAG AA needs at least 4.5:1`,
      });
    }
  });

export type TenantFile = z.infer<typeof tenantSchema>;

/** A validated administration with its logo inlined. */
export interface Tenant extends TenantFile {
  logoSvg: string;
  isKreis: boolean;
}
