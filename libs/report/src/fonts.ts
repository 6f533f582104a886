/**
 * The one font family of every output: DejaVu Sans from the npm package dejavu-fonts-ttf, shipped
 * with the project's dependencies — never the machine's fonts. Charts need it registered with
 * @napi-rs/canvas (or all their text is blank); the PDF embeds the same TTF files.
 */
import { dirname, join } from 'node:path';
import { GlobalFonts } from '@napi-rs/canvas';

export const FONT_FAMILY = 'DejaVu Sans';
export const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
export const FONT_FILES = {
  normal: join(FONT_DIR, 'DejaVuSans.ttf'),
  bold: join(FONT_DIR, 'DejaVuSans-Bold.ttf'),
  italics: join(FONT_DIR, 'DejaVuSans-Oblique.ttf'),
  bolditalics: join(FONT_DIR, 'DejaVuSans-BoldOblique.ttf'),
} as const;

let registered = false;
/** Registers the family with the canvas once per process; throws if a file is missing. */
export function registerChartFonts(): void {
  if (registered) return;
  for (const file of [FONT_FILES.normal, FONT_FILES.bold]) {
    if (!GlobalFonts.registerFromPath(file, FONT_FAMILY)) throw new Error(`could not register the chart font ${file}`);
  }
  registered = true;
}
