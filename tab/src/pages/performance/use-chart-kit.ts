import { useEffect, useState } from 'react';
import type * as ChartKit from './charts';

export type Charts = typeof ChartKit;

/**
 * Loads the chart components (and the charting library behind them) as their own chunk. When they cannot
 * be loaded (a stale deployment, a network blip) the page still works: every chart has its table.
 */
export const useChartKit = (): { data: Charts | undefined; error: unknown; loading: boolean } => {
  const [state, setState] = useState<{ data: Charts | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: true,
  });
  useEffect(() => {
    let live = true;
    import('./charts').then(
      (charts) => {
        if (live) setState({ data: charts, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (live) setState({ data: undefined, error, loading: false });
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
};
