import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { GreyImage } from '../../app/ocr-engine';

/**
 * JPEG to grey pixels with libjpeg-turbo compiled to WebAssembly (the `@cwasm/jpeg-turbo` package's module),
 * through TurboJPEG's own API: `tjDecompress2` decodes straight to 8-bit grey (for a colour scan only the
 * luminance is reconstructed) and, given a smaller size, picks libjpeg's scaled decode (1/2, 1/4, 1/8), which
 * skips most of the inverse DCT. A 300 dpi A4 page decodes in about 20-55 ms in full and 10-35 ms at a quarter,
 * against 850-900 ms with a JavaScript decoder. The package's own wrapper only decodes at full size to RGBA,
 * so this module instantiates the same `.wasm` itself.
 *
 * libjpeg reports a damaged file by `longjmp`, which the module has as a throwing stub: the throw unwinds out
 * of WebAssembly without restoring its stack, so after any failure the instance is thrown away and the next
 * call gets a fresh one (compiling is done once).
 */

const TJPF_GRAY = 6;

/** A compiled WebAssembly module. */
type WasmModule = object;

/**
 * The part of the WebAssembly JavaScript API used here. Node has it as a global, but TypeScript declares it
 * only in its DOM and web-worker libraries, which the service is not built with (`bot/tsconfig.build.json`:
 * ES2023 and Node's types), so `npm run build` needs it said here.
 */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (
    module: WasmModule,
    imports: Record<string, Record<string, (...args: never[]) => unknown>>,
  ) => { exports: unknown };
};

interface TurboJpeg {
  memory: { buffer: ArrayBuffer };
  malloc(size: number): number;
  free(pointer: number): void;
  tjInitDecompress(): number;
  tjDestroy(handle: number): number;
  tjDecompressHeader3(
    handle: number,
    src: number,
    size: number,
    width: number,
    height: number,
    subsamp: number,
    colorspace: number,
  ): number;
  tjDecompress2(
    handle: number,
    src: number,
    size: number,
    dst: number,
    width: number,
    pitch: number,
    height: number,
    pixelFormat: number,
    flags: number,
  ): number;
}

export class JpegDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JpegDecodeError';
  }
}

let compiled: WasmModule | undefined;
let current: TurboJpeg | undefined;

const fail = (): never => {
  throw new JpegDecodeError('libjpeg-turbo stopped on a damaged file');
};

const instance = (): TurboJpeg => {
  if (current) return current;
  compiled ??= new WebAssembly.Module(
    readFileSync(join(dirname(require.resolve('@cwasm/jpeg-turbo/package.json')), 'jpeg-turbo.wasm')),
  );
  // The module is built for WASI but decoding from memory calls none of these; libjpeg's warnings would write
  // to stderr through fd_write, which is quietly accepted.
  const wasi = {
    environ_sizes_get: () => 0,
    environ_get: () => 0,
    proc_exit: fail,
    fd_close: () => 0,
    fd_seek: () => 0,
    fd_write: () => 0,
  };
  const created = new WebAssembly.Instance(compiled, {
    env: { setjmp: () => 0, longjmp: fail },
    wasi_snapshot_preview1: wasi,
  });
  current = created.exports as TurboJpeg;
  return current;
};

/**
 * Decodes a JPEG to grey. With `maxSide`, libjpeg scales while decoding so that neither side exceeds it (or
 * as near as 1/8 allows); the result's size says what it chose.
 * @throws JpegDecodeError when the file cannot be decoded.
 */
export const decodeJpegGrey = (bytes: Uint8Array, maxSide?: number): GreyImage => {
  const tj = instance();
  const src = tj.malloc(bytes.byteLength);
  const meta = tj.malloc(16);
  const handle = tj.tjInitDecompress();
  let dst = 0;
  let ok = false;
  try {
    if (src === 0 || meta === 0 || handle === 0) throw new JpegDecodeError('out of memory');
    new Uint8Array(tj.memory.buffer, src, bytes.byteLength).set(bytes);
    if (tj.tjDecompressHeader3(handle, src, bytes.byteLength, meta, meta + 4, meta + 8, meta + 12) !== 0)
      throw new JpegDecodeError('no JPEG header');
    const [fullWidth = 0, fullHeight = 0] = new Int32Array(tj.memory.buffer, meta, 2);
    // libjpeg scales by n/8; ask for the largest size within maxSide and let TurboJPEG pick the factor.
    let eighths = 8;
    if (maxSide !== undefined)
      while (eighths > 1 && Math.max(fullWidth, fullHeight) * (eighths / 8) > maxSide) eighths /= 2;
    const width = Math.ceil((fullWidth * eighths) / 8);
    const height = Math.ceil((fullHeight * eighths) / 8);
    dst = tj.malloc(width * height);
    if (dst === 0) throw new JpegDecodeError('out of memory');
    if (tj.tjDecompress2(handle, src, bytes.byteLength, dst, width, width, height, TJPF_GRAY, 0) !== 0)
      throw new JpegDecodeError('the JPEG data is damaged');
    const data = new Uint8Array(width * height);
    data.set(new Uint8Array(tj.memory.buffer, dst, width * height));
    ok = true;
    return { width, height, data };
  } catch (error) {
    if (error instanceof JpegDecodeError) throw error;
    throw new JpegDecodeError('the JPEG could not be decoded');
  } finally {
    if (ok) {
      tj.free(dst);
      tj.free(meta);
      tj.free(src);
      tj.tjDestroy(handle);
    } else {
      // After a failure the instance's stack may be left unwound: start a fresh one next time.
      current = undefined;
    }
  }
};
