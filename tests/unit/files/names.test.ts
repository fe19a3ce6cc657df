import { describe, expect, it } from 'vitest';
import { checkFileName } from '../../../src/lib/files/names';

describe('checkFileName', () => {
  it('refuses a path like ../../etc/passwd', () => {
    expect(checkFileName('../../etc/passwd').problem).toBe('path');
    expect(checkFileName('..\\..\\windows\\win.ini').problem).toBe('path');
    expect(checkFileName('..').problem).toBe('path');
  });

  it('refuses a right-to-left override that disguises an extension', () => {
    // Displays as "rechnungexe.pdf" but ends in .exe.
    expect(checkFileName('rechnung\u202Efdp.exe').problem).toBe('control');
    expect(checkFileName('bericht\u2066.pdf').problem).toBe('control');
  });

  it('refuses control characters such as a newline', () => {
    expect(checkFileName('zeile\neins.txt').problem).toBe('control');
  });

  it('keeps an ordinary German name as it is', () => {
    expect(checkFileName('Leistungsverzeichnis Ausschreibung 2025 (Entwurf).docx')).toEqual({ name: 'Leistungsverzeichnis Ausschreibung 2025 (Entwurf).docx', problem: null });
    expect(checkFileName('Übergabe_Geräte.xlsx').name).toBe('Übergabe_Geräte.xlsx');
  });

  it('defuses reserved Windows names and characters Windows refuses', () => {
    expect(checkFileName('CON.pdf').name).toBe('_CON.pdf');
    expect(checkFileName('lpt1.txt').name).toBe('_lpt1.txt');
    expect(checkFileName('a<b>c:d|e?.pdf').name).toBe('a_b_c_d_e_.pdf');
    expect(checkFileName('bericht.pdf. . ').name).toBe('bericht.pdf');
    expect(checkFileName('.htaccess').name).toBe('_.htaccess');
  });

  it('shortens a very long name but keeps its extension', () => {
    const { name } = checkFileName(`${'a'.repeat(300)}.docx`);
    expect(name.length).toBe(120);
    expect(name.endsWith('.docx')).toBe(true);
  });

  it('treats a name of only dots and spaces as empty', () => {
    expect(checkFileName('. . .').problem).toBe('empty');
  });
});
