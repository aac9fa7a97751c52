import { Button, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { useRef } from 'react';

const useStyles = makeStyles({
  root: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
});

/**
 * A Fluent button that opens the browser's file chooser (the native input stays hidden and out of the tab
 * order), and says what was chosen.
 */
export const FilePicker = ({
  label,
  accept,
  multiple = false,
  files,
  onFiles,
  testId,
}: {
  label: string;
  accept: string;
  multiple?: boolean;
  files: readonly File[];
  onFiles: (files: File[]) => void;
  testId?: string;
}) => {
  const styles = useStyles();
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className={styles.root}>
      <Button onClick={() => input.current?.click()}>{label}</Button>
      <Caption1 aria-live="polite">
        {files.length === 0
          ? 'Nothing chosen'
          : files.length === 1
            ? files[0]?.name
            : `${files.length} files chosen`}
      </Caption1>
      <input
        ref={input}
        type="file"
        hidden
        tabIndex={-1}
        aria-label={label}
        accept={accept}
        multiple={multiple}
        data-testid={testId}
        onChange={(e) => {
          onFiles(Array.from(e.target.files ?? []));
          e.target.value = '';
        }}
      />
    </div>
  );
};
