/**
 * A committed sample reduced to what a live page shows (libs/contract LiveTelemetry): about 450
 * bytes of JSON instead of 800, so that the latest samples of a batch fit one NOTIFY. The tank
 * mass is computed here with the real-gas Z (docs/sources.md#gas-mass): the page has no physics.
 */
import type { LiveTelemetry, Telemetry } from '@app/contract';
import { tankGasMassKg, totalVibrationValue } from '@app/domain';
import { tankVolumeL } from '../analytics/line';

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export function toLiveTelemetry(s: Telemetry): LiveTelemetry {
  const cng = s.fuel.type === 'cng' ? s.fuel : null;
  return {
    seq: s.seq,
    ts: s.ts,
    lat: s.pos?.lat ?? null,
    lon: s.pos?.lon ?? null,
    headingDeg: s.pos?.headingDeg ?? null,
    speedKmh: s.speedKmh,
    odometerKm: s.odometerKm,
    passengers: s.passengers,
    doorsOpen: s.doorsOpen,
    fuel: {
      type: s.fuel.type,
      levelPct: s.fuel.levelPct,
      tankPressureBar: cng?.tankPressureBar ?? null,
      tankTempC: cng?.tankTempC ?? null,
      tankMassKg: cng ? round(tankGasMassKg(cng.tankPressureBar, cng.tankTempC, tankVolumeL(s.vehicleId)), 2) : null,
      totalUsed: s.fuel.type === 'cng' ? s.fuel.totalUsedKg : s.fuel.totalUsedL,
    },
    cabin: { tempC: s.cabin.tempC, humidityPct: s.cabin.humidityPct, co2Ppm: s.cabin.co2Ppm, noiseDbA: s.cabin.noiseDbA },
    driverNoiseDbA: s.driver.noiseDbA,
    ambientTempC: s.ambientTempC,
    floorAv: round(totalVibrationValue(s.vibration.floor), 4),
    seatAv: round(totalVibrationValue(s.vibration.driverSeat), 4),
  };
}
