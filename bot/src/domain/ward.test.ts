import { suggestWard } from './ward';

const wards = [
  { id: 'ward-central', name: 'Central', postcodePrefixes: ['WQ1', 'WQ2'] },
  { id: 'ward-larkvale', name: 'Larkvale', postcodePrefixes: ['WQ10'] },
  { id: 'ward-mill', name: 'Mill End', postcodePrefixes: ['WQ1 9'] },
  { id: 'ward-county', name: 'Rest of the county', postcodePrefixes: ['WQ'] },
  { id: 'ward-city', name: 'City', postcodePrefixes: ['EC1'] },
];
const suggested = (postcode: string, among = wards) => suggestWard(postcode, among)?.id ?? null;

describe('ward suggestion from a postcode', () => {
  it('suggests the ward whose district matches the postcode\u2019s outward code', () => {
    expect(suggested('WQ1 2AB')).toBe('ward-central');
    expect(suggested('WQ2 7ZZ')).toBe('ward-central');
  });

  it('does not take district WQ1 to cover WQ10, a different district with the same first characters', () => {
    expect(suggested('WQ10 1AA')).toBe('ward-larkvale');
    expect(
      suggested(
        'WQ10 1AA',
        wards.filter((w) => w.id === 'ward-central'),
      ),
    ).toBeNull();
  });

  it('prefers the most specific prefix: a sector over its district, a district over its area', () => {
    expect(suggested('WQ1 9XY')).toBe('ward-mill');
    expect(suggested('WQ1 8XY')).toBe('ward-central');
    expect(suggested('WQ7 1AA')).toBe('ward-county');
  });

  it('lets an area cover only postcodes whose letters are exactly the area', () => {
    expect(suggested('WQ3 1AA', [{ id: 'w', name: 'W', postcodePrefixes: ['W'] }])).toBeNull();
    expect(suggested('W1A 1AA', [{ id: 'w', name: 'W', postcodePrefixes: ['W'] }])).toBe('w');
  });

  it('lets a district cover its sub-districts, as EC1 covers EC1A', () => {
    expect(suggested('EC1A 1BB')).toBe('ward-city');
    expect(suggested('EC2A 1BB')).toBeNull();
  });

  it('reads the postcode and the prefixes in any case and spacing', () => {
    expect(suggested(' wq1   9xy ')).toBe('ward-mill');
    expect(suggested('WQ1 9XY', [{ id: 'm', name: 'M', postcodePrefixes: [' wq1  9 '] }])).toBe('m');
  });

  it('suggests nothing when no ward claims the postcode, or there are no wards', () => {
    expect(suggested('AB1 2CD')).toBeNull();
    expect(suggested('WQ1 2AB', [])).toBeNull();
  });

  it('breaks a tie between equally specific prefixes by the order of the wards given', () => {
    const twins = [
      { id: 'first', name: 'First', postcodePrefixes: ['WQ5'] },
      { id: 'second', name: 'Second', postcodePrefixes: ['WQ5'] },
    ];
    expect(suggested('WQ5 1AA', twins)).toBe('first');
  });
});
