/** The seven functions the orchestrator calls, in pipeline order. */
export const STAGE_NAMES = ['ffmpeg-0', 'librosa', 'ffmpeg-1', 'ffmpeg-2', 'deepspeech', 'ffmpeg-3', 'object-detector'] as const;

export interface PipelineAnswer {
  status: number;
  /** Client-side time of the whole call through the gateway. */
  wallMs: number;
  body: Record<string, unknown>;
}

/** Runs one request through `POST <gateway>/function/orchestrator`. */
export async function callPipeline(gatewayUrl: string, body: object): Promise<PipelineAnswer> {
  const started = performance.now();
  const res = await fetch(`${gatewayUrl}/function/orchestrator`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  const text = await res.text();
  const wallMs = performance.now() - started;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = { raw: text.slice(0, 500) };
  }
  return { status: res.status, wallMs, body: parsed as Record<string, unknown> };
}
