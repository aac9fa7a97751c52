import { Body1, Caption1, Spinner, Subtitle1, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useApiData } from '../../api/api-context';
import { ProblemBar } from '../problem-bar';
import { RouterLink } from '../router-link';

/** Searches shorter than this match too much to be useful; the list is not shown for them. */
export const DOCUMENT_SEARCH_MIN = 3;
const LIMIT = 20;

const useStyles = makeStyles({
  section: {
    marginTop: tokens.spacingVerticalXXL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  item: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  snippet: { color: tokens.colorNeutralForeground2, wordBreak: 'break-word' },
});

const Matches = ({ text }: { text: string }) => {
  const styles = useStyles();
  const { data, error, loading, reload } = useApiData((api) => api.searchDocuments(text, LIMIT), [text]);
  return (
    <section className={styles.section} aria-labelledby="document-matches-heading">
      <Subtitle1 as="h2" id="document-matches-heading">
        Documents matching “{text}”
      </Subtitle1>
      {loading && !data && <Spinner size="small" label="Searching documents…" />}
      {error !== undefined && <ProblemBar error={error} onRetry={reload} />}
      {data && data.items.length === 0 && <Body1>No documents you can see match these words.</Body1>}
      {data && data.items.length > 0 && (
        <ul className={styles.list} aria-label={`Documents matching ${text}`}>
          {data.items.map((m) => (
            <li key={m.document.id} className={styles.item}>
              <Text weight="semibold">{m.document.name}</Text>
              <span>
                In <RouterLink to={`/cases/${m.caseRef}`}>{`${m.caseRef}: ${m.caseTitle}`}</RouterLink>
              </span>
              {/* The snippet is text: whatever it contains is shown, never interpreted as HTML. */}
              {m.snippet && <Caption1 className={styles.snippet}>…{m.snippet}…</Caption1>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
};

/**
 * Under the case list: documents whose name or text matches the search (the service applies the access
 * policy, so only documents on cases this person may see come back). Nothing for short searches.
 */
export const DocumentMatches = ({ text }: { text: string }) => {
  const words = text.trim();
  return words.length >= DOCUMENT_SEARCH_MIN ? <Matches text={words} /> : null;
};
