/**
 * The PDF, read back with Debian's poppler-utils (pdftotext, pdftoppm, pdffonts): sections, the
 * table of contents against the pages where the titles really are, "page X sur Y" footers, pages
 * that are not blank, embedded fonts, the same figures in both languages, and identical bytes.
 * Without poppler these tests are skipped, except under CI=true where that is a failure.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadImage, createCanvas } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sortedNumbers } from '../test-support/numbers';
import { pdfPageTexts } from '../test-support/pdf-text';
import { missingDataReportFixture, trialReportFixture } from './fixtures';
import { renderHtml } from './html';
import { renderPdf } from './pdf';
import { renderReportFiles } from './render';

const hasPoppler = ['/usr/bin/pdftotext', '/usr/bin/pdftoppm', '/usr/bin/pdffonts'].every((p) => existsSync(p));
const inCi = process.env.CI === 'true';
/** Rendering is CPU-bound and the machine is shared: generous limits, never a speed assertion. */
const SLOW = 180_000;
const norm = (s: string) => s.replace(/[\s\u00a0\u202f\u200b]+/g, ' ').trim();

describe.runIf(!hasPoppler && inCi)('PDF prerequisites', () => {
  it('has poppler-utils (required when CI=true)', () => {
    throw new Error('pdftotext/pdftoppm/pdffonts are missing: apt-get install -y poppler-utils');
  });
});

describe.skipIf(!hasPoppler)(`renderPdf${hasPoppler ? '' : ' (SKIPPED: poppler-utils not installed)'}`, { timeout: SLOW }, () => {
  let dir: string;
  const files: Record<string, string> = {};
  const buffers: Record<string, Buffer> = {};
  /** Text of each page (pdftotext -layout, pages split at form feeds). */
  const pages = (name: string): string[] =>
    execFileSync('pdftotext', ['-layout', files[name], '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'report-pdf-'));
    for (const [name, model, lang] of [
      ['trial-fr', trialReportFixture(), 'fr'],
      ['trial-en', trialReportFixture(), 'en'],
      ['missing-fr', missingDataReportFixture(), 'fr'],
    ] as const) {
      buffers[name] = await renderPdf(model, lang);
      files[name] = join(dir, `${name}.pdf`);
      writeFileSync(files[name], buffers[name]);
    }
  }, SLOW);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('two renders of the same model are byte-identical', async () => {
    const again = await renderPdf(JSON.parse(JSON.stringify(trialReportFixture())), 'fr');
    expect(again.equals(buffers['trial-fr'])).toBe(true);
    expect(buffers['trial-fr'].subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('renderReportFiles gives the same HTML and PDF from one composition', async () => {
    const both = await renderReportFiles(trialReportFixture(), 'fr');
    expect(both.pdf.equals(buffers['trial-fr'])).toBe(true);
    expect(both.html).toBe(renderHtml(trialReportFixture(), 'fr'));
  });

  it('is A4 with DejaVu Sans embedded, dated by the data, never by the clock', () => {
    const info = execFileSync('pdfinfo', [files['trial-fr']], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    expect(info).toMatch(/CreationDate:\s+Fri Jun 22 21:30:00 2018 UTC/);
    const fonts = execFileSync('pdffonts', [files['trial-fr']], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) {
      expect(line).toMatch(/DejaVuSans/);
      expect(line).toMatch(/\byes\s+yes\s+yes\b/); // embedded, subset, unicode map
    }
  });

  it('has a cover, a table of contents whose page numbers are the pages where the titles are, and "page X sur Y" footers', () => {
    const text = pages('trial-fr');
    const total = text.length;
    expect(norm(text[0])).toContain('Retour d’expérience : un autocar au gaz naturel sur la ligne 101');
    expect(text[0]).not.toMatch(/page \d+ sur/);
    // The TOC: "Title ........ N" lines on page 2.
    expect(norm(text[1])).toMatch(/^Sommaire/);
    const toc = text[1]
      .split('\n')
      .map((l) => l.match(/^\s*(\S.*?)\s{2,}(\d+)\s*$/))
      .filter((m): m is RegExpMatchArray => !!m)
      .filter((m) => !/page \d+ sur/.test(m[0]))
      .map((m) => ({ title: norm(m[1]), page: Number(m[2]) }));
    expect(toc.map((e) => e.title)).toEqual([
      'Synthèse',
      'Autonomie en carburant',
      'Efficience',
      'Confort de conduite',
      'Confort à bord des voyageurs',
      'La parole aux voyageurs',
      'Les conducteurs',
      'Méthode et qualité des données',
      'Données manquantes',
      'Recommandations',
      'Annexe A : sources des facteurs et hypothèses',
      'Annexe B : requêtes de l’API derrière chaque chiffre',
    ]);
    for (const { title, page } of toc) {
      const where = text.findIndex((p, i) => i > 1 && p.split('\n').some((l) => norm(l) === title)) + 1;
      expect(where, title).toBe(page);
    }
    // Footers: every page but the cover, numbered as a PDF viewer numbers them.
    text.forEach((p, i) => {
      if (i === 0) return;
      expect(norm(p), `page ${i + 1}`).toContain(`page ${i + 1} sur ${total}`);
    });
    expect(Number(execFileSync('pdfinfo', [files['trial-fr']], { encoding: 'utf8' }).match(/Pages:\s+(\d+)/)![1])).toBe(total);
  });

  it('English has its own words and "page X of Y"', () => {
    const text = pages('trial-en');
    expect(norm(text[1])).toMatch(/^Contents/);
    expect(norm(text.join(' '))).toContain('The trial could not tell GNV-01 and DSL-01 apart on passenger satisfaction');
    text.forEach((p, i) => i > 0 && expect(norm(p)).toContain(`page ${i + 1} of ${text.length}`));
  });

  it('French typography survives into the PDF: narrow no-break spaces (narrower gaps) and guillemets', () => {
    const text = pdfPageTexts(files['trial-fr']).join('\n');
    expect(text).toContain('4\u202f402\u202fkm');
    expect(text).toContain('1\u202f150\u202fkm');
    expect(text).toMatch(/« mix 2018 »/);
    // English has no narrow spaces.
    expect(pdfPageTexts(files['trial-en']).join('\n')).toContain('4,402 km');
  });

  it('English and French give the same figures (body pages, without the TOC, footers and the annexes)', () => {
    const body = (name: string, footer: RegExp) => {
      const text = pdfPageTexts(files[name]);
      const annexA = text.findIndex((p, i) => i > 1 && /^Annex(e)? A/m.test(p));
      return text
        .slice(2, annexA)
        .map((p) =>
          p
            .split('\n')
            .filter((l) => !footer.test(l))
            .join('\n'),
        )
        .join('\n');
    };
    const fr = body('trial-fr', /page \d+ sur \d+/);
    const en = body('trial-en', /page \d+ of \d+/);
    expect(sortedNumbers(en, 'en')).toEqual(sortedNumbers(fr, 'fr'));
  });

  it('the missing-data report says what is missing', () => {
    const all = norm(pages('missing-fr').join(' '));
    expect(all).toContain('Aucune télémétrie du GNV-01 le jeudi 14 juin 2018');
    expect(all).toContain('Aucune note des voyageurs du DSL-01');
    expect(all).toContain('Pas de verdict sur les vibrations au siège du conducteur');
    expect(all).toContain('Rapport intermédiaire');
  });

  it('no page rendered by pdftoppm is blank', async () => {
    execFileSync('pdftoppm', ['-png', '-r', '50', files['trial-fr'], join(dir, 'page')]);
    const pngs = readdirSync(dir)
      .filter((f) => f.startsWith('page') && f.endsWith('.png'))
      .sort();
    expect(pngs.length).toBe(pages('trial-fr').length);
    for (const png of pngs) {
      const img = await loadImage(readFileSync(join(dir, png)));
      const canvas = createCanvas(img.width, img.height);
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const { data } = ctx.getImageData(0, 0, img.width, img.height);
      let inked = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] < 600) inked++;
      // Even the sparsest page (the cover, the TOC) inks well over 0.5 % of its pixels.
      expect(inked / (img.width * img.height), png).toBeGreaterThan(0.005);
    }
  });
});
