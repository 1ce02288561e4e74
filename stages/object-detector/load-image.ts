import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import ffmpeg from '@ffmpeg-installer/ffmpeg';
import { ImageInputError } from './errors.ts';

export interface RgbImage {
  rgb: Uint8Array;
  width: number;
  height: number;
}

/** Parse a binary PPM (P6, maxval 255) as ffmpeg's ppm encoder writes it. */
export function parsePpm(bytes: Buffer, source = 'ppm'): RgbImage {
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.toString('latin1', 0, Math.min(bytes.length, 64)));
  if (!header) throw new ImageInputError(source, 'not a binary PPM (P6)');
  const width = Number(header[1]);
  const height = Number(header[2]);
  if (Number(header[3]) !== 255) throw new ImageInputError(source, `PPM maxval ${header[3]}, expected 255`);
  const start = header[0].length;
  if (bytes.length - start < width * height * 3) throw new ImageInputError(source, `PPM holds ${bytes.length - start} bytes, ${width}×${height} needs ${width * height * 3}`);
  return { rgb: new Uint8Array(bytes.buffer, bytes.byteOffset + start, width * height * 3), width, height };
}

/**
 * Decode the first frame of any image ffmpeg reads into rgb24. PPM rather than bare
 * rawvideo because its header carries the size, so no ffprobe round trip is needed.
 */
export default async function loadImageRgb(path: string): Promise<RgbImage> {
  await access(path).catch((err: NodeJS.ErrnoException) => {
    throw new ImageInputError(path, `cannot read file (${err.code ?? String(err)})`);
  });
  const args = ['-hide_banner', '-loglevel', 'error', '-i', path, '-frames:v', '1', '-f', 'image2pipe', '-vcodec', 'ppm', '-pix_fmt', 'rgb24', 'pipe:1'];
  const bytes = await new Promise<Buffer>((resolve, reject) => {
    execFile(ffmpeg.path, args, { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new ImageInputError(path, `ffmpeg cannot decode it: ${stderr.toString().trim().split('\n').slice(-2).join(' ') || err.message}`));
      else resolve(stdout);
    });
  });
  return parsePpm(bytes, path);
}
