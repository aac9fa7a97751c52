import { Readable } from 'node:stream';
import type { ContentSource } from './document-store';

/**
 * A named point where the service can be made to stop, for the crash tests only (`INGEST_TEST_HOLD`, refused
 * in Microsoft 365 mode): the process is then killed there, deterministically, instead of at whatever point a
 * timer happened to land.
 *
 * - `filing-upload`: a searchable PDF on its way to the document store sends its first half, calls `reached`
 *   (which says so in the log), and sends nothing more: the store is left mid-upload.
 */

/** Content that delivers its first half and then stalls for ever, calling `reached` once it has stalled. */
export const stallHalfWay = (content: ContentSource, reached: () => void): ContentSource => {
  const half = Math.floor(content.size / 2);
  const stall = (): Promise<never> => {
    reached();
    return new Promise<never>(() => undefined);
  };
  return {
    size: content.size,
    sha256: content.sha256,
    slice: (start, end) => (end <= half ? content.slice(start, end) : stall()),
    stream: () =>
      Readable.from(
        (async function* () {
          yield await content.slice(0, half);
          await stall();
        })(),
      ),
  };
};
