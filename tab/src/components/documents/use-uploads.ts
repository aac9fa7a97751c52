import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '../../api/api-context';
import { ApiError } from '../../api/client';
import type { DocumentView, FiledDocument } from '../../api/types';
import { formatBytes } from '../format';
import { describeDocumentProblem, isAborted } from './document-words';

export type UploadState =
  'waiting' | 'uploading' | 'filed' | 'duplicate' | 'too-large' | 'failed' | 'stopped';

export interface UploadItem {
  key: number;
  file: File;
  state: UploadState;
  /** Bytes sent so far, and of how many. */
  loaded: number;
  total: number;
  /** The document as the service stored it (its name may differ: `report (2).pdf`). */
  stored?: DocumentView;
  error?: unknown;
}

export const percent = (item: Pick<UploadItem, 'loaded' | 'total'>): number =>
  item.total > 0 ? Math.min(100, Math.round((item.loaded / item.total) * 100)) : 0;

/** What a screen reader hears when an upload ends, and what the list says under the file's name. */
export const uploadOutcome = (item: UploadItem, maxBytes: number): string => {
  const name = item.file.name;
  switch (item.state) {
    case 'filed':
      return item.stored && item.stored.name !== name
        ? `Uploaded ${name} as ${item.stored.name}: a different file of that name was already filed`
        : `Uploaded ${name}`;
    case 'duplicate':
      return `${name} was already filed: no copy made`;
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

/**
 * The files being added to a case: checked against the size limit before anything is sent, then uploaded
 * one at a time (so the service names same-named files in the order they were chosen), each with its
 * progress, and stoppable.
 */
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
  const [items, setItems] = useState<UploadItem[]>([]);
  const queue = useRef<UploadItem[]>([]);
  const running = useRef(false);
  const controllers = useRef(new Map<number, AbortController>());
  const nextKey = useRef(1);
  // The latest callbacks and limit, for the upload loop that outlives a render.
  const latest = useRef({ caseRef, maxBytes, onFiled, announce, onLimit });
  latest.current = { caseRef, maxBytes, onFiled, announce, onLimit };

  const update = useCallback((key: number, patch: Partial<UploadItem>) => {
    setItems((list) => list.map((i) => (i.key === key ? { ...i, ...patch } : i)));
  }, []);

  const pump = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    try {
      for (let item = queue.current.shift(); item; item = queue.current.shift()) {
        const { key, file } = item;
        const controller = new AbortController();
        controllers.current.set(key, controller);
        update(key, { state: 'uploading', loaded: 0, total: file.size, error: undefined });
        let done: UploadItem;
        try {
          const result = await api.uploadDocument(latest.current.caseRef, file, {
            signal: controller.signal,
            onProgress: (loaded, total) => update(key, { loaded, total }),
          });
          done = {
            ...item,
            state: result.created ? 'filed' : 'duplicate',
            stored: result.document,
            loaded: file.size,
          };
          latest.current.onFiled(result);
        } catch (error) {
          if (error instanceof ApiError && error.status === 413 && error.maxBytes !== undefined)
            latest.current.onLimit(error.maxBytes);
          done = isAborted(error) ? { ...item, state: 'stopped' } : { ...item, state: 'failed', error };
        } finally {
          controllers.current.delete(key);
        }
        update(key, done);
        latest.current.announce(uploadOutcome(done, latest.current.maxBytes));
      }
    } finally {
      running.current = false;
    }
  }, [api, update]);

  const enqueue = useCallback(
    (item: UploadItem) => {
      queue.current.push(item);
      void pump();
    },
    [pump],
  );

  /** Adds files: those over the limit are refused at once, the rest wait their turn. */
  const add = useCallback(
    (files: readonly File[]) => {
      if (files.length === 0) return;
      const added: UploadItem[] = files.map((file) => ({
        key: nextKey.current++,
        file,
        state: file.size > latest.current.maxBytes ? 'too-large' : 'waiting',
        loaded: 0,
        total: file.size,
      }));
      setItems((list) => [...list, ...added]);
      for (const item of added) {
        if (item.state === 'too-large') latest.current.announce(uploadOutcome(item, latest.current.maxBytes));
        else enqueue(item);
      }
      const waiting = added.filter((i) => i.state === 'waiting').length;
      if (waiting > 0) latest.current.announce(`Uploading ${waiting} file${waiting === 1 ? '' : 's'}`);
    },
    [enqueue],
  );

  const retry = useCallback(
    (key: number) => {
      const item = items.find((i) => i.key === key);
      if (!item) return;
      const again: UploadItem = { ...item, state: 'waiting', loaded: 0, error: undefined };
      update(key, again);
      enqueue(again);
    },
    [items, update, enqueue],
  );

  const stop = useCallback((key: number) => {
    const controller = controllers.current.get(key);
    if (controller) {
      controller.abort();
      return;
    }
    // Not started yet: take it out of the queue.
    const waiting = queue.current.findIndex((i) => i.key === key);
    if (waiting >= 0) {
      const [item] = queue.current.splice(waiting, 1);
      if (item) {
        setItems((list) => list.map((i) => (i.key === key ? { ...i, state: 'stopped' } : i)));
        latest.current.announce(uploadOutcome({ ...item, state: 'stopped' }, latest.current.maxBytes));
      }
    }
  }, []);

  const clearFinished = useCallback(
    () => setItems((list) => list.filter((i) => i.state === 'waiting' || i.state === 'uploading')),
    [],
  );

  // Leaving the case stops what is still being sent.
  useEffect(() => {
    const live = controllers.current;
    const waiting = queue.current;
    return () => {
      waiting.length = 0;
      for (const c of live.values()) c.abort();
    };
  }, []);

  return { items, add, retry, stop, clearFinished };
};
