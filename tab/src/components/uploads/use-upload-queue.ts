import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, type UploadOptions } from '../../api/client';

export type UploadState = 'waiting' | 'uploading' | 'done' | 'too-large' | 'failed' | 'stopped';

export interface UploadItem<R> {
  key: number;
  file: File;
  state: UploadState;
  /** Bytes sent so far, and of how many. */
  loaded: number;
  total: number;
  /** What the service answered, once `done`. */
  result?: R;
  error?: unknown;
}

export const percent = (item: Pick<UploadItem<unknown>, 'loaded' | 'total'>): number =>
  item.total > 0 ? Math.min(100, Math.round((item.loaded / item.total) * 100)) : 0;

export const isAborted = (error: unknown): boolean => error instanceof ApiError && error.code === 'aborted';

/**
 * Files being sent to the service: checked against the size limit before anything is sent, then uploaded one
 * at a time in the order chosen (so the service sees same-named files in that order), each with its progress,
 * and stoppable. What each upload means is the caller's: `send` sends one file, `describe` says a finished
 * (or refused) item in a sentence for the live region.
 */
export const useUploadQueue = <R>({
  maxBytes,
  send,
  describe,
  announce,
  onDone,
  onLimit,
}: {
  maxBytes: number;
  send: (file: File, options: UploadOptions) => Promise<R>;
  describe: (item: UploadItem<R>) => string;
  /** Says a sentence in the page's live region. */
  announce: (text: string) => void;
  /** After each file the service answered. */
  onDone?: (result: R, file: File) => void;
  /** The service said its own limit (a 413 with `maxBytes`). */
  onLimit?: (maxBytes: number) => void;
}) => {
  const [items, setItems] = useState<UploadItem<R>[]>([]);
  const queue = useRef<UploadItem<R>[]>([]);
  const running = useRef(false);
  const controllers = useRef(new Map<number, AbortController>());
  const nextKey = useRef(1);
  // The latest callbacks and limit, for the upload loop that outlives a render.
  const latest = useRef({ maxBytes, send, describe, announce, onDone, onLimit });
  latest.current = { maxBytes, send, describe, announce, onDone, onLimit };

  const update = useCallback((key: number, patch: Partial<UploadItem<R>>) => {
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
        let done: UploadItem<R>;
        try {
          const result = await latest.current.send(file, {
            signal: controller.signal,
            onProgress: (loaded, total) => update(key, { loaded, total }),
          });
          done = { ...item, state: 'done', result, loaded: file.size };
          latest.current.onDone?.(result, file);
        } catch (error) {
          if (error instanceof ApiError && error.status === 413 && error.maxBytes !== undefined)
            latest.current.onLimit?.(error.maxBytes);
          done = isAborted(error) ? { ...item, state: 'stopped' } : { ...item, state: 'failed', error };
        } finally {
          controllers.current.delete(key);
        }
        update(key, done);
        latest.current.announce(latest.current.describe(done));
      }
    } finally {
      running.current = false;
    }
  }, [update]);

  const enqueue = useCallback(
    (item: UploadItem<R>) => {
      queue.current.push(item);
      void pump();
    },
    [pump],
  );

  /** Adds files: those over the limit are refused at once, the rest wait their turn. */
  const add = useCallback(
    (files: readonly File[]) => {
      if (files.length === 0) return;
      const added: UploadItem<R>[] = files.map((file) => ({
        key: nextKey.current++,
        file,
        state: file.size > latest.current.maxBytes ? 'too-large' : 'waiting',
        loaded: 0,
        total: file.size,
      }));
      setItems((list) => [...list, ...added]);
      for (const item of added) {
        if (item.state === 'too-large') latest.current.announce(latest.current.describe(item));
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
      const again: UploadItem<R> = { ...item, state: 'waiting', loaded: 0, error: undefined };
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
        latest.current.announce(latest.current.describe({ ...item, state: 'stopped' }));
      }
    }
  }, []);

  const clearFinished = useCallback(
    () => setItems((list) => list.filter((i) => i.state === 'waiting' || i.state === 'uploading')),
    [],
  );

  // Leaving the page stops what is still being sent.
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
