import { describe, expect, it } from 'vitest';
import { missingDataReportFixture, trialReportFixture, type ReportModel } from './index';
import { Formatter } from './format';
import { renderSchoolPage } from './school';

const trial = trialReportFixture();

describe('renderSchoolPage', { timeout: 60_000 }, () => {
  it('renders in French by default, and in Occitan, Catalan and English, each with its lang and links to the others', () => {
    const fr = renderSchoolPage(trial);
    expect(fr).toContain('<html lang="fr">');
    expect(fr).toContain('Le car au gaz de la ligne\u00a0101');
    expect(renderSchoolPage(trial, 'oc')).toContain('Lo car al gas de la linha\u00a0101');
    expect(renderSchoolPage(trial, 'ca')).toContain('L’autocar de gas de la línia\u00a0101');
    expect(renderSchoolPage(trial, 'en')).toContain('The gas coach of line\u00a0101');
    for (const l of ['fr', 'oc', 'ca', 'en']) expect(fr).toContain(`href="?lang=${l}" hreflang="${l}" lang="${l}"`);
  });

  it('says how far it went and how much CO2 it saved with the 2018 gas mix and with bioGNV, from the model', () => {
    const fr = renderSchoolPage(trial);
    const km = trial.totals[0].distanceKm;
    expect(fr).toContain(`Il a fait ${trial.totals[0].trips} trajets\u00a0: 4\u202f402 kilomètres en tout`);
    expect(Math.round(km)).toBe(4402);
    const mix = trial.co2.rows.find((r) => r.fuel === 'french_mix_2018')!.vsDiesel!.savedKg!;
    const bio = trial.co2.rows.find((r) => r.fuel === 'bio_cng')!.vsDiesel!.savedKg!;
    const f = new Formatter('fr');
    expect(fr).toContain(`a rejeté ${f.integer(mix)} kg de CO₂ de moins que le car diesel`);
    expect(fr).toContain(`il aurait rejeté ${f.integer(bio)} kg de CO₂ de moins`);
    expect(f.integer(bio)).toContain('\u202f');
    expect(fr).toContain('le bruit était plus faible de 4 décibels');
    expect(fr).toContain('8 ont trouvé leur trajet bien ou très bien');
  });

  it('is self-contained and deterministic, its pictures labelled', () => {
    const a = renderSchoolPage(trial, 'fr');
    expect(renderSchoolPage(trialReportFixture(), 'fr')).toBe(a);
    expect(a).not.toMatch(/<script|<link|<img|(?:src|href)="https?:/);
    const svgs = [...a.matchAll(/<svg [^>]*>/g)].map((m) => m[0]);
    expect(svgs.length).toBeGreaterThanOrEqual(5);
    for (const s of svgs) expect(s).toMatch(/role="img" aria-labelledby="art-[a-z]+"/);
  });

  it('claims no difference the trial did not show', () => {
    const m: ReportModel = JSON.parse(JSON.stringify(trial));
    const noise = m.criteria.passenger_comfort.comparisons.find((r) => r.metric === 'cabin_noise_leq_dba')!;
    Object.assign(noise, { difference: -0.3, low: -0.9, high: 0.3, significant: false });
    const mix = m.co2.rows.find((r) => r.fuel === 'french_mix_2018')!.vsDiesel!;
    Object.assign(mix, { low: -0.02, high: 0.01, significant: false });
    const fr = renderSchoolPage(m);
    expect(fr).toContain('On n’a pas entendu de vraie différence entre les deux cars.');
    expect(fr).toContain('Avec le gaz vendu en 2018, on n’a pas pu voir de vraie différence avec le car diesel.');
  });

  it('says what is missing: a day without telemetry', () => {
    const fr = renderSchoolPage(missingDataReportFixture());
    expect(fr).toContain('Le 14 juin 2018, le car au gaz n’a pas envoyé ses mesures');
    expect(fr).toContain('L’essai continue');
  });
});
