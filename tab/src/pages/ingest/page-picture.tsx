import { Caption1, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { useApiData } from '../../api/api-context';
import type { ReviewPage } from '../../api/ingest-types';
import { useObjectUrl } from '../../components/documents/blob-url';
import { ProblemBar } from '../../components/problem-bar';

const useStyles = makeStyles({
  frame: {
    position: 'relative',
    maxWidth: '100%',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    lineHeight: 0,
  },
  picture: { display: 'block', width: '100%', height: 'auto' },
  mark: {
    position: 'absolute',
    boxSizing: 'border-box',
    outline: `${tokens.strokeWidthThick} solid ${tokens.colorPaletteMarigoldBorderActive}`,
    backgroundColor: tokens.colorPaletteYellowBackground2,
    mixBlendMode: 'multiply',
    '@media (forced-colors: active)': { outlineColor: 'Highlight', backgroundColor: 'transparent' },
  },
});

/**
 * A page's picture, upright, as scanned, with the words in `marked` (indexes into the page's words) outlined
 * where they are on the page. The picture is fetched with the token and shown from a blob: URL; what is
 * marked is also said in words beside it, so nothing rests on the outline alone.
 */
export const PagePicture = ({
  fileId,
  page,
  marked,
  label,
}: {
  fileId: string;
  page: ReviewPage;
  marked: ReadonlySet<number>;
  label: string;
}) => {
  const styles = useStyles();
  const { data, error, loading, reload } = useApiData(
    (api) => api.pagePicture(fileId, page.pageNo),
    [fileId, page.pageNo],
  );
  const url = useObjectUrl(data ?? null);
  if (loading && !data) return <Spinner size="small" label={`Loading the picture of page ${page.pageNo}…`} />;
  if (error !== undefined) return <ProblemBar error={error} onRetry={reload} />;
  if (!url) return <Caption1>No picture of this page.</Caption1>;
  const box = (i: number) => {
    const w = page.words[i];
    if (!w || page.width === 0 || page.height === 0) return null;
    const [x0, y0, x1, y1] = w.bbox;
    return {
      left: `${(x0 / page.width) * 100}%`,
      top: `${(y0 / page.height) * 100}%`,
      width: `${((x1 - x0) / page.width) * 100}%`,
      height: `${((y1 - y0) / page.height) * 100}%`,
    };
  };
  return (
    <div className={styles.frame}>
      <img className={styles.picture} src={url} alt={label} />
      {[...marked].map((i) => {
        const style = box(i);
        return style ? <span key={i} className={styles.mark} style={style} aria-hidden /> : null;
      })}
    </div>
  );
};
