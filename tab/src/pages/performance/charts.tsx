// The only module that imports the charting library, so it stays in the performance page's own chunks.
import {
  GroupedVerticalBarChart,
  HorizontalBarChartWithAxis,
  LineChart,
  VerticalBarChart,
  type LineChartPoints,
} from '@fluentui/react-charts';
import {
  AGE_LABELS,
  monthLabel,
  type AgeRow,
  type AnsweredRow,
  type IsoMonth,
  type OriginRow,
  type VolumeRow,
} from './figures';

// Colours are the library's own data-visualisation palette (it follows the theme). Lines also differ by dash
// pattern and point shape, and every series is named in the legend, so no line is told apart by colour alone.
const DASHES = ['0', '6 3', '2 3', '8 3 2 3'];
const monthStart = (month: IsoMonth) => new Date(`${month}-01T00:00:00Z`);

/** % answered within target, one line per department over the months. */
export const AnsweredWithinTargetChart = ({
  title,
  rows,
}: {
  title: string;
  rows: readonly AnsweredRow[];
}) => {
  const departments = [...new Set(rows.map((r) => r.department))];
  const lines: LineChartPoints[] = departments.map((department, i) => ({
    legend: department,
    lineOptions: { strokeDasharray: DASHES[i % DASHES.length] },
    data: rows
      .filter((r) => r.department === department && r.percentWithinTarget !== null)
      .map((r) => ({
        x: monthStart(r.month),
        y: Math.round(r.percentWithinTarget ?? 0),
        xAxisCalloutData: monthLabel(r.month),
        yAxisCalloutData: `${Math.round(r.percentWithinTarget ?? 0)}% of ${r.answered} within target`,
      })),
  }));
  return (
    <LineChart
      data={{ chartTitle: title, lineChartData: lines }}
      allowMultipleShapesForPoints
      yMinValue={0}
      yMaxValue={100}
      yAxisTitle="% within target"
      tickFormat="%b %Y"
      customDateTimeFormatter={(date) => monthLabel(date.toISOString().slice(0, 7))}
    />
  );
};

/** Cases raised per ward or per category: one bar per name, named on the axis. */
export const VolumeChart = ({ title, rows }: { title: string; rows: readonly VolumeRow[] }) => (
  <HorizontalBarChartWithAxis
    chartTitle={title}
    data={rows.map((r) => ({ y: r.name, x: r.count, legend: r.name }))}
    useSingleColor
    hideLegend
    xAxisTitle="Cases raised"
    showYAxisLablesTooltip
  />
);

/** Enquiries from councillors and from MPs, side by side for each month. */
export const OriginChart = ({ title, rows }: { title: string; rows: readonly OriginRow[] }) => (
  <GroupedVerticalBarChart
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
);

/** Open cases per age band. */
export const AgeChart = ({ title, rows }: { title: string; rows: readonly AgeRow[] }) => (
  <VerticalBarChart
    chartTitle={title}
    data={rows.map((r) => ({ x: AGE_LABELS[r.bucket], y: r.count, legend: AGE_LABELS[r.bucket] }))}
    useSingleColor
    hideLegend
    wrapXAxisLables
    yAxisTitle="Open cases"
  />
);
