import { describe, expect, it } from 'vitest';
import { driverQuestionnaireSchema, ratingQuerySchema, ratingSubmissionSchema, sanitizeComment } from './feedback';

describe('feedback contract', () => {
  it('sanitises comments: control and bidi characters out, newlines kept, blank → undefined', () => {
    expect(sanitizeComment('  a\u0000b\u001Fc\u007F\u0085 \u202Ed\r\ne\t!  ')).toBe('abc d\ne !');
    expect(sanitizeComment('x\n\n\n\ny')).toBe('x\n\ny');
    expect(sanitizeComment(' \u0001 ')).toBeUndefined();
    expect(sanitizeComment(undefined)).toBeUndefined();
    expect(sanitizeComment('<script>alert(1)</script>')).toBe('<script>alert(1)</script>'); // stored as text, escaped when shown
  });

  it('accepts the tablet answer and refuses what is not in it', () => {
    const ok = {
      id: '3b241101-e2bb-4255-8caf-4136c566a962',
      vehicleId: 'GNV-01',
      answeredAt: '2018-06-11T08:00:00.000Z',
      language: 'oc',
      complete: false,
      overall: 1,
    };
    expect(ratingSubmissionSchema.safeParse(ok).success).toBe(true);
    for (const bad of [
      { overall: 0 },
      { language: 'es' },
      { answeredAt: '2018-06-11T08:00:00+02:00' },
      { comment: 'x'.repeat(501) },
      { seat: 6 },
      { extra: 1 },
    ]) {
      expect(ratingSubmissionSchema.safeParse({ ...ok, ...bad }).success).toBe(false);
    }
  });

  it('requires every driver item', () => {
    const base = {
      id: '3b241101-e2bb-4255-8caf-4136c566a962',
      driverId: 'D-01',
      vehicleId: 'GNV-01',
      shiftDate: '2018-06-11',
      answeredAt: '2018-06-11T17:00:00.000Z',
    };
    const items = {
      seat: 1,
      drivingPosition: 1,
      cabNoise: 1,
      vibration: 1,
      gearbox: 1,
      acceleration: 1,
      braking: 1,
      cabTemperature: 1,
      visibility: 1,
      overall: 1,
    };
    expect(driverQuestionnaireSchema.safeParse({ ...base, ...items }).success).toBe(true);
    expect(driverQuestionnaireSchema.safeParse({ ...base, ...items, visibility: undefined }).success).toBe(false);
  });

  it('parses list queries: booleans, default limit, from before to', () => {
    expect(ratingQuerySchema.parse({ complete: 'false' })).toEqual({ complete: false, limit: 100 });
    expect(ratingQuerySchema.safeParse({ from: '2018-06-12T00:00:00Z', to: '2018-06-11T00:00:00Z' }).success).toBe(false);
  });
});
