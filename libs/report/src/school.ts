/**
 * The public page for primary-school visits (8–11-year-olds), from the same report model: what
 * the gas coach is, how far it went, how much CO2 it saved against diesel with bioGNV and with
 * the 2018 gas mix — in short words, big type (readable on a classroom projector) and pictures.
 * French first; Occitan, Catalan and English. Self-contained HTML, no script. It follows the
 * report's rule: a difference is said only where the trial showed one, and what is missing is said.
 */
import { formatterFor } from './format';
import { escapeHtml } from './html';
import { SCHOOL_LANGS, schoolTranslator, type SchoolLang } from './i18n';
import { findMissingData } from './missing';
import { parseReportModel, type ReportModel } from './model';
import { excludesZero } from './rules';
import { cloudsArt, coachArt, peopleArt, pumpArt, quietArt, roadArt } from './school-art';

/** Rough mass of a child of that age, for "as heavy as N children" (said in the page). */
const CHILD_KG = 30;

const LANGUAGE_NAMES: Record<SchoolLang, string> = { fr: 'Français', oc: 'Occitan', ca: 'Català', en: 'English' };

const CSS = `
*{box-sizing:border-box}
html{font-family:"DejaVu Sans",Verdana,"Segoe UI",system-ui,sans-serif;color:#1b1f23;background:#fffdf6;line-height:1.35;font-size:22px}
@media (min-width:900px){html{font-size:28px}}
body{margin:0}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.4rem .8rem;border:3px solid #1b1f23}
.skip:focus{left:1rem}
header,main,footer{max-width:46rem;margin:0 auto;padding:0 1rem}
header{padding-top:1rem}
nav.langs ul{list-style:none;display:flex;flex-wrap:wrap;gap:.4rem;margin:0;padding:0;font-size:.75rem}
nav.langs a{display:inline-block;padding:.25rem .7rem;border:2px solid #17795a;border-radius:2rem;color:#0f5c44;text-decoration:none}
nav.langs a[aria-current="page"]{background:#17795a;color:#fff}
h1{font-size:2.2rem;line-height:1.1;margin:.6rem 0 .4rem;color:#0f5c44}
.intro{font-size:1.1rem;margin:.2rem 0 1rem}
section{margin:1.6rem 0;padding:1rem 1.2rem;background:#fff;border:3px solid #e3e7ea;border-radius:18px}
h2{font-size:1.6rem;margin:0 0 .5rem;color:#0f5c44}
p{margin:.5rem 0}
.big{font-size:1.5rem;font-weight:bold;color:#0f5c44}
.pics{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;margin:.6rem 0}
svg.art{flex:1 1 12rem;width:100%;max-width:21rem;height:auto}
svg.art-small{flex:0 1 6rem;max-width:6rem}
svg.art-medium{flex:0 1 12rem;max-width:12rem}
.wide svg.art{max-width:none;flex-basis:100%}
.clouds{display:grid;grid-template-columns:repeat(3,1fr);gap:.5rem;text-align:center;font-size:.8rem;margin-top:.3rem}
.clouds strong{display:block;font-size:1rem}
.note{font-size:.85rem;color:#3d4650}
.missing{background:#fff1c9;border-left:8px solid #8a6500;padding:.5rem .8rem;border-radius:8px;font-size:.9rem}
footer{font-size:.75rem;color:#3d4650;padding-bottom:2rem}
`.trim();

function splitLine(name: string): [string, string] {
  const parts = name.split(/\s+[–-]\s+/);
  return parts.length >= 2 ? [parts[0], parts[parts.length - 1]] : [name, name];
}

export function renderSchoolPage(input: unknown, lang: SchoolLang = 'fr'): string {
  const model: ReportModel = parseReportModel(input);
  const t = schoolTranslator(lang);
  const f = formatterFor(lang);
  const int = (x: number) => f.integer(x);
  const cand = model.totals.find((x) => x.vehicleId === model.vehicles.candidate.id);
  const [from, to] = splitLine(model.line.name);
  const missing = findMissingData(model);

  // How far, and how often it refuelled.
  const tank = model.fuelRange.perVehicle.find((p) => p.vehicleId === model.vehicles.candidate.id);
  const range = model.criteria.fuel_range.comparisons.find((r) => r.metric === 'full_tank_range_km')?.candidate.mean;
  const farParts = [`<p class="big">${escapeHtml(t('far.text', { trips: cand?.trips ?? 0, km: int(cand?.distanceKm ?? 0) }))}</p>`];
  if (range !== null && range !== undefined && tank?.daysPerTank) {
    farParts.push(
      `<p>${escapeHtml(t('far.tank', { km: int(Math.round(range / 10) * 10), days: Math.max(1, Math.round(tank.daysPerTank)) }))}</p>`,
    );
  }

  // CO2: with the 2018 gas mix and with bioGNV, against diesel, over the candidate's km.
  const row = (fuel: 'french_mix_2018' | 'bio_cng') => model.co2.rows.find((r) => r.scope === 'wtw' && r.fuel === fuel);
  const diesel = model.co2.rows.find((r) => r.scope === 'wtw' && r.fuel === 'diesel');
  const km = model.co2.candidateKm;
  const co2Sentence = (fuel: 'french_mix_2018' | 'bio_cng', key: 'mix' | 'bio') => {
    const r = row(fuel);
    const v = r?.vsDiesel;
    if (!r || !v || v.savedKg === null || r.kgPerKm === null) return t('co2.unknown');
    const saved = Math.abs(v.savedKg);
    const values = { saved: int(saved), kids: Math.max(1, Math.round(saved / CHILD_KG)), childKg: CHILD_KG };
    // No interval (factors only) or an interval that contains zero: no difference is claimed.
    if (v.low === null || v.high === null || !excludesZero(v.low, v.high)) return t(`co2.${key}.same`);
    return t(v.savedKg > 0 ? `co2.${key}` : `co2.${key}.more`, values);
  };
  const clouds = [
    {
      label: t('co2.label.diesel'),
      kg: diesel?.kgPerKm !== null && diesel?.kgPerKm !== undefined ? diesel.kgPerKm * km : null,
      colour: '#4a5561',
    },
    {
      label: t('co2.label.mix'),
      kg: row('french_mix_2018')?.kgPerKm != null ? (row('french_mix_2018')!.kgPerKm as number) * km : null,
      colour: '#6fa58f',
    },
    { label: t('co2.label.bio'), kg: row('bio_cng')?.kgPerKm != null ? (row('bio_cng')!.kgPerKm as number) * km : null, colour: '#17795a' },
  ];
  const cloudItems = clouds.map((c) => t('co2.cloud', { label: c.label, kg: c.kg === null ? '—' : int(c.kg) }));
  const co2Parts = [
    `<p>${escapeHtml(t('co2.what'))}</p>`,
    `<div class="pics wide">${cloudsArt(
      t('co2.art', { items: cloudItems.join(' ; ') }),
      clouds.map((c) => ({ value: c.kg ?? 0, colour: c.colour })),
    )}</div>`,
    `<div class="clouds" aria-hidden="true">${clouds.map((c) => `<div><strong>${escapeHtml(c.kg === null ? '—' : t('co2.kg', { kg: int(c.kg) }))}</strong>${escapeHtml(c.label)}</div>`).join('')}</div>`,
    `<p class="big">${escapeHtml(co2Sentence('french_mix_2018', 'mix'))}</p>`,
    `<p class="big">${escapeHtml(co2Sentence('bio_cng', 'bio'))}</p>`,
    `<p class="note">${escapeHtml(t('co2.exhaust'))}</p>`,
  ];

  // Quieter? Only if the trial showed it (cabin noise, interval excluding zero).
  const noise = model.criteria.passenger_comfort.comparisons.find((r) => r.metric === 'cabin_noise_leq_dba');
  let quiet = t('quiet.unknown');
  if (
    noise &&
    noise.difference !== null &&
    noise.low !== null &&
    noise.high !== null &&
    noise.candidate.n >= model.thresholds.minTripsPerVehicle &&
    noise.reference.n >= model.thresholds.minTripsPerVehicle
  ) {
    const db = int(Math.abs(noise.difference));
    quiet = !excludesZero(noise.low, noise.high)
      ? t('quiet.same')
      : noise.difference < 0
        ? t('quiet.better', { db })
        : t('quiet.worse', { db });
  }

  // Did passengers like it? Out of 10 who answered.
  const overall = model.passengers.perVehicle
    .find((v) => v.vehicleId === model.vehicles.candidate.id)
    ?.questions.find((q) => q.question === 'overall');
  const liked = overall?.csat && overall.n >= model.thresholds.minRatingsPerVehicle ? Math.round(overall.csat.p * 10) : null;

  const missingLines = missing
    .filter((m) => m.kind === 'no_telemetry' && m.vehicleId === model.vehicles.candidate.id)
    .map((m) => `<p class="missing">${escapeHtml(t('missing.day', { date: f.date((m as { date: string }).date) }))}</p>`);

  const langs = SCHOOL_LANGS.map(
    (l) => `<li><a href="?lang=${l}" hreflang="${l}" lang="${l}"${l === lang ? ' aria-current="page"' : ''}>${LANGUAGE_NAMES[l]}</a></li>`,
  ).join('');

  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t('page.title', { line: model.line.id }))}</title>
<style>${CSS}</style>
</head>
<body>
<a class="skip" href="#main">${escapeHtml(t('skip'))}</a>
<header>
<nav class="langs" aria-label="${escapeHtml(t('languages'))}"><ul>${langs}</ul></nav>
<h1>${escapeHtml(t('page.title', { line: model.line.id }))}</h1>
<p class="intro">${escapeHtml(t(model.kind === 'final' ? 'page.intro.final' : 'page.intro.interim', { from, to, fromDate: f.date(model.period.from), toDate: f.date(model.period.to), line: model.line.id }))}</p>
</header>
<main id="main">
<section aria-labelledby="what"><h2 id="what">${escapeHtml(t('what.title'))}</h2>
<div class="pics">${coachArt(t('what.art'))}</div>
<p>${escapeHtml(t('what.text'))}</p>
<p>${escapeHtml(t('what.compare'))}</p>
</section>
<section aria-labelledby="far"><h2 id="far">${escapeHtml(t('far.title'))}</h2>
<div class="pics">${roadArt(t('far.art', { from, to }))}${pumpArt(t('far.pumpArt'))}</div>
${farParts.join('\n')}
${missingLines.join('\n')}
</section>
<section aria-labelledby="co2"><h2 id="co2">${escapeHtml(t('co2.title'))}</h2>
${co2Parts.join('\n')}
</section>
<section aria-labelledby="quiet"><h2 id="quiet">${escapeHtml(t('quiet.title'))}</h2>
<div class="pics">${quietArt(t('quiet.art'))}</div>
<p class="big">${escapeHtml(quiet)}</p>
</section>
<section aria-labelledby="happy"><h2 id="happy">${escapeHtml(t('happy.title'))}</h2>
${liked === null ? `<p class="big">${escapeHtml(t('happy.none'))}</p>` : `<div class="pics">${peopleArt(t('happy.art', { n: liked }), liked)}</div><p class="big">${escapeHtml(t('happy.text', { n: liked }))}</p>`}
</section>
</main>
<footer><p>${escapeHtml(t('footer', { date: f.date(f.parisDate(model.asOf)) }))}</p></footer>
</body>
</html>
`;
}
