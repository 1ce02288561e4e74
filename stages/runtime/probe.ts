import { stat } from 'node:fs/promises';
import ffprobeInstaller from '@ffprobe-installer/ffprobe';
import { runBinary } from './run-binary.ts';
import { StageError } from './errors.ts';

/** A static binary shipped inside npm, so stages need no system ffprobe (ffmpeg: ffmpeg.ts). */
export const FFPROBE_PATH: string = ffprobeInstaller.path;

export interface VideoStreamInfo {
  codec: string;
  width: number;
  height: number;
  fps: number;
}

export interface AudioStreamInfo {
  codec: string;
  sampleRate: number;
  channels: number;
}

export interface MediaInfo {
  durationSeconds: number;
  sizeBytes: number;
  formatName: string;
  video: VideoStreamInfo | null;
  audio: AudioStreamInfo | null;
}

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  sample_rate?: string;
  channels?: number;
  duration?: string;
}

interface ProbeOutput {
  format?: { duration?: string; format_name?: string };
  streams?: ProbeStream[];
}

function rate(text: string | undefined): number {
  const [num, den] = (text ?? '0/1').split('/').map(Number);
  return den ? num! / den : 0;
}

/** Pure: ffprobe's JSON → MediaInfo, or corrupt-media when there is no usable stream. */
export function readProbeOutput(json: string, sizeBytes: number, label: string): MediaInfo {
  let parsed: ProbeOutput;
  try {
    parsed = JSON.parse(json) as ProbeOutput;
  } catch {
    throw new StageError('corrupt-media', `${label}: ffprobe output is not JSON`);
  }
  const streams = parsed.streams ?? [];
  const v = streams.find((s) => s.codec_type === 'video');
  const a = streams.find((s) => s.codec_type === 'audio');
  if (!v && !a) throw new StageError('corrupt-media', `${label} has no audio or video stream`);
  const duration = Number(parsed.format?.duration ?? v?.duration ?? a?.duration ?? NaN);
  if (!Number.isFinite(duration) || duration <= 0) {
    throw new StageError('corrupt-media', `${label} has no positive duration (got ${parsed.format?.duration})`);
  }
  return {
    durationSeconds: duration,
    sizeBytes,
    formatName: parsed.format?.format_name ?? 'unknown',
    video: v ? { codec: v.codec_name ?? 'unknown', width: v.width ?? 0, height: v.height ?? 0, fps: rate(v.avg_frame_rate) || rate(v.r_frame_rate) } : null,
    audio: a ? { codec: a.codec_name ?? 'unknown', sampleRate: Number(a.sample_rate ?? 0), channels: a.channels ?? 0 } : null,
  };
}

/**
 * Probes a local file. Empty files and anything ffprobe cannot parse are corrupt-media
 * (the caller's fault), distinct from an ffprobe timeout.
 */
export async function probeMedia(path: string, options: { timeoutMs: number }): Promise<MediaInfo> {
  const label = path.split('/').pop() ?? path;
  const { size } = await stat(path);
  if (size === 0) throw new StageError('corrupt-media', `${label} is empty (0 bytes)`);
  let stdout: string;
  try {
    ({ stdout } = await runBinary(
      FFPROBE_PATH,
      ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path],
      options,
    ));
  } catch (err) {
    if (err instanceof StageError && err.stageCause === 'internal') {
      throw new StageError('corrupt-media', `${label} is not readable media: ${err.message}`, { cause: err });
    }
    throw err;
  }
  return readProbeOutput(stdout, size, label);
}

export interface ImageInfo {
  codec: string;
  width: number;
  height: number;
}

/** Probes a still image (no duration to check): codec and size, or corrupt-media. */
export async function probeImage(path: string, options: { timeoutMs: number }): Promise<ImageInfo> {
  const label = path.split('/').pop() ?? path;
  const { size } = await stat(path);
  if (size === 0) throw new StageError('corrupt-media', `${label} is empty (0 bytes)`);
  let stdout: string;
  try {
    ({ stdout } = await runBinary(FFPROBE_PATH, ['-v', 'error', '-print_format', 'json', '-show_streams', path], options));
  } catch (err) {
    if (err instanceof StageError && err.stageCause === 'internal') {
      throw new StageError('corrupt-media', `${label} is not a readable image: ${err.message}`, { cause: err });
    }
    throw err;
  }
  const stream = ((JSON.parse(stdout) as ProbeOutput).streams ?? []).find((s) => s.codec_type === 'video');
  if (!stream?.width || !stream.height) throw new StageError('corrupt-media', `${label} has no image stream`);
  return { codec: stream.codec_name ?? 'unknown', width: stream.width, height: stream.height };
}
