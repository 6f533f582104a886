import { describe, expect, it } from 'vitest';
import { sortedNumbers, visibleText } from '../test-support/numbers';
import { missingDataReportFixture, trialReportFixture } from './fixtures';
import { renderHtml } from './html';

const trial = trialReportFixture();
const missing = missingDataReportFixture();
const html = { fr: renderHtml(trial, 'fr'), en: renderHtml(trial, 'en') };

// Rendering is CPU-bound and the machine shared: a generous limit, never a speed assertion.
describe('renderHtml', { timeout: 60_000 }, () => {
  it('is pure: two renders of the same model are byte-identical', () => {
    expect(renderHtml(trial, 'fr')).toBe(html.fr);
    expect(renderHtml(JSON.parse(JSON.stringify(trial)), 'en')).toBe(html.en);
  });

  it('is self-contained: no script, no stylesheet link, no external image, font or frame', () => {
    for (const page of Object.values(html)) {
      expect(page).not.toMatch(/<script|<link|<iframe|<img|@import|url\(\s*["']?https?:/i);
      expect(page).not.toMatch(/(?:src|href)="(?!#)/);
    }
  });

  it('has the language, the section headings in order and every chart as a titled role="img"', () => {
    expect(html.fr).toContain('<html lang="fr">');
    expect(html.en).toContain('<html lang="en">');
    const headings = [...html.fr.matchAll(/<h([1-6])/g)].map((m) => Number(m[1]));
    for (let i = 1; i < headings.length; i++) expect(headings[i] - headings[i - 1]).toBeLessThanOrEqual(1);
    const h2 = [...html.fr.matchAll(/<section id="[^"]+" aria-labelledby="[^"]+"><h2 id="[^"]+">([^<]+)</g)].map((m) => m[1]);
    expect(h2).toEqual([
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
      'Annexe A\u00a0: sources des facteurs et hypothèses',
      'Annexe B\u00a0: requêtes de l’API derrière chaque chiffre',
    ]);
    const svgs = [...html.fr.matchAll(/<svg [^>]*>/g)].map((m) => m[0]);
    expect(svgs.length).toBeGreaterThanOrEqual(10);
    for (const s of svgs) expect(s).toMatch(/role="img" aria-labelledby="[^"]+-title"/);
    // Chart ids are unique across the page (clip paths of one chart cannot hit another).
    const ids = [...html.fr.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('says verdicts by the rule: a difference only when the interval excludes zero', () => {
    expect(html.fr).toContain('GNV-01 est plus silencieux au poste de conduite');
    expect(html.fr).toContain('L’essai n’a pas permis de départager GNV-01 et DSL-01 sur la satisfaction des voyageurs');
    expect(html.en).toContain('The trial could not tell GNV-01 and DSL-01 apart on passenger satisfaction');
  });

  it('uses French typography: narrow no-break spaces in numbers and before units, guillemets', () => {
    expect(html.fr).toContain('4\u202f402\u202fkm');
    expect(html.fr).toMatch(/\d,\d\u00a0%/);
    expect(html.fr).toContain('«\u00a0mix 2018\u00a0»');
    expect(html.en).toContain('4,402\u00a0km');
  });

  it('English and French show the same figures', () => {
    expect(sortedNumbers(visibleText(html.en), 'en')).toEqual(sortedNumbers(visibleText(html.fr), 'fr'));
    const m = { fr: renderHtml(missing, 'fr'), en: renderHtml(missing, 'en') };
    expect(sortedNumbers(visibleText(m.en), 'en')).toEqual(sortedNumbers(visibleText(m.fr), 'fr'));
  });

  it('prints no personal data from the comments, whatever the model holds', () => {
    expect(trial.passengers.comments.selected.some((c) => c.text.includes('06 12 34 56 78'))).toBe(true);
    expect(html.fr).not.toContain('06 12 34 56 78');
    expect(html.fr).not.toContain('ann.smith@example.org');
    expect(html.fr).not.toContain('Jean-Pierre');
    expect(html.fr).toContain('Le chauffeur […] était très aimable');
  });

  it('the missing-data report renders and says what is missing and what it does to the verdicts', () => {
    const fr = renderHtml(missing, 'fr');
    const en = renderHtml(missing, 'en');
    expect(fr).toContain('Aucune télémétrie du GNV-01 le jeudi 14 juin 2018');
    expect(fr).toContain('Aucune note des voyageurs du DSL-01');
    expect(fr).toContain(
      'Pas de verdict sur les vibrations au siège du conducteur\u00a0: DSL-01 n’a que 6 mesures utilisables, il en faut au moins 10.',
    );
    expect(fr).toContain('Seulement 3 questionnaires de conducteurs pour le DSL-01');
    expect(fr).toContain('moins de 5 réponses');
    expect(fr).toContain('Source indisponible');
    expect(fr).toContain('Rapport intermédiaire');
    expect(en).toContain('No telemetry from GNV-01 on Thursday, 14 June 2018');
    expect(en).toContain('No passenger rating for DSL-01');
    expect(en).toContain('DSL-01: no rating received over the period.');
    // The full trial says nothing is missing.
    expect(html.fr).toContain('Rien ne manque');
  });

  it('refuses an invalid model', () => {
    expect(() => renderHtml({ ...trial, modelVersion: 'old' }, 'fr')).toThrow(/invalid report model/);
  });
});
