import { describe, expect, it } from 'vitest';
import { checkCouncilUrl, councilLink } from '../../../src/lib/council/links';

describe('checkCouncilUrl', () => {
  it.each([
    ['sessionnet', 'https://sessionnet.krz.de/coesfeld/bi/vo0050.asp?__kvonr=1728'],
    ['sessionnet', 'https://ratsinfo.nottuln.de/bi/vo0050.php?__kvonr=42&voselect=7'],
    ['allris', 'https://ratsinfo.example.de/bi/vo020.asp?VOLFDNR=12345'],
    ['allris', 'https://ratsinfo.example.de/public/vo020?VOLFDNR=77'],
    ['oparl', 'https://oparl.example.de/oparl/v1/paper/1728'],
  ] as const)('accepts a %s link of the right shape', (system, url) => {
    expect(checkCouncilUrl(system, url)).toBeNull();
  });

  it.each([
    ['sessionnet', 'https://sessionnet.krz.de/coesfeld/bi/si0057.asp?__ksinr=1', 'vo0050'],
    ['sessionnet', 'https://sessionnet.krz.de/coesfeld/bi/vo0050.asp', '__kvonr'],
    ['allris', 'https://sessionnet.krz.de/coesfeld/bi/vo0050.asp?__kvonr=1728', 'VOLFDNR'],
    ['oparl', 'javascript:alert(1)', 'https://'],
    ['oparl', 'https://nutzer:geheim@oparl.example.de/paper/1', 'https://'],
    ['oparl', 'ftp://oparl.example.de/paper/1', 'https://'],
  ] as const)('refuses %s link %s with a German hint', (system, url, hint) => {
    expect(checkCouncilUrl(system, url)).toContain(hint);
  });
});

describe('councilLink', () => {
  it('reads the older oparl field as an OParl link', () => {
    expect(councilLink({ drucksache: '1', title: null, oparl: 'https://o.example.de/p/1' })).toEqual({ system: 'oparl', url: 'https://o.example.de/p/1' });
  });
});
