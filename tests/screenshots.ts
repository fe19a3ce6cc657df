// `npm run screenshots`: full-page screenshots of the main page templates at 320 and 1280 px,
// for a reviewer to look at. Starts the built server (run `npm run build` first) on demo data;
// writes PNGs to tests/.tmp/screenshots (ignored by git).
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser } from './e2e/browser';
import { startServer } from './e2e/server';
import { signInCookie } from './e2e/auth';

const OUT = path.join(import.meta.dirname, '.tmp', 'screenshots');
const WIDTHS = [320, 1280];

interface Shot {
  name: string;
  path: string;
  /** Demo account to sign in with: [tenant, role]. */
  as?: [string, 'mitarbeiter' | 'redakteur' | 'admin'];
}

const SHOTS: Shot[] = [
  { name: 'start', path: '/' },
  { name: 'start-angemeldet', path: '/', as: ['duelmen', 'redakteur'] },
  { name: 'kommune', path: '/duelmen/' },
  { name: 'beitrag', path: '/coesfeld/beitraege/medienentwicklungsplan-2024-2029' },
  { name: 'leitfaden', path: '/kreis-coesfeld/beitraege/leitfaden-digitale-antragsverfahren-sozialbereich-ozg' },
  { name: 'suche', path: '/suche?q=Tablets' },
  { name: 'editor', path: '/duelmen/beitraege/neu?art=erfahrungsbericht', as: ['duelmen', 'redakteur'] },
  { name: 'redaktion', path: '/redaktion', as: ['duelmen', 'admin'] },
];

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  try {
    const cookies = new Map<string, string>();
    for (const shot of SHOTS) {
      let cookie: string | undefined;
      if (shot.as) {
        const key = shot.as.join('/');
        if (!cookies.has(key)) cookies.set(key, await signInCookie(server, server.account(...shot.as)));
        cookie = cookies.get(key);
      }
      for (const width of WIDTHS) {
        const context = await browser.newContext({ baseURL: server.url, viewport: { width, height: 900 }, locale: 'de-DE' });
        if (cookie) {
          const [name, value] = cookie.split('=') as [string, string];
          await context.addCookies([{ name, value, url: server.url }]);
        }
        const page = await context.newPage();
        await page.goto(shot.path);
        // The search page fills its results from the browser's index; give it a moment.
        if (shot.name === 'suche') await page.waitForSelector('#suchergebnisse li, .search-status', { timeout: 10_000 }).catch(() => {});
        const file = path.join(OUT, `${shot.name}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        process.stdout.write(`${path.relative(process.cwd(), file)}\n`);
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
