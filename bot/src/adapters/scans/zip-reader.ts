import { inflateRawSync } from 'node:zlib';
import { refuse, zipEntryName, type ScanLimits } from '../../domain/ingest/scan-files';

/**
 * Reads a ZIP's entries from its central directory, inflating each with a hard limit on its output, so a
 * ZIP bomb is refused however its headers lie about sizes. Only stored and deflated entries, unencrypted.
 */
export interface ZipEntry {
  name: string;
  bytes: Buffer;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export const readZip = (zip: Buffer, limits: ScanLimits): ZipEntry[] => {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--)
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  if (eocd < 0) refuse('corrupt', 'The ZIP is damaged: its directory is missing.');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  if (count > limits.maxZipEntries)
    refuse('zip-bomb', `The ZIP holds ${count} entries; at most ${limits.maxZipEntries} are accepted.`);
  const entries: ZipEntry[] = [];
  let inflatedTotal = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL)
      refuse('corrupt', 'The ZIP is damaged: its directory is cut short.');
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localAt = zip.readUInt32LE(at + 42);
    const rawName = zip.subarray(at + 46, at + 46 + nameLength).toString(flags & 0x800 ? 'utf8' : 'latin1');
    at += 46 + nameLength + extraLength + commentLength;
    const name = zipEntryName(rawName);
    if (name === null) continue;
    if (flags & 0x1) refuse('encrypted', `The ZIP entry ${name} is encrypted.`);
    if (localAt + 30 > zip.length || zip.readUInt32LE(localAt) !== LOCAL)
      refuse('corrupt', 'The ZIP is damaged: an entry is missing.');
    const dataAt = localAt + 30 + zip.readUInt16LE(localAt + 26) + zip.readUInt16LE(localAt + 28);
    const data = zip.subarray(dataAt, dataAt + compressed);
    if (data.length < compressed) refuse('corrupt', `The ZIP is damaged: ${name} is cut short.`);
    const room = Math.min(limits.maxFileBytes, limits.maxZipInflatedBytes - inflatedTotal);
    let bytes: Buffer;
    if (method === 0) bytes = Buffer.from(data);
    else if (method === 8) {
      try {
        bytes = inflateRawSync(data, { maxOutputLength: Math.max(1, room) });
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
          refuse('zip-bomb', `The ZIP entry ${name} inflates beyond the limit: refused as a ZIP bomb.`);
        refuse('corrupt', `The ZIP entry ${name} is damaged.`);
        throw error;
      }
    } else refuse('unsupported-type', `The ZIP entry ${name} uses a compression this service cannot read.`);
    bytes = bytes!;
    if (bytes.length > room)
      refuse('zip-bomb', `The ZIP entry ${name} inflates beyond the limit: refused as a ZIP bomb.`);
    inflatedTotal += bytes.length;
    entries.push({ name, bytes });
  }
  return entries;
};
