import { useApi } from '../../api/api-context';
import type { FiledDocument } from '../../api/types';
import { formatBytes } from '../format';
import { useUploadQueue, type UploadItem as QueuedUpload } from '../uploads/use-upload-queue';
import { describeDocumentProblem } from './document-words';

export { percent } from '../uploads/use-upload-queue';
export type UploadItem = QueuedUpload<FiledDocument>;

/** What a screen reader hears when an upload ends, and what the list says under the file's name. */
export const uploadOutcome = (item: UploadItem, maxBytes: number): string => {
  const name = item.file.name;
  switch (item.state) {
    case 'done': {
      const stored = item.result?.document;
      if (item.result && !item.result.created) return `${name} was already filed: no copy made`;
      return stored && stored.name !== name
        ? `Uploaded ${name} as ${stored.name}: a different file of that name was already filed`
        : `Uploaded ${name}`;
    }
    case 'too-large':
      return `${name} is too large (${formatBytes(item.file.size)}): files can be up to ${formatBytes(maxBytes)}`;
    case 'stopped':
      return `Stopped uploading ${name}`;
    case 'failed': {
      const problem = describeDocumentProblem(item.error);
      return `${name} was not uploaded: ${problem.title}. ${problem.body}`;
    }
    default:
      return '';
  }
};

/** The files being added to a case (see useUploadQueue): each filed through the case's documents API. */
export const useUploads = ({
  caseRef,
  maxBytes,
  onFiled,
  announce,
  onLimit,
}: {
  caseRef: string;
  maxBytes: number;
  /** After each file the service accepted (new or already there). */
  onFiled: (result: FiledDocument) => void;
  /** Says a sentence in the section's live region. */
  announce: (text: string) => void;
  /** The service said its own limit (a 413 with `maxBytes`). */
  onLimit: (maxBytes: number) => void;
}) => {
  const api = useApi();
  return useUploadQueue<FiledDocument>({
    maxBytes,
    send: (file, options) => api.uploadDocument(caseRef, file, options),
    describe: (item) => uploadOutcome(item, maxBytes),
    announce,
    onDone: onFiled,
    onLimit,
  });
};
