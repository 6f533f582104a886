/**
 * Air temperature of June 2018 in Hérault (docs/sources.md#climate-june-2018: about 17–32 °C through the day): a daily
 * cosine between the day's minimum (06:00 local) and maximum (16:00 local), each day shifted by a
 * seeded offset so days differ. Relative humidity moves inversely with temperature.
 */
import { CLIMATE, LOCAL_UTC_OFFSET_S } from '@app/data';
import type { Rng } from '../rng';

export class Weather {
  private offsets = new Map<number, { min: number; max: number }>();

  constructor(private readonly rng: Rng) {}

  private day(dayIndex: number): { min: number; max: number } {
    let d = this.offsets.get(dayIndex);
    if (!d) {
      // Seeded per day, independent of the order of queries.
      const r = this.rng.fork(`day-${dayIndex}`);
      const shift = 1.8 * r.normal();
      d = { min: CLIMATE.minC.value + shift + 0.8 * r.normal(), max: CLIMATE.maxC.value + shift + 0.8 * r.normal() };
      this.offsets.set(dayIndex, d);
    }
    return d;
  }

  /** Ambient °C at a UTC time in ms. */
  ambientC(tsMs: number): number {
    const localS = tsMs / 1000 + LOCAL_UTC_OFFSET_S;
    const dayIndex = Math.floor(localS / 86400);
    const h = (localS - dayIndex * 86400) / 3600;
    const { min, max } = this.day(dayIndex);
    // Warm from 06:00 to 16:00 (half cosine), cool from 16:00 to 06:00 next day.
    if (h >= 6 && h < 16) return min + ((max - min) * (1 - Math.cos((Math.PI * (h - 6)) / 10))) / 2;
    const since = h >= 16 ? h - 16 : h + 8;
    const nextMin = h >= 16 ? this.day(dayIndex + 1).min : min;
    const prevMax = h >= 16 ? max : this.day(dayIndex - 1).max;
    return nextMin + ((prevMax - nextMin) * (1 + Math.cos((Math.PI * since) / 14))) / 2;
  }

  /** Outside relative humidity, %. */
  ambientHumidityPct(tempC: number): number {
    return Math.min(95, Math.max(25, 75 - 2.2 * (tempC - 17)));
  }
}
