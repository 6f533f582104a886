import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALERT_RULE_DEFAULTS } from '@app/data';
import { ALERT_RULE_IDS, ALERT_RULE_SIGNALS, alertRuleParamsSchema } from '@app/contract';
import { CABIN_BANDS, COMFORT_CLASSES } from '@app/domain';
import { alertSummary, conditionSpec } from './rule-specs';

const sources = readFileSync(resolve(__dirname, '../../../../docs/sources.md'), 'utf8');

describe('the default alert rules (libs/data/src/alert-rules.ts)', () => {
  it.each(ALERT_RULE_IDS)('%s: valid against its schema, a threshold for every signal, sources that exist', (id) => {
    const d = ALERT_RULE_DEFAULTS[id];
    expect(alertRuleParamsSchema(id).safeParse(d.params).error).toBeUndefined();
    expect(Object.keys(d.params.signals).sort()).toEqual(Object.keys(ALERT_RULE_SIGNALS[id]).sort());
    for (const s of d.sources) expect(sources, `docs/sources.md#${s}`).toContain(`<a id="${s}"></a>`);
    expect(d.reasoning.length).toBeGreaterThan(40);
  });

  it('discomfort uses the ISO 2631-1 classes of libs/domain; cabin rules sit outside the comfort bands', () => {
    const cls = Object.fromEntries(COMFORT_CLASSES.map((c) => [c.id, c]));
    const floor = ALERT_RULE_DEFAULTS.discomfort.params.signals.floorAv;
    expect(floor).toEqual({ warning: cls.uncomfortable.fromMs2, critical: cls.very_uncomfortable.fromMs2, clear: 0.63 });
    expect(ALERT_RULE_DEFAULTS.discomfort.params.signals.seatAv).toEqual(floor);
    const temp = ALERT_RULE_DEFAULTS.cabin_temperature.params.signals;
    expect(temp.low.clear).toBeLessThan(CABIN_BANDS.tempC[0]);
    expect(temp.high.clear).toBeGreaterThan(CABIN_BANDS.tempC[1]);
    expect(ALERT_RULE_DEFAULTS.cabin_co2.params.signals.co2Ppm.clear).toBeGreaterThan(CABIN_BANDS.co2MaxPpm);
  });

  it('takes the directions from the contract and summarises the worst signal', () => {
    const params = ALERT_RULE_DEFAULTS.cabin_temperature.params;
    const spec = conditionSpec('cabin_temperature', params);
    expect(spec.signals).toEqual({
      high: { direction: 'above', ...params.signals.high },
      low: { direction: 'below', ...params.signals.low },
    });
    expect(alertSummary('cabin_temperature', 'GNV-01', params, { high: 14, low: 14 }, 'critical')).toBe(
      'Cabin temperature out of band — GNV-01: low 14.0 °C (critical at ≤ 15.0)',
    );
    expect(alertSummary('dead_letter_rate', '*', ALERT_RULE_DEFAULTS.dead_letter_rate.params, { sharePct: 7.5 }, 'warning')).toBe(
      'Dead-letter rate high — fleet: sharePct 7.50 % (warning at ≥ 5.00)',
    );
  });
});
