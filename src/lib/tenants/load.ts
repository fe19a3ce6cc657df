import fs from 'node:fs';
import path from 'node:path';
import { tenantSchema, type Tenant } from './schema';

/** Thrown when a tenant file is broken; the message names the file and field for the operator. */
export class TenantFileError extends Error {}

const SVG_FORBIDDEN = /<script|\son[a-z]+\s*=|javascript:|<foreignObject|href\s*=\s*["'](?!#)/i;

function loadOne(dir: string, file: string): Tenant {
  const where = path.join(dir, file);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(where, 'utf8'));
  } catch (err) {
    throw new TenantFileError(`${where}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
  const parsed = tenantSchema.safeParse(raw);
  if (!parsed.success) {
    const details = parsed.error.issues
      .map((issue) => `field "${issue.path.join('.') || '(root)'}": ${issue.message}`)
      .join('; ');
    throw new TenantFileError(`${where}: ${details}`);
  }
  const t = parsed.data;
  if (`${t.slug}.json` !== file) {
    throw new TenantFileError(`${where}: field "slug": "${t.slug}" must match the file name`);
  }
  const logoPath = path.join(dir, t.logo);
  let logoSvg: string;
  try {
    logoSvg = fs.readFileSync(logoPath, 'utf8');
  } catch {
    throw new TenantFileError(`${where}: field "logo": file ${logoPath} not found`);
  }
  if (!/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(logoSvg) || SVG_FORBIDDEN.test(logoSvg)) {
    throw new TenantFileError(`${where}: field "logo": ${t.logo} must be a plain SVG without scripts or external references`);
  }
  return { ...t, logoSvg, isKreis: t.kind === 'Kreis' };
}

/** Reads and validates every tenant file; throws TenantFileError naming file and field. */
export function loadTenants(dir: string): Tenant[] {
  let files: string[];
  try {
    files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch (err) {
    throw new TenantFileError(`${dir}: tenant folder cannot be read`, { cause: err });
  }
  if (files.length === 0) throw new TenantFileError(`${dir}: no tenant files (*.json) found`);
  const tenants = files.map((f) => loadOne(dir, f));
  const kreise = tenants.filter((t) => t.isKreis);
  if (kreise.length !== 1) {
    throw new TenantFileError(`${dir}: exactly one tenant must have kind "Kreis", found ${kreise.length}`);
  }
  const hosts = new Map<string, string>();
  for (const t of tenants) {
    for (const h of t.hosts) {
      const other = hosts.get(h);
      if (other) throw new TenantFileError(`${path.join(dir, t.slug + '.json')}: field "hosts": ${h} is already used by ${other}`);
      hosts.set(h, t.slug);
    }
  }
  // The district first, then towns alphabetically by their German name.
  return [...kreise, ...tenants.filter((t) => !t.isKreis).sort((a, b) => a.shortName.localeCompare(b.shortName, 'de'))];
}
