import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { xmlText } from '../../../src/lib/search/xml-text';
import { HOSTILE_XML } from '../../fixtures/hostile-files';

const ROOT = path.resolve(import.meta.dirname, '../../..');

describe('xmlText', () => {
  it('turns XML into text without tags, with character references decoded', () => {
    expect(xmlText('<w:p><w:r><w:t>A&amp;B</w:t></w:r></w:p><w:p><w:t>&#x00DC;bung&#252;</w:t></w:p>')).toBe('A&B\nÜbungü\n');
    expect(xmlText('<text:p>eins<text:tab/>zwei</text:p>')).toBe('eins zwei\n');
  });

  it('drops spreadsheet formulas and keeps the values of the cells', () => {
    expect(xmlText('<c r="A1"><f>SUMME(B1:B9)</f><v>42</v></c><c r="A2"><f t="shared" si="0"/><v>43</v></c>')).toBe('42\n43\n');
  });

  it('keeps a "<" without ">", unknown entities and broken references as they are written', () => {
    expect(xmlText('a < b')).toBe('a < b');
    expect(xmlText('<w:t>x &nbsp; y &#0; z &amp &;</w:t>')).toBe('x &nbsp; y  z &amp &;');
    expect(xmlText('Text<')).toBe('Text<');
  });

  it('reads hostile XML in time that grows with its size, not with its square', () => {
    // In a child process, so that an extraction that takes minutes is killed instead of holding up the tests.
    const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/fixtures/measure-extraction.ts'), '128000'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' });
    expect(child.signal, `extraction was killed after 60 s: ${child.stderr}`).toBeNull();
    const times = JSON.parse(child.stdout) as Record<string, [number, number]>;
    expect(Object.keys(times)).toEqual(Object.keys(HOSTILE_XML));
    for (const [name, [small, large]] of Object.entries(times)) {
      // Sixteen times the input: about sixteen times the work when linear, 256 times when
      // quadratic. The bound lies in between, with room for a garbage collection or a busy machine.
      expect(large, `${name}: ${small.toFixed(1)} ms for 128 KB, ${large.toFixed(1)} ms for 2 MB`).toBeLessThan(64 * small + 200);
    }
    // The child measures CPU time; starting it (tsx) and waiting for a core may take long on a busy machine.
  }, 120_000);
});
