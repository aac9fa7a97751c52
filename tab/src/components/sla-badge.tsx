import {
  makeResetStyles,
  makeStyles,
  mergeClasses,
  shorthands,
  tokens,
  typographyStyles,
} from '@fluentui/react-components';
import { AlertUrgentRegular, ClockRegular, CheckmarkRegular, PauseRegular } from '@fluentui/react-icons';
import type { CaseView } from '../api/types';
import { slaWords } from './format';

// Fluent's Badge (medium, circular) in its filled-danger and outline warning/informative looks, as a plain
// span: the case table shows up to 500 of these, and the Badge component's own cost was a fifth of the
// My cases render (docs/performance.md). The tokens are Badge's, so the colours and contrast are the same.
// Unlike Badge, the height grows with the words: a long phrase in a narrow column wraps inside the badge
// rather than spilling out of it.
const pad = tokens.spacingHorizontalXXS;
const useRootClassName = makeResetStyles({
  display: 'inline-flex',
  boxSizing: 'border-box',
  alignItems: 'center',
  position: 'relative',
  ...typographyStyles.caption1Strong,
  minHeight: tokens.lineHeightBase300,
  minWidth: '20px',
  paddingBlock: tokens.spacingVerticalXXS,
  paddingInline: `calc(${tokens.spacingHorizontalXS} + ${pad})`,
  borderRadius: tokens.borderRadiusCircular,
  borderColor: tokens.colorTransparentStroke,
  '::after': {
    content: '""',
    position: 'absolute',
    inset: 0,
    borderStyle: 'solid',
    borderColor: 'inherit',
    borderWidth: tokens.strokeWidthThin,
    borderRadius: 'inherit',
  },
});

const useStyles = makeStyles({
  overdue: {
    backgroundColor: tokens.colorPaletteRedBackground3,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  dueSoon: { color: tokens.colorPaletteYellowForeground2, ...shorthands.borderColor('currentColor') },
  running: { color: tokens.colorNeutralForeground3, ...shorthands.borderColor(tokens.colorNeutralStroke2) },
  icon: {
    display: 'inline-flex',
    flexShrink: 0,
    lineHeight: '1',
    fontSize: '12px',
    marginInlineStart: `calc(-1 * ${pad})`,
    marginInlineEnd: tokens.spacingHorizontalXXS,
  },
});

/** The SLA position as words with an icon; the colour only repeats what the words say. */
export const SlaBadge = ({ c }: { c: Pick<CaseView, 'sla' | 'status'> }) => {
  const root = useRootClassName();
  const styles = useStyles();
  const { state } = c.sla;
  const Icon =
    state === 'overdue'
      ? AlertUrgentRegular
      : state === 'stopped'
        ? c.status === 'on-hold'
          ? PauseRegular
          : CheckmarkRegular
        : ClockRegular;
  const look = state === 'overdue' ? styles.overdue : state === 'due-soon' ? styles.dueSoon : styles.running;
  return (
    <span className={mergeClasses(root, look)}>
      <Icon className={styles.icon} aria-hidden />
      {slaWords(c)}
    </span>
  );
};
