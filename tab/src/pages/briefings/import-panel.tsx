import { Button, Field, Input, ProgressBar, Subtitle1 } from '@fluentui/react-components';
import { useState, type ReactNode } from 'react';
import { useApi } from '../../api/api-context';
import type { ImportReport, SavedPage } from '../../api/briefing-types';
import { FilePicker } from '../../components/file-picker';
import { ProblemBar } from '../../components/problem-bar';
import { useBriefingStyles } from './briefings.styles';
import { ImportReportTable } from './import-report';

const readText = (file: File): Promise<string> => file.text();

/** One way in: a form, a progress bar while it runs, and the row-by-row report (or the refusal) after. */
const ImportForm = ({
  title,
  intro,
  submitLabel,
  ready,
  run,
  children,
}: {
  title: string;
  intro: string;
  submitLabel: string;
  ready: boolean;
  run: () => Promise<ImportReport>;
  children: ReactNode;
}) => {
  const styles = useBriefingStyles();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  return (
    <section className={styles.panel} aria-label={title}>
      <Subtitle1 as="h2">{title}</Subtitle1>
      <p>{intro}</p>
      <form
        className={styles.row}
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          setProblem(null);
          setReport(null);
          run()
            .then(setReport, setProblem)
            .finally(() => setBusy(false));
        }}
      >
        {children}
        <Button type="submit" appearance="primary" disabled={!ready || busy}>
          {busy ? 'Importing…' : submitLabel}
        </Button>
      </form>
      {busy && <ProgressBar aria-label={`${title}: importing`} />}
      {problem !== null && <ProblemBar error={problem} />}
      {report && <ImportReportTable report={report} />}
    </section>
  );
};

/** Decisions in bulk: a CSV file, saved modern.gov pages, or the council's modern.gov site. */
export const ImportPanel = ({ onImported }: { onImported: () => void }) => {
  const api = useApi();
  const [csv, setCsv] = useState<File | null>(null);
  const [pages, setPages] = useState<File[]>([]);
  const [site, setSite] = useState('');
  const [siteUrl, setSiteUrl] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const after = (r: ImportReport) => {
    onImported();
    return r;
  };
  return (
    <>
      <ImportForm
        title="From a CSV file"
        intro="One decision per row, with a header row. The columns are described in the guide; a re-import of the same file changes nothing."
        submitLabel="Import CSV"
        ready={csv !== null}
        run={async () => after(await api.importCsv(await readText(csv as File)))}
      >
        <FilePicker
          label="Choose a CSV file"
          accept=".csv,text/csv"
          files={csv ? [csv] : []}
          onFiles={(f) => setCsv(f[0] ?? null)}
          testId="csv-file-input"
        />
      </ImportForm>
      <ImportForm
        title="From saved modern.gov pages"
        intro="Save the decision pages (ieDecisionDetails.aspx) from the council’s modern.gov site as HTML and choose them all; list pages are read too."
        submitLabel="Import pages"
        ready={pages.length > 0}
        run={async () => {
          const read: SavedPage[] = await Promise.all(
            pages.map(async (f) => ({ name: f.name, html: await readText(f) })),
          );
          return after(await api.importSavedPages(read, site.trim() || undefined));
        }}
      >
        <FilePicker
          label="Choose saved pages"
          accept=".html,.htm,text/html"
          multiple
          files={pages}
          onFiles={setPages}
          testId="pages-file-input"
        />
        <Field label="Site address (if the pages do not say)" hint="e.g. democracy.yourcouncil.gov.uk">
          <Input value={site} onChange={(_e, d) => setSite(d.value)} />
        </Field>
      </ImportForm>
      <ImportForm
        title="From the modern.gov site"
        intro="Reads the published decisions and officer decisions between two dates, then each decision’s page, over HTTPS."
        submitLabel="Import from site"
        ready={siteUrl.trim() !== '' && from !== '' && to !== ''}
        run={async () => after(await api.importSite(siteUrl.trim(), from, to))}
      >
        <Field label="Site address" required>
          <Input
            type="url"
            value={siteUrl}
            placeholder="https://democracy.yourcouncil.gov.uk"
            onChange={(_e, d) => setSiteUrl(d.value)}
          />
        </Field>
        <Field label="From" required>
          <Input type="date" value={from} onChange={(_e, d) => setFrom(d.value)} />
        </Field>
        <Field label="To" required>
          <Input type="date" value={to} onChange={(_e, d) => setTo(d.value)} />
        </Field>
      </ImportForm>
    </>
  );
};
