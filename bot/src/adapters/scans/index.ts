import { PNG } from 'pngjs';
import type { ScanTools } from '../../app/scan-tools';
import { coverSheetPdf, findCoverSheet } from './cover-sheets';
import { downscale, inkRatio, rotate } from './raster';
import { openScan } from './scan-reader';
import { buildSearchablePdf } from './searchable-pdf';
import { readZip } from './zip-reader';

/** The scan tools on pure-JavaScript libraries: nothing native to install. */
export const scanTools: ScanTools = {
  open: openScan,
  unzip: readZip,
  findCoverSheet,
  inkRatio,
  rotate,
  downscale,
  png: (image) => {
    const png = new PNG({
      width: image.width,
      height: image.height,
      colorType: 0,
      inputColorType: 0,
      inputHasAlpha: false,
    });
    png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length);
    return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
  },
  searchablePdf: buildSearchablePdf,
  coverSheetPdf,
};
