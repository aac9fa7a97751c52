import type { AdminSettings, CaseView, DirectoryData, Me, Role } from '../src/api/types';

export const DIRECTORY: DirectoryData = {
  wards: [
    { id: 'ward-north', name: 'Fallowmere North', postcodePrefixes: ['WQ1'] },
    { id: 'ward-south', name: 'Fallowmere South', postcodePrefixes: ['WQ2'] },
  ],
  departments: [
    { id: 'highways', name: 'Highways' },
    { id: 'waste', name: 'Waste and Recycling' },
  ],
  people: [
    { id: 'cllr-ann', displayName: 'Cllr Ann Example', roles: ['Councillor'], wardIds: ['ward-north'] },
    { id: 'cllr-bo', displayName: 'Cllr Bo Other', roles: ['Councillor'], wardIds: ['ward-south'] },
    { id: 'sue', displayName: 'Sue Support', roles: ['SupportOfficer'] },
    { id: 'hal', displayName: 'Hal Highways', roles: ['DepartmentOfficer'], departmentId: 'highways' },
    { id: 'ada', displayName: 'Ada Admin', roles: ['Administrator'] },
  ],
  categories: [
    { id: 'drainage-and-flooding', name: 'Drainage and flooding' },
    { id: 'highways', name: 'Highways' },
    { id: 'roads-and-pavements', name: 'Roads and pavements' },
    { id: 'street-lighting', name: 'Street lighting' },
  ],
};

export const meAs = (id: string): Me => {
  const p = DIRECTORY.people.find((x) => x.id === id);
  if (!p) throw new Error(`no fixture person ${id}`);
  return { ...p, email: `${id}@example.test`, mode: 'local', roles: [...p.roles] as Role[] };
};

let counter = 0;
export const aCaseView = (over: Partial<CaseView> = {}): CaseView => {
  counter += 1;
  const n = String(counter).padStart(5, '0');
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    ref: `MH-2026-${n}`,
    version: 1,
    kind: 'member-enquiry',
    origin: 'councillor',
    memberId: 'cllr-ann',
    raisedBy: 'cllr-ann',
    constituent: {
      name: 'Pat Resident',
      address: '1 High Street, Fallowmere',
      postcode: 'WQ1 2AB',
      consentToShare: true,
    },
    wardId: 'ward-north',
    category: 'Highways',
    departmentId: null,
    assignedOfficerId: null,
    priority: 'normal',
    title: `Pothole number ${counter}`,
    description: 'A deep pothole outside the school.',
    status: 'new',
    stage: 1,
    acknowledgeBy: '2026-11-25',
    respondBy: '2026-12-07',
    createdAt: '2026-11-23T10:00:00.000Z',
    updatedAt: '2026-11-23T10:00:00.000Z',
    escalationLevel: 0,
    sharedWith: [],
    sla: { state: 'on-track', workingDaysLeft: 10, overdueBy: null, escalationLevelDue: 0 },
    permittedActions: ['read'],
    followUpOpen: false,
    recordActions: [],
    ...over,
  };
};

/** The council settings as an administrator reads them: the default SLA policy, in local mode. */
export const ADMIN_SETTINGS: AdminSettings = {
  sla: {
    region: 'england-and-wales',
    acknowledgeWorkingDays: 2,
    responseWorkingDays: { 1: 10, 2: 10 },
    followUpWorkingDays: 5,
    warnWorkingDaysBefore: 2,
    escalationWorkingDaysAfterBreach: [0, 5, 10],
    goalPercentWithinTarget: 95,
  },
  directoryEditable: true,
  peopleFrom: 'local',
  regions: ['england-and-wales', 'scotland', 'northern-ireland'],
};
