import { describe, expect, it } from 'vitest';
import { candidateGroups, referenceGroup } from './trial-groups';

const m = (vehicleId: string, powertrain: string) => ({ vehicleId, powertrain });

describe('comparison groups of a trial configuration', () => {
  it('one vehicle is a group named by its id', () => {
    expect(candidateGroups([m('GNV-01', 'cng')])).toEqual([{ id: 'GNV-01', label: 'GNV-01', powertrain: 'cng', vehicleIds: ['GNV-01'] }]);
    expect(referenceGroup([m('DSL-01', 'diesel')])).toEqual({
      id: 'DSL-01',
      label: 'DSL-01',
      powertrain: 'diesel',
      vehicleIds: ['DSL-01'],
    });
  });
  it('candidates group by powertrain, in order of their first vehicle; references pool into one', () => {
    const groups = candidateGroups([m('GNV-03', 'cng'), m('HYB-01', 'hybrid'), m('GNV-01', 'cng')]);
    expect(groups.map((g) => [g.id, g.label, g.vehicleIds])).toEqual([
      ['candidates:cng', 'CNG candidates (2 vehicles)', ['GNV-01', 'GNV-03']],
      ['HYB-01', 'HYB-01', ['HYB-01']],
    ]);
    expect(referenceGroup([m('DSL-02', 'diesel'), m('GNV-09', 'cng')])).toEqual({
      id: 'references',
      label: 'references (2 vehicles)',
      powertrain: null,
      vehicleIds: ['DSL-02', 'GNV-09'],
    });
  });
  it('no reference is a programming error (the configuration guarantees one)', () => {
    expect(() => referenceGroup([])).toThrow(/at least one reference/);
  });
});
