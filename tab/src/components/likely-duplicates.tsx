import {
  Checkbox,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { forwardRef } from 'react';
import type { DuplicateReason, LikelyDuplicate } from '../api/types';
import { formatInstant, STATUS_LABELS } from './format';
import { RouterLink } from './router-link';

const REASONS: Record<DuplicateReason, string> = {
  'same-constituent': 'the same constituent',
  'same-street-and-category': 'the same street and category',
};

const useStyles = makeStyles({
  list: {
    margin: `${tokens.spacingVerticalS} 0 0`,
    padding: 0,
    listStyleType: 'none',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  item: { display: 'flex', flexDirection: 'column', overflowWrap: 'anywhere' },
});

/**
 * The earlier cases (last 90 days, only those the person may see) that the case about to be raised may
 * repeat: each can be opened, or chosen to be linked to the new case once it is raised; the form's button
 * then raises it anyway.
 */
export const LikelyDuplicates = forwardRef<
  HTMLDivElement,
  { matches: readonly LikelyDuplicate[]; linkAfter: readonly string[]; onLinkAfter: (refs: string[]) => void }
>(({ matches, linkAfter, onLinkAfter }, ref) => {
  const styles = useStyles();
  return (
    <div ref={ref} tabIndex={-1}>
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>
            {matches.length === 1
              ? `This may be a duplicate of ${matches[0]?.ref ?? ''}`
              : `This may be a duplicate of one of ${matches.length} cases`}
          </MessageBarTitle>
          Open one to check, choose to link it to the new case once raised, or raise the case anyway.
          <ul className={styles.list}>
            {matches.map((m) => (
              <li key={m.ref} className={styles.item}>
                <Text>
                  <RouterLink to={`/cases/${m.ref}`}>{`Open ${m.ref}: ${m.title}`}</RouterLink>
                </Text>
                <Text size={200}>
                  {STATUS_LABELS[m.status]}, raised {formatInstant(m.createdAt)};{' '}
                  {m.reasons.map((r) => REASONS[r]).join(' and ')}
                </Text>
                <Checkbox
                  label={`Link ${m.ref} after raising`}
                  checked={linkAfter.includes(m.ref)}
                  onChange={(_e, data) =>
                    onLinkAfter(
                      data.checked === true ? [...linkAfter, m.ref] : linkAfter.filter((r) => r !== m.ref),
                    )
                  }
                />
              </li>
            ))}
          </ul>
        </MessageBarBody>
      </MessageBar>
    </div>
  );
});
LikelyDuplicates.displayName = 'LikelyDuplicates';
