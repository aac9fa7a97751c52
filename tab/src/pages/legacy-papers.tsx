import {
  Body1,
  Button,
  Caption1,
  Field,
  SearchBox,
  Spinner,
  TableCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useApi, useApiData } from '../api/api-context';
import type { LegacyPaper } from '../api/ingest-types';
import { useSession } from '../app/session';
import { saveBlob } from '../components/documents/blob-url';
import { formatDate, formatInstant } from '../components/format';
import { PageHeader } from '../components/page-header';
import { ProblemBar } from '../components/problem-bar';
import { RouterLink } from '../components/router-link';
import { ScrollTable } from '../components/scroll-table';
import { retentionWords } from './ingest/ingest-words';

const useStyles = makeStyles({
  search: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'end',
    gap: tokens.spacingHorizontalM,
    marginBottom: tokens.spacingVerticalM,
  },
  hint: { flexBasis: '100%', color: tokens.colorNeutralForeground2 },
  box: { flexGrow: 1, minWidth: '12rem', maxWidth: '32rem' },
  cell: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  snippet: { color: tokens.colorNeutralForeground2, wordBreak: 'break-word' },
});

const SEARCH_MIN = 3;

/**
 * Filed legacy papers: a member sees their own, support officers everyone's (the service decides). Searched by
 * any word in their scanned pages; each opens as its searchable PDF.
 */
export const LegacyPapersPage = () => {
  const styles = useStyles();
  const api = useApi();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [typed, setTyped] = useState(q);
  const [failure, setFailure] = useState<unknown>(undefined);
  const query = q.trim().length >= SEARCH_MIN ? q.trim() : undefined;
  const { data, error, loading, reload } = useApiData((a) => a.legacyPapers(query), [query]);
  const open = async (paper: LegacyPaper) => {
    setFailure(undefined);
    try {
      saveBlob(await api.legacyPaperContent(paper.id, 'attachment'), paper.name);
    } catch (e) {
      setFailure(e);
    }
  };
  return (
    <>
      <PageHeader title="Legacy papers">
        {session.is('SupportOfficer') && <RouterLink to="/ingest">Scan-ingest</RouterLink>}
      </PageHeader>
      <form
        role="search"
        className={styles.search}
        onSubmit={(e) => {
          e.preventDefault();
          setParams(typed.trim() ? { q: typed.trim() } : {}, { replace: true });
        }}
      >
        <Field className={styles.box} label="Search the scanned papers">
          <SearchBox
            value={typed}
            onChange={(_e, d) => setTyped(d.value)}
            aria-describedby="papers-search-hint"
          />
        </Field>
        <Button type="submit">Search</Button>
        <Caption1 id="papers-search-hint" className={styles.hint}>
          Any word from a scanned page, {SEARCH_MIN} letters or more.
        </Caption1>
      </form>
      {failure !== undefined && <ProblemBar error={failure} />}
      {loading && !data && <Spinner label="Loading the papers…" />}
      {error !== undefined && <ProblemBar error={error} onRetry={reload} />}
      {data && (
        <Body1 as="p" role="status" aria-live="polite">
          {query
            ? `${data.items.length} paper${data.items.length === 1 ? '' : 's'} matching “${query}”.`
            : `${data.items.length} paper${data.items.length === 1 ? '' : 's'} filed.`}
        </Body1>
      )}
      {data && data.items.length === 0 && !query && (
        <Body1>
          No legacy papers have been filed {session.is('SupportOfficer') ? 'yet' : 'for you yet'}.
        </Body1>
      )}
      {data && data.items.length > 0 && (
        <ScrollTable
          label={query ? `Papers matching ${query}` : 'Legacy papers'}
          columns={['Paper', 'Member', 'Retention', 'Open']}
        >
          {data.items.map(({ paper, snippet }) => (
            <TableRow key={paper.id}>
              <TableCell>
                <div className={styles.cell}>
                  <Text weight="semibold">{paper.name}</Text>
                  <Caption1>
                    {paper.pages} page{paper.pages === 1 ? '' : 's'}
                    {paper.box ? `, box ${paper.box}` : ''}
                    {paper.dateFrom ? `, dated ${formatDate(paper.dateFrom)}` : ''}; filed{' '}
                    {formatInstant(paper.filedAt)}
                    {paper.caseRef ? ` to case ${paper.caseRef}` : ''}
                  </Caption1>
                  {/* The snippet is text: whatever it contains is shown, never interpreted as HTML. */}
                  {snippet && <Caption1 className={styles.snippet}>…{snippet}…</Caption1>}
                </div>
              </TableCell>
              <TableCell>{session.personName(paper.memberId)}</TableCell>
              <TableCell>{retentionWords(paper.retention)}</TableCell>
              <TableCell>
                <Button size="small" onClick={() => void open(paper)} aria-label={`Download ${paper.name}`}>
                  Download PDF
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </ScrollTable>
      )}
    </>
  );
};
