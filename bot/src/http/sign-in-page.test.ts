/**
 * @jest-environment jsdom
 */
// The page is read with the DOM that jsdom gives this test.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { Person } from '../domain/person';
import { signInPage } from './sign-in-page';

const person = (over: Partial<Person> & Pick<Person, 'id' | 'displayName' | 'roles'>): Person => ({
  oid: `oid-${over.id}`,
  email: `${over.id}@test.example`,
  ...over,
});

const PEOPLE: Person[] = [
  person({
    id: 'p-hal',
    displayName: 'Hal Highways',
    roles: ['DepartmentOfficer'],
    departmentId: 'dept-highways',
  }),
  person({
    id: 'p-ann',
    displayName: 'Cllr Ann <Example>',
    roles: ['Councillor'],
    wardIds: ['ward-north', 'ward-south'],
  }),
  person({ id: 'p-sue', displayName: 'Sue Support', roles: ['SupportOfficer', 'Administrator'] }),
  person({ id: 'p-ada', displayName: 'Ada Admin', roles: ['Administrator'] }),
];

const render = () => {
  const html = signInPage({
    people: PEOPLE,
    wards: [
      { id: 'ward-north', name: 'Fallowmere North', postcodePrefixes: ['WQ1'] },
      { id: 'ward-south', name: 'Fallowmere South', postcodePrefixes: ['WQ2'] },
    ],
    departments: [{ id: 'dept-highways', name: 'Highways & Transport' }],
  });
  return { html, doc: new DOMParser().parseFromString(html, 'text/html') };
};

const section = (doc: Document, heading: string): HTMLElement => {
  const h2 = [...doc.querySelectorAll('h2')].find((h) => h.textContent === heading);
  const found = h2?.closest('section');
  if (!found) throw new Error(`no section "${heading}"`);
  return found;
};

describe('the local sign-in page', () => {
  it('groups people by role, in the order councillors, support officers, department officers, administrators', () => {
    const { doc } = render();
    expect([...doc.querySelectorAll('h2')].map((h) => h.textContent)).toEqual([
      'Councillors',
      'Support officers (Democratic Services)',
      'Department officers',
      'Administrators',
    ]);
    const names = (heading: string) =>
      [...section(doc, heading).querySelectorAll('button')].map((b) => b.textContent);
    expect(names('Councillors')).toEqual(['Cllr Ann <Example>']);
    expect(names('Department officers')).toEqual(['Hal Highways']);
    // Listed once, under their first role, with the other said in words.
    expect(names('Support officers (Democratic Services)')).toEqual(['Sue Support']);
    expect(names('Administrators')).toEqual(['Ada Admin']);
  });

  it('says what each role can do', () => {
    const { doc } = render();
    expect(section(doc, 'Councillors').querySelector('p')?.textContent).toMatch(
      /^Raise casework for constituents/,
    );
    expect(section(doc, 'Department officers').querySelector('p')?.textContent).toMatch(
      /^Answer the cases routed to their department/,
    );
    expect(section(doc, 'Administrators').querySelector('p')?.textContent).toMatch(/see no casework/);
  });

  it('describes each person by their divisions, department or other role, never by a role\u2019s code name', () => {
    const { doc } = render();
    const describedBy = (name: string) => {
      const button = [...doc.querySelectorAll('button')].find((b) => b.textContent === name);
      return doc.getElementById(button?.getAttribute('aria-describedby') ?? '')?.textContent;
    };
    expect(describedBy('Cllr Ann <Example>')).toBe('Fallowmere North, Fallowmere South');
    expect(describedBy('Hal Highways')).toBe('Highways & Transport');
    expect(describedBy('Sue Support')).toBe('Also an administrator');
    expect(doc.body.textContent).not.toMatch(/SupportOfficer|DepartmentOfficer|Administrator\b(?!s)/);
  });

  it('escapes names and gives every button the person it signs in as', () => {
    const { html, doc } = render();
    expect(html).toContain('Cllr Ann &lt;Example&gt;');
    expect([...doc.querySelectorAll('button')].map((b) => b.dataset.person)).toEqual([
      'p-ann',
      'p-sue',
      'p-hal',
      'p-ada',
    ]);
  });

  it('loads its scripts from files and follows the tab\u2019s themes', () => {
    const { doc, html } = render();
    expect([...doc.querySelectorAll('script')].map((s) => s.getAttribute('src'))).toEqual([
      '/auth/local/theme.js',
      '/auth/local/sign-in.js',
    ]);
    expect(html).toContain(':root[data-theme="dark"]');
    expect(html).toContain(':root[data-theme="contrast"]');
  });
});
