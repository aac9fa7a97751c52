import { duplicateReasons, streetOf } from './likely-duplicate';
import { personalDetailsIn } from './internal-note';

describe('the street of an address', () => {
  it.each([
    ['12 Elm Road, Northtown', 'elm road'],
    ['Flat 2, 12 Elm Road, Northtown', 'elm road'],
    ['Flat 2\n12a Elm  Road\nNorthtown', 'elm road'],
    ['12\nElm Road', 'elm road'],
    ['Rose Cottage, Mill Lane, Fallowmere', 'mill lane'],
    ['3-5 High Street', 'high street'],
    ['Willowmead', 'willowmead'],
  ])('finds the street in %j: %s', (address, street) => {
    expect(streetOf(address)).toBe(street);
  });

  it('finds none in an address without one', () => {
    expect(streetOf('12')).toBeNull();
  });
});

describe('likely duplicates', () => {
  const earlier = {
    category: 'Drainage',
    constituent: {
      name: 'Pat Resident',
      email: 'pat@example.org',
      phone: '07700 900123',
      address: '1 Elm Road, Northtown',
      postcode: 'WQ1 2AB',
      consentToShare: true,
    },
  };
  const other = { name: 'Lee Other', address: '9 Birch Way', postcode: 'WQ1 9ZZ' };

  it('matches the same street and category only within the same postcode district', () => {
    const probe = { constituent: { ...other, address: '20 Elm Road' }, category: 'drainage' };
    expect(duplicateReasons(probe, earlier)).toEqual(['same-street-and-category']);
    expect(
      duplicateReasons({ ...probe, constituent: { ...probe.constituent, postcode: 'WQ2 1AA' } }, earlier),
    ).toEqual([]);
    expect(duplicateReasons({ ...probe, category: 'Potholes' }, earlier)).toEqual([]);
  });

  it('does not take a shared first name, or the same name elsewhere, as the same constituent', () => {
    expect(
      duplicateReasons({ constituent: { ...other, name: 'Pat Resident' }, category: 'X' }, earlier),
    ).toEqual([]);
    expect(
      duplicateReasons(
        { constituent: { ...other, name: 'Pat', postcode: 'WQ1 2AB' }, category: 'X' },
        earlier,
      ),
    ).toEqual([]);
  });
});

describe('personal details in a note', () => {
  const constituent = {
    name: 'Ann Lee',
    email: 'ann@example.org',
    phone: '+44 7700 900123',
    address: '1 Elm Road',
    postcode: 'WQ1 2AB',
    consentToShare: true,
  };

  it('does not mistake a word containing the name, other numbers or another postcode for the details', () => {
    expect(
      personalDetailsIn('Annual review with Annie Leeds; ref 7700 9001; site WQ1 2AC', constituent),
    ).toEqual([]);
  });

  it('finds each detail however it is written', () => {
    expect(
      personalDetailsIn('ANN  LEE called from 07700900123 (ann@EXAMPLE.org), WQ12AB', constituent),
    ).toEqual(['name', 'email', 'phone', 'postcode']);
  });
});
