import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Stats } from '../../api/types';
import { fakeService, never, type SentRequest } from '../../../test/fake-service';
import { renderPage } from '../../../test/render';
import { periodEnding } from './figures';
import PerformancePage from './performance-page';

const STATS: Stats = {
  scope: 'all',
  from: '2025-12',
  to: '2026-11',
  generatedAt: '2026-11-23T10:00:00.000Z',
  goalPercentWithinTarget: 95,
  answeredWithinTarget: [
    { departmentId: 'highways', month: '2026-10', answered: 5, withinTarget: 5 },
    { departmentId: 'highways', month: '2026-11', answered: 8, withinTarget: 6 },
    { departmentId: 'waste', month: '2026-11', answered: 4, withinTarget: 1 },
  ],
  volumesByWard: [
    { wardId: 'ward-north', count: 12 },
    { wardId: 'ward-south', count: 7 },
  ],
  volumesByCategory: [
    { category: 'Potholes', count: 11 },
    { category: 'Bins', count: 8 },
  ],
  byOrigin: [
    { month: '2026-10', councillor: 6, mp: 1 },
    { month: '2026-11', councillor: 9, mp: 3 },
  ],
  openByAge: [
    { bucket: '0-5', count: 4 },
    { bucket: '6-10', count: 2 },
    { bucket: '11-20', count: 1 },
    { bucket: '21+', count: 0 },
  ],
};

const EMPTY: Stats = {
  ...STATS,
  answeredWithinTarget: [],
  volumesByWard: [],
  volumesByCategory: [],
  byOrigin: [],
  openByAge: [],
};

const serving = (stats: Stats) => fakeService({ 'GET /api/stats': () => ({ body: stats }) });
const statsRequests = (sent: SentRequest[]) => sent.filter((r) => r.path === '/api/stats');

describe('Performance page', () => {
  it('shows a spinner while the figures load', async () => {
    renderPage(<PerformancePage />, { api: fakeService({ 'GET /api/stats': never }).api, as: 'sue' });
    expect(await screen.findByText('Loading the figures…')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Performance' })).toBeTruthy();
  });

  it('asks for the last 12 months by default, up to and including this month', async () => {
    const service = serving(STATS);
    renderPage(<PerformancePage />, { api: service.api, as: 'sue' });
    await screen.findByRole('table', { name: 'Answered within target by department and month' });
    const expected = periodEnding(12, new Date());
    const [request] = statsRequests(service.sent);
    expect(request?.query.get('from')).toBe(expected.from);
    expect(request?.query.get('to')).toBe(expected.to);
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'Last 12 months' }).checked).toBe(true);
  });

  it('asks for a shorter period when the person picks one', async () => {
    const service = serving(STATS);
    renderPage(<PerformancePage />, { api: service.api, as: 'sue' });
    await screen.findByRole('table', { name: 'Answered within target by department and month' });
    await userEvent.click(screen.getByRole('radio', { name: 'Last 3 months' }));
    const expected = periodEnding(3, new Date());
    await waitFor(() => expect(statsRequests(service.sent)).toHaveLength(2));
    const request = statsRequests(service.sent)[1];
    expect(request?.query.get('from')).toBe(expected.from);
    expect(request?.query.get('to')).toBe(expected.to);
  });

  it('says the figures cover all cases for an officer and only their own for a councillor', async () => {
    const { unmount } = renderPage(<PerformancePage />, { api: serving(STATS).api, as: 'sue' });
    expect(await screen.findByText('All cases')).toBeTruthy();
    expect(screen.getByText(/Dec 2025 to Nov 2026/)).toBeTruthy();
    unmount();
    renderPage(<PerformancePage />, { api: serving({ ...STATS, scope: 'member' }).api, as: 'cllr-ann' });
    expect(await screen.findByText('Your cases only')).toBeTruthy();
  });

  it('lists answered and within-target counts per department and month, with the percentage', async () => {
    renderPage(<PerformancePage />, { api: serving(STATS).api, as: 'sue' });
    const table = await screen.findByRole('table', {
      name: 'Answered within target by department and month',
    });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Department', 'Month', 'Answered', 'Within target', '% within target']);
    const highwaysNow = within(table).getByTestId('answered-within-target-highways-2026-11');
    expect(
      within(highwaysNow)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['Highways', 'Nov 2026', '8', '6', '75%']);
    const waste = within(table).getByTestId('answered-within-target-waste-2026-11');
    expect(within(waste).getByRole('cell', { name: 'Waste and Recycling' })).toBeTruthy();
    expect(within(waste).getByRole('cell', { name: '25%' })).toBeTruthy();
  });

  it('gives every figure a table of its numbers, and the charts drawn by the library a named area', async () => {
    renderPage(<PerformancePage />, { api: serving(STATS).api, as: 'sue' });
    await screen.findByRole('table', { name: 'Answered within target by department and month' });
    for (const name of [
      'Answered within target by department and month',
      'Cases raised by ward',
      'Cases raised by category',
      'Councillor and MP enquiries by month',
      'Open cases by age in working days',
    ])
      expect(screen.getByRole('table', { name })).toBeTruthy();
    expect(screen.getByRole('figure', { name: 'Councillor and MP enquiries by month' })).toBeTruthy();
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual([
      'Answered within target',
      'Cases raised',
      'Councillor and MP enquiries',
      'Open cases by age',
    ]);
  });

  it('heads the page with each department\u2019s share this month against the goal, and its trend', async () => {
    renderPage(<PerformancePage />, { api: serving(STATS).api, as: 'sue' });
    const cards = await screen.findByRole('list', { name: 'Each department this month' });
    const highways = within(cards).getByTestId('headline-highways');
    expect(within(highways).getByRole('heading', { level: 3, name: 'Highways' })).toBeTruthy();
    expect(within(highways).getByText('75%')).toBeTruthy();
    expect(within(highways).getByText('6 of 8 within target in Nov 2026')).toBeTruthy();
    expect(within(highways).getByText('20 points below the 95% goal')).toBeTruthy();
    expect(within(highways).getByText('Trend: Oct 2026: 100%. Nov 2026: 75%.')).toBeTruthy();
    const waste = within(cards).getByTestId('headline-waste');
    expect(within(waste).getByText('25%')).toBeTruthy();
    expect(within(waste).getByText('Trend: Too few months for a trend')).toBeTruthy();
  });

  it('draws the months as a grid of shares, a row per department, readable as a table', async () => {
    renderPage(<PerformancePage />, { api: serving(STATS).api, as: 'sue' });
    const grid = await screen.findByRole('table', {
      name: 'Share answered within target, by department and month',
    });
    const headers = within(grid)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toHaveLength(12);
    expect(headers[0]).toBe('Dec2025');
    expect(headers[1]).toBe('Jan2026');
    expect(headers[11]).toBe('Nov 2026');
    expect(within(grid).getByRole('row', { name: /^Highways( —){10} 100% 75%$/ })).toBeTruthy();
    expect(within(grid).getByRole('row', { name: /^Waste and Recycling( —){11} 25%$/ })).toBeTruthy();
  });

  it('folds each table of numbers away for the eye, keeps it for screen readers, and shows it on request', async () => {
    renderPage(<PerformancePage />, { api: serving(STATS).api, as: 'sue' });
    const table = await screen.findByRole('table', { name: 'Councillor and MP enquiries by month' });
    const origin = screen
      .getAllByRole('button', { name: 'Show the numbers' })
      .find((b) => document.getElementById(b.getAttribute('aria-controls') ?? '')?.contains(table));
    if (!origin) throw new Error('no button controls the enquiries table');
    expect(origin.getAttribute('aria-expanded')).toBe('false');
    const wrap = document.getElementById(origin.getAttribute('aria-controls') ?? '');
    const folded = wrap?.className;
    await userEvent.click(origin);
    expect(origin.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByRole('button', { name: 'Hide the numbers', expanded: true })).toBe(origin);
    expect(wrap?.className).not.toBe(folded);
    expect(screen.getByRole('table', { name: 'Councillor and MP enquiries by month' })).toBe(table);
  });

  it('names wards, and shows councillor and MP enquiries and open cases by age band', async () => {
    renderPage(<PerformancePage />, { api: serving(STATS).api, as: 'sue' });
    const wards = await screen.findByRole('table', { name: 'Cases raised by ward' });
    expect(within(wards).getByRole('rowheader', { name: 'Fallowmere North' })).toBeTruthy();
    expect(within(wards).getByRole('row', { name: 'Fallowmere North 12' })).toBeTruthy();
    const origin = screen.getByRole('table', { name: 'Councillor and MP enquiries by month' });
    expect(within(origin).getByRole('row', { name: 'Nov 2026 9 3' })).toBeTruthy();
    const ages = screen.getByRole('table', { name: 'Open cases by age in working days' });
    expect(within(ages).getByRole('row', { name: '21 working days or more 0' })).toBeTruthy();
  });

  it('says so instead of drawing empty charts when there is nothing in the period', async () => {
    renderPage(<PerformancePage />, { api: serving(EMPTY).api, as: 'sue' });
    expect(await screen.findByText('No cases answered in this period.')).toBeTruthy();
    expect(screen.getAllByText('No cases raised in this period.')).toHaveLength(2);
    expect(screen.getByText('No enquiries raised in this period.')).toBeTruthy();
    expect(screen.getByText('No cases are open at the moment.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByRole('figure')).toBeNull();
    expect(screen.queryByRole('button', { name: /Download CSV/ })).toBeNull();
  });

  it('says what went wrong and loads again on "Try again"', async () => {
    let calls = 0;
    const service = fakeService({
      'GET /api/stats': () => {
        calls += 1;
        return calls === 1
          ? { status: 500, body: { code: 'internal', message: 'boom', requestId: 'req-9' } }
          : { body: STATS };
      },
    });
    renderPage(<PerformancePage />, { api: service.api, as: 'sue' });
    expect(await screen.findByText('Something went wrong on our side')).toBeTruthy();
    expect(screen.getByText('Request id, for the IT service desk: req-9')).toBeTruthy();
    expect(screen.queryByText('boom')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByRole('table', { name: 'Answered within target by department and month' }),
    ).toBeTruthy();
  });

  describe('downloads', () => {
    // jsdom has no object URLs; the test stands in for the browser's, and puts things back afterwards.
    const saved = {
      create: Object.getOwnPropertyDescriptor(URL, 'createObjectURL'),
      revoke: Object.getOwnPropertyDescriptor(URL, 'revokeObjectURL'),
    };
    const restore = (name: string, descriptor: PropertyDescriptor | undefined) => {
      if (descriptor) Object.defineProperty(URL, name, descriptor);
      else Reflect.deleteProperty(URL, name);
    };
    afterEach(() => {
      restore('createObjectURL', saved.create);
      restore('revokeObjectURL', saved.revoke);
      jest.restoreAllMocks();
    });

    const readText = (blob: Blob) =>
      new Promise<string>((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(reader.result as string);
        reader.onerror = () => reject(new Error('unreadable'));
        reader.readAsText(blob);
      });

    it('downloads the table as a CSV file named after the figure and period', async () => {
      const blobs: Blob[] = [];
      Object.defineProperty(URL, 'createObjectURL', {
        configurable: true,
        value: (blob: Blob) => {
          blobs.push(blob);
          return 'blob:figures';
        },
      });
      Object.defineProperty(URL, 'revokeObjectURL', { configurable: true, value: () => undefined });
      const clicked: { href: string; download: string }[] = [];
      // jsdom cannot follow a download link; the link it was asked to follow is what matters.
      jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
        clicked.push({ href: this.href, download: this.download });
      });

      renderPage(<PerformancePage />, { api: serving(STATS).api, as: 'sue' });
      await userEvent.click(
        await screen.findByRole('button', {
          name: 'Download CSV of answered within target by department and month',
        }),
      );

      expect(clicked).toEqual([
        { href: 'blob:figures', download: 'answered-within-target-2025-12-to-2026-11.csv' },
      ]);
      expect(blobs[0]?.type).toBe('text/csv;charset=utf-8');
      expect(await readText(blobs[0]!)).toBe(
        [
          'Department,Month,Answered,Within target,% within target',
          'Highways,2026-10,5,5,100',
          'Highways,2026-11,8,6,75',
          'Waste and Recycling,2026-11,4,1,25',
        ].join('\r\n'),
      );
    });
  });
});
