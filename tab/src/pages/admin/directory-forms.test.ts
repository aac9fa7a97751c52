import {
  checkDepartmentForm,
  checkPersonForm,
  checkWardForm,
  errorsFromIssues,
  idFromName,
  personForm,
  wardForm,
} from './directory-forms';

describe('ids', () => {
  it('suggests an id from a name: lower case, hyphens, no accents', () => {
    expect(idFromName('Fallowmere North')).toBe('fallowmere-north');
    expect(idFromName('  Ōld Town & Quay ')).toBe('old-town-quay');
  });
});

describe('ward form', () => {
  it('tidies postcode prefixes to upper case with single spaces, without duplicates', () => {
    expect(
      checkWardForm({ id: 'ward-east', name: ' East ', postcodePrefixes: 'wq3, WQ4   1,, wq3' }, []),
    ).toEqual({
      ward: { id: 'ward-east', name: 'East', postcodePrefixes: ['WQ3', 'WQ4 1'] },
    });
  });

  it('says which postcode prefix is not one', () => {
    const result = checkWardForm({ id: 'ward-east', name: 'East', postcodePrefixes: 'WQ3, WQ3 2AB' }, []);
    expect(result).toEqual({
      errors: {
        postcodePrefixes:
          '“WQ3 2AB” is not a postcode area, district or sector. Use forms like WQ, WQ1 or WQ1 2.',
      },
    });
  });

  it('checks a new ward’s id for form and for clashes, but not an existing ward’s', () => {
    expect(checkWardForm({ id: 'Ward North', name: 'N', postcodePrefixes: '' }, [])).toEqual({
      errors: { id: 'Use lower-case letters, numbers and hyphens only, starting with a letter or number.' },
    });
    expect(checkWardForm({ id: 'ward-north', name: 'N', postcodePrefixes: '' }, ['ward-north'])).toEqual({
      errors: { id: 'There is already a ward with this id.' },
    });
    expect(checkWardForm(wardForm({ id: 'ward-north', name: 'N', postcodePrefixes: [] }), null)).toEqual({
      ward: { id: 'ward-north', name: 'N', postcodePrefixes: [] },
    });
  });
});

describe('department form', () => {
  it('asks for a name and an id', () => {
    expect(checkDepartmentForm({ id: '', name: ' ', entraGroupId: '' }, [])).toEqual({
      errors: { id: 'Enter an id for the department.', name: 'Enter the department’s name.' },
    });
  });

  it('leaves the Entra group out where people are kept here, whatever the field holds', () => {
    expect(checkDepartmentForm({ id: 'parks', name: 'Parks', entraGroupId: 'x' }, [])).toEqual({
      department: { id: 'parks', name: 'Parks' },
    });
  });

  it('takes an Entra group object id in any case, and an empty field as no group', () => {
    const id = '0B7C43A6-1C1D-4F00-9B2A-6F5D3A9C0E11';
    expect(
      checkDepartmentForm({ id: 'parks', name: 'Parks', entraGroupId: ` ${id} ` }, [], { groups: true }),
    ).toEqual({
      department: { id: 'parks', name: 'Parks', entraGroupId: id.toLowerCase() },
    });
    expect(
      checkDepartmentForm({ id: 'parks', name: 'Parks', entraGroupId: '' }, [], { groups: true }),
    ).toEqual({
      department: { id: 'parks', name: 'Parks', entraGroupId: null },
    });
  });

  it('refuses a group named any other way, saying what an object id looks like', () => {
    const checked = checkDepartmentForm({ id: 'parks', name: 'Parks', entraGroupId: 'Parks officers' }, [], {
      groups: true,
    });
    expect(checked).toEqual({ errors: { entraGroupId: expect.stringMatching(/object id/) } });
  });
});

describe('person form', () => {
  const valid = {
    id: 'cy',
    displayName: 'Cy Third',
    email: 'cy@council.example',
    roles: [],
    departmentId: '',
    wardIds: [],
  };

  it('asks for an email address in the right form and at least one role', () => {
    expect(checkPersonForm({ ...valid, email: 'cy at council' }, [])).toEqual({
      errors: {
        email: 'Enter an email address in the right form, like name@council.gov.uk.',
        roles: 'Choose at least one role.',
      },
    });
  });

  it('needs a department for a department officer and a ward for a councillor', () => {
    expect(checkPersonForm({ ...valid, roles: ['DepartmentOfficer', 'Councillor'] }, [])).toEqual({
      errors: {
        departmentId: 'A department officer needs a department: choose the one whose cases they handle.',
        wardIds: 'A councillor needs at least one ward: choose the wards they represent.',
      },
    });
  });

  it('leaves out a department and wards the person does not have', () => {
    expect(checkPersonForm({ ...valid, roles: ['SupportOfficer'] }, [])).toEqual({
      id: 'cy',
      person: { displayName: 'Cy Third', email: 'cy@council.example', roles: ['SupportOfficer'] },
    });
  });

  it('starts from a listed person, with their email when the listing has one', () => {
    const listed = {
      id: 'hal',
      displayName: 'Hal',
      roles: ['DepartmentOfficer' as const],
      departmentId: 'highways',
    };
    expect(personForm(listed)).toMatchObject({ id: 'hal', email: '', departmentId: 'highways', wardIds: [] });
    expect(personForm({ ...listed, email: 'hal@council.example' } as typeof listed).email).toBe(
      'hal@council.example',
    );
  });
});

describe('the service’s validation issues', () => {
  it('go against the form’s fields by the first part of their path', () => {
    expect(
      errorsFromIssues(
        [
          { path: 'wardIds.0', message: 'Unknown ward.' },
          { path: 'oid', message: 'Not a form field.' },
        ],
        ['id', 'wardIds'] as const,
      ),
    ).toEqual({ wardIds: 'Unknown ward.' });
  });
});
