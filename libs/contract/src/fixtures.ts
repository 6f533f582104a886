/** The example payloads of docs/contract.md, for tests and benchmarks. */
import type { Telemetry } from './payloads';

export function sampleTelemetry(overrides: Partial<Telemetry> = {}): Telemetry {
  return {
    v: 1,
    vehicleId: 'GNV-01',
    seq: 41870,
    ts: '2018-06-11T07:42:13.000Z',
    pos: { lat: 43.6567, lon: 3.9693, headingDeg: 81.5, fix: true },
    speedKmh: 61.2,
    odometerKm: 152337.412,
    engineRpm: 1480,
    engineLoadPct: 42.0,
    acceleratorPct: 35.0,
    brakePressed: false,
    doorsOpen: false,
    passengers: 23,
    fuel: { type: 'cng', tankPressureBar: 171.4, tankTempC: 27.9, totalUsedKg: 48211.37, levelPct: 82.0 },
    cabin: { tempC: 23.8, humidityPct: 48.0, co2Ppm: 760, noiseDbA: 63.5 },
    driver: { noiseDbA: 66.0, cabTempC: 24.5 },
    ambientTempC: 27.1,
    hvacOn: true,
    vibration: { driverSeat: { awx: 0.11, awy: 0.09, awz: 0.28 }, floor: { awx: 0.13, awy: 0.1, awz: 0.34 } },
    ...overrides,
  };
}
