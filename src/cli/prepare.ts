import { countOf } from '../lib/format';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { getConfig } from '../lib/config';
import { getDb } from '../lib/db/client';
import { migrateDatabase } from '../lib/db/migrate';
import { loadTenants } from '../lib/tenants/load';
import { sweepFiles } from '../lib/files/sweep';
import { isDatabaseEmpty, loadDemo, syncLeitfaeden, DEMO_ACCOUNTS_FILE } from '../lib/content/seed';
import { runHousekeeping } from '../lib/ops/housekeeping';
import { checkProviderSecrets } from '../lib/oidc/settings';

/** Newest modification time below a path (files only). */
function newestMtime(p: string): number {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(p).map((f) => newestMtime(path.join(p, f))));
}

/** Builds the app when dist/ is missing or older than the sources. */
export function buildIfNeeded(root: string, log: (s: string) => void): void {
  const entry = path.join(root, 'dist', 'server', 'entry.mjs');
  const sources = ['src', 'astro.config.mjs', 'package.json'].map((p) => path.join(root, p));
  if (fs.existsSync(entry) && newestMtime(entry) >= Math.max(...sources.map(newestMtime))) return;
  log('Building Wissensnetz (astro build) …');
  const astro = path.join(root, 'node_modules', 'astro', 'bin', 'astro.mjs');
  const result = spawnSync(process.execPath, [astro, 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
  if (result.status !== 0) throw new Error('astro build failed');
}

/** Validates tenants, applies migrations and loads content; everything that must happen before listening. */
export async function prepare(options: { demo: boolean; log: (s: string) => void }): Promise<void> {
  const config = getConfig();
  // A provider named in a tenant file needs its secret; nothing else about providers is checked
  // here: one that is down must not keep the hub (and sign-in with password) from starting.
  checkProviderSecrets(loadTenants(config.tenantsDir));
  fs.mkdirSync(config.dataDir, { recursive: true });
  migrateDatabase(getDb());
  const empty = isDatabaseEmpty();
  const swept = sweepFiles();
  if (swept.orphans || swept.temps) options.log(`Dateiablage aufgeräumt: ${countOf(swept.orphans, 'verwaiste Datei', 'verwaiste Dateien')}, ${countOf(swept.temps, 'abgebrochener Upload', 'abgebrochene Uploads')} entfernt.`);
  if (swept.missing) options.log(`Warnung: ${countOf(swept.missing, 'Dateiversion fehlt', 'Dateiversionen fehlt')} die Datei in ${config.dataDir}/files.`);
  syncLeitfaeden(config.contentDir);
  try {
    const pruned = runHousekeeping();
    if (pruned.audit) options.log(`Protokoll: ${pruned.audit} Einträge nach Ablauf der Aufbewahrungsfrist gelöscht.`);
  } catch (err) {
    // Not worth refusing to start over: the hourly run tries again.
    process.stderr.write(JSON.stringify({ t: new Date().toISOString(), level: 'error', event: 'housekeeping-failed', message: (err as Error).message }) + '\n');
  }
  if (options.demo && empty) {
    const { accounts, documents, files, reuses } = await loadDemo(config.contentDir, config.dataDir);
    options.log(`Demo-Daten geladen: ${countOf(documents, 'Beitrag', 'Beiträge')}, ${countOf(files, 'Datei', 'Dateien')}, ${countOf(reuses, 'Nachnutzung', 'Nachnutzungen')}, ${countOf(accounts.length, 'Demo-Zugang', 'Demo-Zugänge')}.`);
    options.log(`Demo-Zugänge (E-Mail Passwort Kommune Rolle), auch in ${path.join(config.dataDir, DEMO_ACCOUNTS_FILE)}:`);
    for (const a of accounts.filter((a) => ['kreis-coesfeld', 'duelmen', 'coesfeld', 'senden'].includes(a.tenant))) {
      options.log(`  ${a.email} ${a.password} ${a.tenant} ${a.role}`);
    }
  }
}
