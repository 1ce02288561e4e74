#!/usr/bin/env bash
# Peak resident memory (ffmpeg -benchmark maxrss) of the ffmpeg commands the original FAVE's
# stages run per call (docs/original-fave.md, "What each stage does per call"), on an input
# like its sample.mp4: 10 s of 320x176 H.264 at 25 fps with two AAC tracks. Uses the ffmpeg
# that npm ships here (@ffmpeg-installer), not the original's Debian ffmpeg, so the figures
# are this build's. x264 picks 1.5 threads per core: -threads 12 stands in for the
# original's 8-core node, the default for this machine's. Prints one line per command.
# Usage: bash calibrate/import/measure/ffmpeg-rss.sh [work dir]
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
ff=$(cd "$root" && node -e 'console.log(require("@ffmpeg-installer/ffmpeg").path)')
dir=${1:-$(mktemp -d)}
mkdir -p "$dir" && cd "$dir"
rss() { # label, ffmpeg args...
  local label=$1; shift
  local out
  out=$("$ff" -hide_banner -nostdin -y -benchmark "$@" 2>&1 || true)
  echo "$label: $(grep -o 'maxrss=[0-9]*kB' <<<"$out" | tail -1)"
}
"$ff" -hide_banner -loglevel error -y -f lavfi -i testsrc2=s=320x176:r=25:d=10 -f lavfi -i sine=f=440:d=10 -f lavfi -i sine=f=660:d=10 \
  -map 0 -map 1 -map 2 -c:v libx264 -b:v 500k -c:a aac -shortest sample.mp4
rss 'ffmpeg-0 audio extract (two tracks: refused)' -i sample.mp4 -map '0:a?' audio.wav
rss 'ffmpeg-0 1-s silent placeholder' -f lavfi -i anullsrc=r=16000:cl=mono -t 1 audio.wav
rss 'ffmpeg-1 stream-copy cut 0-1 s' -ss 0 -to 1 -i sample.mp4 -c copy clip.mp4
rss 'ffmpeg-2 audio extract' -i clip.mp4 -map '0:a?' raw.wav
rss 'ffmpeg-2 resample 16 kHz mono' -i raw.wav -vn -ar 16000 -ac 1 clip.wav
rss 'ffmpeg-2 libx264 CRF 30 (default threads here)' -i clip.mp4 -vcodec libx264 -crf 30 clip_compressed.mp4
rss 'ffmpeg-2 libx264 CRF 30 (-threads 12, 8 cores)' -i clip.mp4 -vcodec libx264 -crf 30 -threads 12 clip_compressed.mp4
rss 'ffmpeg-3 1 fps JPEG frames' -i clip_compressed.mp4 -vf fps=1 frame-%04d.jpg
ls -l sample.mp4 clip.mp4 clip_compressed.mp4 | awk '{print $5, $9}'
