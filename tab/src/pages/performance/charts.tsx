// The only module that imports the charting library, so it stays in the performance page's own chunks.
import { GroupedVerticalBarChart } from '@fluentui/react-charts';
import { makeStyles } from '@fluentui/react-components';
import { useState, type ReactNode } from 'react';
import { monthLabel, type OriginRow } from './figures';

const useStyles = makeStyles({ frame: { height: '15rem' } });

/**
 * The library's charts fill the height of the element they are given (`parentRef`) and ignore a `height` prop;
 * this frame gives them 15rem, axes and legend included.
 */
const Frame = ({ children }: { children: (parent: HTMLElement | null) => ReactNode }) => {
  const styles = useStyles();
  const [parent, setParent] = useState<HTMLDivElement | null>(null);
  return (
    <div ref={setParent} className={styles.frame}>
      {parent && children(parent)}
    </div>
  );
};

/** Enquiries from councillors and from MPs, side by side for each month. */
export const OriginChart = ({ title, rows }: { title: string; rows: readonly OriginRow[] }) => (
  <Frame>
    {(parent) => (
      <GroupedVerticalBarChart
        parentRef={parent}
        chartTitle={title}
        data={rows.map((r) => ({
          name: monthLabel(r.month),
          series: [
            { key: 'councillor', legend: 'From councillors', data: r.councillor },
            { key: 'mp', legend: 'From MPs', data: r.mp },
          ],
        }))}
        yAxisTitle="Enquiries"
      />
    )}
  </Frame>
);
