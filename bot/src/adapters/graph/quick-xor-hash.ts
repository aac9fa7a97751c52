/**
 * QuickXorHash: the content hash SharePoint and OneDrive for Business report as `file.hashes.quickXorHash`
 * (https://learn.microsoft.com/onedrive/developer/code-snippets/quickxorhash). GraphDocumentStore compares it
 * with existing files to decide, before uploading anything, whether the same content is already in a folder.
 *
 * The documented algorithm keeps a 160-bit register. The byte at index `i` of the input is XORed into the
 * register starting at bit `(i × 11) mod 160`, wrapping round from the top bit to bit 0 (the register is
 * little-endian: bit `k` is bit `k mod 8` of byte `k / 8`). At the end the input length, as a 64-bit
 * little-endian integer, is XORed into the register's last 8 bytes, and the 20 bytes are base64-encoded.
 *
 * Since the starting bit depends only on `i mod 160`, the bytes are first XORed together per `i mod 160`
 * ("lanes") and each lane is shifted into the register once at the end: linear time, no big integers.
 */

const WIDTH_BITS = 160;
const SHIFT = 11;
const WIDTH_BYTES = WIDTH_BITS / 8;

export class QuickXorHash {
  private readonly lanes = new Uint8Array(WIDTH_BITS);
  private length = 0;

  /** Adds bytes; may be called any number of times with consecutive pieces of the content. */
  update(data: Uint8Array): this {
    const lanes = this.lanes;
    let lane = this.length % WIDTH_BITS;
    for (let i = 0; i < data.length; i += 1) {
      lanes[lane] = (lanes[lane] as number) ^ (data[i] as number);
      lane += 1;
      if (lane === WIDTH_BITS) lane = 0;
    }
    this.length += data.length;
    return this;
  }

  /** The 20-byte hash of everything added so far (does not reset). */
  digest(): Buffer {
    const register = Buffer.alloc(WIDTH_BYTES);
    for (let lane = 0; lane < WIDTH_BITS; lane += 1) {
      const value = this.lanes[lane] as number;
      if (value === 0) continue;
      const bit = (lane * SHIFT) % WIDTH_BITS;
      // Eight bits from `bit` upwards, wrapping from bit 159 to bit 0.
      for (let b = 0; b < 8; b += 1) {
        if (((value >> b) & 1) === 0) continue;
        const at = (bit + b) % WIDTH_BITS;
        register[at >> 3] = (register[at >> 3] as number) ^ (1 << (at & 7));
      }
    }
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(BigInt(this.length));
    for (let i = 0; i < 8; i += 1) {
      const at = WIDTH_BYTES - 8 + i;
      register[at] = (register[at] as number) ^ (length[i] as number);
    }
    return register;
  }

  /** The hash as Graph reports it: base64 of the 20 bytes. */
  digestBase64(): string {
    return this.digest().toString('base64');
  }
}

/** QuickXorHash of a whole buffer, base64. */
export const quickXorHash = (data: Uint8Array): string => new QuickXorHash().update(data).digestBase64();
