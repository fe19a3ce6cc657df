// Prints how long the upload path takes for files at the default 25 MB limit.
// Run: npm run bench:files   (figures only; nothing here is asserted)
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verifyContent } from '../../src/lib/files/sniff';
import { receiveUpload } from '../../src/lib/files/upload';
import { resetConfig } from '../../src/lib/config';
import { buildZip } from '../fixtures/zip-writer';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wn-bench-'));
process.env['WISSENSNETZ_DATA_DIR'] = dir;
resetConfig();
const MB = 1024 * 1024;

async function time(label: string, run: () => Promise<unknown>): Promise<void> {
  const start = process.hrtime.bigint();
  let outcome = 'ok';
  try {
    await run();
  } catch (err) {
    outcome = `refused (${(err as Error).message.slice(0, 60)})`;
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  process.stdout.write(`${label.padEnd(58)} ${ms.toFixed(0).padStart(6)} ms  ${outcome}\n`);
}

function write(name: string, data: Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, data);
  return p;
}

try {
  // Worst realistic case: 25 MB of incompressible media inside a DOCX (every byte is inflated and CRC-checked).
  const media = crypto.randomBytes(24 * MB);
  const docx = write('big.docx', buildZip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/document.xml', data: '<w:document/>' }, { name: 'word/media/image1.png', data: media }]));
  await time('verify 24 MB DOCX (incompressible media)', () => verifyContent(docx, 'docx'));
  const text = write('big.xlsx', buildZip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'xl/workbook.xml', data: '<workbook/>' }, { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<c><v>12345</v></c>'.repeat(10 * MB / 18)) }]));
  await time(`verify XLSX with 10 MB of sheet XML (${(fs.statSync(text).size / 1024).toFixed(0)} KB packed)`, () => verifyContent(text, 'xlsx'));
  const zeros = Buffer.alloc(20 * MB);
  const bomb = write('bomb.docx', buildZip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/document.xml', data: '<w:document/>' }, ...Array.from({ length: 14 }, (_, i) => ({ name: `p${i}`, data: zeros }))]));
  await time('refuse zip bomb (280 MB declared)', () => verifyContent(bomb, 'docx'));
  const liar = write('liar.docx', buildZip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/document.xml', data: zeros, declaredSize: 1000 }]));
  await time('refuse archive that lies about its size (20 MB real)', () => verifyContent(liar, 'docx'));
  const csv = write('big.csv', Buffer.from('Monat;Wert\n'.repeat((24 * MB) / 11)));
  await time('verify 24 MB CSV (UTF-8 and control characters)', () => verifyContent(csv, 'csv'));

  const form = new FormData();
  form.append('titel', 'Bench');
  form.append('datei', new Blob([new Uint8Array(media)]), 'bench.docx');
  await time('receive 24 MB multipart upload to disk (hash + write)', async () => {
    const r = await receiveUpload(new Request('http://localhost/', { method: 'POST', body: form }), { limitBytes: 25 * MB });
    if (r.problem) throw new Error(r.problem);
  });
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
