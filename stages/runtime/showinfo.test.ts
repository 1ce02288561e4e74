import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseShowinfo } from './showinfo.ts';

const line = (n: number, pts: number, time: string) =>
  `[Parsed_showinfo_2 @ 0x96df000] n: ${String(n).padStart(3)} pts: ${String(pts).padStart(6)} pts_time:${time}  pos:    50184 fmt:yuv420p sar:1/1 s:640x360 i:P iskey:0 type:P checksum:DCE8C512`;

describe('parseShowinfo', () => {
  it('parseShowinfo reads n and pts_time from the frame lines of a real log and skips the rest', () => {
    const log = [
      'Input #0, mov,mp4,m4a,3gp,3g2,mj2, from \'clip.mp4\':',
      '[Parsed_showinfo_2 @ 0x96df000] config in time_base: 1/10240, frame_rate: 10/1',
      line(0, 655, '0.0639648'),
      '[Parsed_showinfo_2 @ 0x96df000] color_range:unknown color_space:unknown',
      line(1, 10895, '1.06396'),
      'frame=   30 fps=0.0 q=-0.0 Lsize=N/A time=00:00:03.00',
    ].join('\n');
    expect(parseShowinfo(log)).toEqual([{ n: 0, ptsTime: 0.0639648 }, { n: 1, ptsTime: 1.06396 }]);
  });

  it('parseShowinfo returns nothing for a log without showinfo lines', () => {
    expect(parseShowinfo('ffmpeg version N-47683\n[h264 @ 0x1] error while decoding MB 3 4\n')).toEqual([]);
  });

  it('parseShowinfo never throws and only returns finite times and whole counts, whatever the log', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom(line(3, 1, 'nan'), line(4, 2, '1e400'), line(5, 3, '2.5')))), (lines) => {
      const frames = parseShowinfo(lines.join('\n'));
      for (const f of frames) {
        expect(Number.isFinite(f.ptsTime)).toBe(true);
        expect(Number.isSafeInteger(f.n)).toBe(true);
      }
      expect(frames.filter((f) => f.n === 5)).toHaveLength(lines.filter((l) => l === line(5, 3, '2.5')).length);
    }));
  });

  it('parseShowinfo reads every frame line it is given, for any count and time', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(1e6), fc.double({ min: 0, max: 1e5, noNaN: true }))), (rows) => {
      const log = rows.map(([n, t]) => line(n, 0, String(t))).join('\n');
      expect(parseShowinfo(log)).toEqual(rows.map(([n, t]) => ({ n, ptsTime: Number(String(t)) })));
    }));
  });
});
