import type { ScanTools } from '../../app/scan-tools';
import { coverSheetPdf, findCoverSheet } from './cover-sheets';
import { downscale, inkRatio, rotate, toPng } from './raster';
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
  png: toPng,
  searchablePdf: buildSearchablePdf,
  coverSheetPdf,
};
