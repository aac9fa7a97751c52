import { Body1, Button, MessageBar, MessageBarBody, Subtitle1, useId } from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import { ScrollRegion } from '../../components/scroll-region';
import { useDirectoryPanelStyles } from './directory-panel.styles';

/**
 * One part of the directory (wards, departments or people): a heading, an add button when records are added
 * here, a note on where they come from when that is elsewhere, and the table.
 */
export const DirectoryPanel = ({
  title,
  addable,
  note = null,
  addLabel,
  onAdd,
  saved,
  empty,
  children,
}: {
  title: string;
  /** Whether records are added here (people are not in Microsoft 365 mode). */
  addable: boolean;
  /** Where the records come from, when not from here. */
  note?: string | null;
  addLabel: string;
  onAdd: (opener: HTMLElement) => void;
  /** What the last change saved, in words, to confirm it. */
  saved: string | null;
  /** Said instead of an empty table. */
  empty: string | null;
  children: ReactNode;
}) => {
  const styles = useDirectoryPanelStyles();
  const headingId = useId('directory-heading');
  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <div className={styles.bar}>
        <Subtitle1 as="h2" id={headingId}>
          {title}
        </Subtitle1>
        {addable && (
          <Button icon={<AddRegular />} onClick={(e) => onAdd(e.currentTarget)}>
            {addLabel}
          </Button>
        )}
      </div>
      {note && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>{note}</MessageBarBody>
        </MessageBar>
      )}
      {saved && (
        <MessageBar intent="success">
          <MessageBarBody>{saved}</MessageBarBody>
        </MessageBar>
      )}
      {empty ? (
        <Body1 as="p">{empty}</Body1>
      ) : (
        <ScrollRegion label={title} className={styles.tableWrap}>
          {children}
        </ScrollRegion>
      )}
    </section>
  );
};
