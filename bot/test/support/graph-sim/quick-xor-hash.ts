/**
 * QuickXorHash, the content hash OneDrive for Business and SharePoint report in `file.hashes.quickXorHash`
 * (Microsoft's published C# reference, as ported by rclone). Each input byte is XORed into a 160-bit circular
 * register at bit `(index * 11) mod 160`; the 64-bit little-endian length is XORed into the last 8 bytes; the
 * 20 bytes are base64-encoded.
 *
 * Because `(index * 11) mod 160` only depends on `index mod 160`, bytes are first folded into 160 buckets and
 * placed in the register once at the end: linear in the input and fast enough for 100 MB test uploads.
 */
export class QuickXorHash {
  private static readonly WIDTH_BITS = 160;
  private static readonly SHIFT = 11;
  private readonly buckets = new Uint8Array(QuickXorHash.WIDTH_BITS);
  private length = 0;

  update(data: Uint8Array): this {
    const width = QuickXorHash.WIDTH_BITS;
    let bucket = this.length % width;
    for (let i = 0; i < data.length; i++) {
      this.buckets[bucket] = (this.buckets[bucket] ?? 0) ^ (data[i] ?? 0);
      bucket = bucket + 1 === width ? 0 : bucket + 1;
    }
    this.length += data.length;
    return this;
  }

  /** The 20-byte digest. Does not reset the hash. */
  digest(): Buffer {
    const width = QuickXorHash.WIDTH_BITS;
    const out = Buffer.alloc(width / 8);
    for (let i = 0; i < width; i++) {
      const value = this.buckets[i] ?? 0;
      if (value === 0) continue;
      const bit = (i * QuickXorHash.SHIFT) % width;
      const byteIndex = bit >> 3;
      const offset = bit & 7;
      out[byteIndex] = (out[byteIndex] ?? 0) ^ ((value << offset) & 0xff);
      if (offset > 0) {
        const next = (byteIndex + 1) % out.length;
        out[next] = (out[next] ?? 0) ^ (value >> (8 - offset));
      }
    }
    const lengthBytes = Buffer.alloc(8);
    lengthBytes.writeBigUInt64LE(BigInt(this.length));
    for (let i = 0; i < 8; i++) {
      const at = out.length - 8 + i;
      out[at] = (out[at] ?? 0) ^ (lengthBytes[i] ?? 0);
    }
    return out;
  }

  digestBase64(): string {
    return this.digest().toString('base64');
  }
}

/** QuickXorHash of a whole buffer, base64, as Graph reports it. */
export const quickXorHash = (data: Uint8Array): string => new QuickXorHash().update(data).digestBase64();
