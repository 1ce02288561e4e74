import { join } from 'node:path';
import ffmpeg from '@ffmpeg-installer/ffmpeg';
import runTool from './run-tool.ts';

// Debian fonts-dejavu-core (see scripts/debian-packages.txt); drawtext needs a font file, not a name.
export const FONT_FILE = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface TestImage {
  path: string;
  width: number;
  height: number;
  /** Where the text ink is, measured from the decoded pixels (null for a blank image). */
  inkBox: Box | null;
}

export interface TextImageOptions {
  dir: string;
  text: string;
  width?: number;
  height?: number;
  fontSize?: number;
  name?: string;
}

/** Escape text for ffmpeg's filtergraph + drawtext option syntax. */
function drawtextEscape(text: string): string {
  return text.replace(/[\\:'%,;[\]=]/g, (c) => `\\${c}`);
}

/** Decode an image to rgb24 with ffmpeg and return the bounding box of dark pixels. */
async function inkBoxOf(path: string, width: number, height: number): Promise<Box | null> {
  const rgb = await runTool(ffmpeg.path, ['-hide_banner', '-loglevel', 'error', '-i', path, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1']);
  let x0 = width, y0 = height, x1 = -1, y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = 3 * (y * width + x);
      if (rgb[i]! + rgb[i + 1]! + rgb[i + 2]! < 3 * 128) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

async function render(path: string, width: number, height: number, filter: string | null): Promise<void> {
  const args = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `color=c=white:s=${width}x${height}`];
  if (filter) args.push('-vf', filter);
  args.push('-frames:v', '1', path);
  await runTool(ffmpeg.path, args);
}

/** A white PNG with black printed text centred on it (ffmpeg drawtext + DejaVu Sans Bold). */
export async function makeTextImage(opts: TextImageOptions): Promise<TestImage> {
  const { dir, text, width = 640, height = 360, fontSize = 64, name = 'text.png' } = opts;
  const path = join(dir, name);
  const filter = `drawtext=fontfile=${FONT_FILE}:text='${drawtextEscape(text)}':fontsize=${fontSize}:fontcolor=black:x=(w-text_w)/2:y=(h-text_h)/2`;
  await render(path, width, height, filter);
  return { path, width, height, inkBox: await inkBoxOf(path, width, height) };
}

/** A plain white PNG: nothing for a text detector to find. */
export async function makeBlankImage(opts: { dir: string; width?: number; height?: number }): Promise<TestImage> {
  const { dir, width = 640, height = 360 } = opts;
  const path = join(dir, 'blank.png');
  await render(path, width, height, null);
  return { path, width, height, inkBox: await inkBoxOf(path, width, height) };
}
