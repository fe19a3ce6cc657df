import { chromium } from 'playwright-core';
import { signInAs } from './session-cookie';
const [base, dataDir, email, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const width of [1280, 320]) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  if (email && email !== '-') await signInAs(context, base!, dataDir!, email);
  const page = await context.newPage();
  page.on('console', (m) => console.log('console', m.type(), m.text()));
  for (const p of paths) {
    const r = await page.goto(base + p);
    const name = `/tmp/dateien-shots/${p.replace(/[^a-z0-9]+/gi, '_')}-${width}.png`;
    await page.screenshot({ path: name, fullPage: true });
    console.log(r?.status(), name);
  }
  await context.close();
}
await browser.close();
