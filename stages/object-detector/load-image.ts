import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import ffmpeg from '@ffmpeg-installer/ffmpeg';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { ImageInputError } from './errors.ts';

export interface RgbImage {
  rgb: Uint8Array;
  width: number;
  height: number;
  /** Who decoded it: in-process for JPEG, PNG and PPM, ffmpeg for anything else. */
  decoder: 'jpeg-js' | 'pngjs' | 'ppm' | 'ffmpeg';
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Refuse images past this many megapixels (a 1080p frame is 2.1): an oversized input, not a frame. */
export const MAX_MEGAPIXELS = 40;

/** Parse a binary PPM (P6, maxval 255) as ffmpeg's ppm encoder writes it. */
export function parsePpm(bytes: Buffer, source = 'ppm'): Omit<RgbImage, 'decoder'> {
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.toString('latin1', 0, Math.min(bytes.length, 64)));
  if (!header) throw new ImageInputError(source, 'not a binary PPM (P6)');
  const width = Number(header[1]);
  const height = Number(header[2]);
  if (Number(header[3]) !== 255) throw new ImageInputError(source, `PPM maxval ${header[3]}, expected 255`);
  const start = header[0].length;
  if (bytes.length - start < width * height * 3) throw new ImageInputError(source, `PPM holds ${bytes.length - start} bytes, ${width}×${height} needs ${width * height * 3}`);
  return { rgb: new Uint8Array(bytes.buffer, bytes.byteOffset + start, width * height * 3), width, height };
}

function decodeJpeg(bytes: Buffer, source: string): RgbImage {
  try {
    // Grayscale and CMYK JPEGs come out as RGB too; the limits stop a decompression bomb.
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: MAX_MEGAPIXELS, maxMemoryUsageInMB: 1024 });
    return { rgb: img.data, width: img.width, height: img.height, decoder: 'jpeg-js' };
  } catch (err) {
    throw new ImageInputError(source, `not a decodable JPEG: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function decodePng(bytes: Buffer, source: string): RgbImage {
  let png: { width: number; height: number; data: Buffer };
  try {
    png = PNG.sync.read(bytes); // any PNG becomes 8-bit RGBA
  } catch (err) {
    throw new ImageInputError(source, `not a decodable PNG: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (png.width * png.height > MAX_MEGAPIXELS * 1e6) throw new ImageInputError(source, `${png.width}×${png.height} is over ${MAX_MEGAPIXELS} megapixels`);
  // Alpha is dropped, not composited: what cv2.imread(IMREAD_COLOR) and ffmpeg's rgb24 do.
  const rgb = new Uint8Array(png.width * png.height * 3);
  for (let i = 0, j = 0; j < rgb.length; i += 4, j += 3) {
    rgb[j] = png.data[i]!;
    rgb[j + 1] = png.data[i + 1]!;
    rgb[j + 2] = png.data[i + 2]!;
  }
  return { rgb, width: png.width, height: png.height, decoder: 'pngjs' };
}

/** Any other format ffmpeg reads, through PPM (its header carries the size, so no ffprobe). */
async function decodeWithFfmpeg(path: string): Promise<RgbImage> {
  const args = ['-hide_banner', '-loglevel', 'error', '-i', path, '-frames:v', '1', '-f', 'image2pipe', '-vcodec', 'ppm', '-pix_fmt', 'rgb24', 'pipe:1'];
  const bytes = await new Promise<Buffer>((resolve, reject) => {
    execFile(ffmpeg.path, args, { encoding: 'buffer', maxBuffer: MAX_MEGAPIXELS * 3e6 + 64 }, (err, stdout, stderr) => {
      if (err) reject(new ImageInputError(path, `ffmpeg cannot decode it: ${stderr.toString().trim().split('\n').slice(-2).join(' ') || err.message}`));
      else resolve(stdout);
    });
  });
  return { ...parsePpm(bytes, path), decoder: 'ffmpeg' };
}

/**
 * Decode the first frame of an image into rgb24. JPEG (ffmpeg-3's default), PNG and PPM
 * are decoded in this process on purpose: spawning a child (ffmpeg) write-protects every
 * page of this process for copy-on-write, and onnxruntime then takes a page fault on each
 * page of its arena it writes during the next inference. Measured on this 2-core VM: 42 ms
 * per inference without a spawn between calls, 240 ms with one.
 */
export default async function loadImageRgb(path: string): Promise<RgbImage> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new ImageInputError(path, `cannot read file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return decodeJpeg(bytes, path);
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return decodePng(bytes, path);
  if (bytes.subarray(0, 2).toString('latin1') === 'P6') return { ...parsePpm(bytes, path), decoder: 'ppm' };
  return decodeWithFfmpeg(path);
}
