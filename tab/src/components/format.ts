import type { CaseStatus, CaseView, Priority } from '../api/types';

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'Europe/London',
});
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

/** A calendar date (YYYY-MM-DD, the council's dates) as people read it: 3 Nov 2026. */
export const formatDate = (isoDate: string): string => dateFormat.format(new Date(`${isoDate}T12:00:00Z`));
export const formatInstant = (iso: string): string => dateTimeFormat.format(new Date(iso));

export const STATUS_LABELS: Record<CaseStatus, string> = {
  new: 'New',
  triaged: 'Triaged',
  'with-department': 'With department',
  responded: 'Responded',
  'on-hold': 'On hold',
  closed: 'Closed',
};

export const PRIORITY_LABELS: Record<Priority, string> = {
  low: 'Low',
  normal: 'Normal',
  high: 'High',
  urgent: 'Urgent',
};

export const KIND_LABELS = {
  'member-enquiry': 'Member’s enquiry',
  'service-request': 'Service request',
  complaint: 'Complaint',
} as const;

/** The SLA position in words, so meaning never rests on colour alone. */
export const slaWords = (c: Pick<CaseView, 'sla' | 'status'>): string => {
  const { state, workingDaysLeft, overdueBy } = c.sla;
  if (state === 'overdue') return `Overdue by ${overdueBy ?? 0} working day${overdueBy === 1 ? '' : 's'}`;
  if (state === 'stopped') return c.status === 'on-hold' ? 'Clock paused' : 'Clock stopped';
  const left = workingDaysLeft ?? 0;
  const days = `${left} working day${left === 1 ? '' : 's'} left`;
  return state === 'due-soon' ? `Due soon: ${days}` : days;
};

/** Who a case is for: the member's name, or the MP's as recorded (marked as an MP once, not twice). */
export const mpLabel = (mpName: string | undefined): string => {
  const name = mpName?.trim() || 'An MP';
  return /\bMP$/.test(name) ? name : `${name} (MP)`;
};

/** A size in bytes as people read it: 812 bytes, 14 KB, 3.2 MB (1 KB = 1,024 bytes). */
export const formatBytes = (bytes: number): string => {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = value < 10 && !Number.isInteger(Math.round(value * 10) / 10) ? 1 : 0;
  return `${value.toFixed(digits)} ${units[unit]}`;
};
