import { Body1, Button, MessageBar, MessageBarBody, Subtitle1, useId } from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import { ScrollRegion } from '../../components/scroll-region';
import { useDirectoryPanelStyles } from './directory-panel.styles';

export const READ_ONLY_DIRECTORY =
  'Wards, departments and people come from Microsoft 365 (Entra ID groups) and are read-only here.';

/**
 * One part of the directory (wards, departments or people): a heading, an add button when the directory
 * is kept here, and the table. In Microsoft 365 mode the directory is Entra ID's, so it is read-only.
 */
export const DirectoryPanel = ({
  title,
  editable,
  addLabel,
  onAdd,
  saved,
  empty,
  children,
}: {
  title: string;
  editable: boolean;
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
        {editable && (
          <Button icon={<AddRegular />} onClick={(e) => onAdd(e.currentTarget)}>
            {addLabel}
          </Button>
        )}
      </div>
      {!editable && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>{READ_ONLY_DIRECTORY}</MessageBarBody>
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
