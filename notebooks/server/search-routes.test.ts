import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jpeg from 'jpeg-js';
import { FRAME_SIZE, startSearchPlatform, type SearchPlatform } from '../test/search-platform.ts';
import { serveReport, type ReportServer } from './serve.ts';

let platform: SearchPlatform;
let report: ReportServer;
let noPlatform: ReportServer;

beforeAll(async () => {
  platform = await startSearchPlatform();
  report = await serveReport({ paths: [platform.root], studyResults: platform.root, search: { env: platform.env, root: platform.root } }, { port: 0, host: '127.0.0.1' });
  noPlatform = await serveReport({ paths: [platform.root], studyResults: platform.root, search: { env: {}, root: platform.root } }, { port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await report?.close();
  await noPlatform?.close();
  await platform?.close();
});

const get = async (base: string, path: string) => {
  const res = await fetch(base + path);
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, type, body: type.startsWith('application/json') ? await res.json() : Buffer.from(await res.arrayBuffer()) };
};

describe('/api/search', () => {
  it('GET /api/search?q=…&request=… answers the search\'s hits, with the frame URI and box of on-screen ones', async () => {
    const r = await get(report.url, '/api/search?q=serverless&request=talk');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ format: 'fave.search-result/v1', phrase: 'serverless', skipped: [] });
    const hits = r.body.videos[0].hits;
    expect(hits.map((h: { kind: string; frame?: string }) => [h.kind, h.frame])).toEqual([['spoken', undefined], ['on-screen', 'frame-00000'], ['on-screen', 'frame-00002']]);
    expect(hits[1]).toMatchObject({ uri: 's3://fave/requests/talk/ffmpeg-3/clip-001/frame-00000.jpg', box: { x: 200, y: 150, w: 240, h: 60 } });
  });

  it('GET /api/search without request searches every video, with each one\'s note', async () => {
    const r = await get(report.url, '/api/search?q=no%20audio');
    expect(r.body.videos.map((v: { requestId: string; note: string | null }) => [v.requestId, v.note])).toEqual([
      ['broken', expect.stringMatching(/^the request failed at ffmpeg-0/)], ['silent', 'no audio track: on-screen text only'], ['talk', null],
    ]);
  });

  it('GET /api/search answers 400 without a phrase or with one without letters, 404 for an unknown request, 503 with no platform', async () => {
    expect(await get(report.url, '/api/search')).toMatchObject({ status: 400, body: { error: 'q: a phrase to search for is required' } });
    expect(await get(report.url, '/api/search?q=%3F!')).toMatchObject({ status: 400, body: { error: expect.stringContaining('has no letters or digits') } });
    expect(await get(report.url, '/api/search?q=x&request=nobody')).toMatchObject({ status: 404, body: { error: 'no request nobody in bucket fave' } });
    expect(await get(noPlatform.url, '/api/search?q=x')).toMatchObject({ status: 503, body: { error: expect.stringMatching(/^no platform running/) } });
  });
});

describe('/api/frame', () => {
  it('GET /api/frame?uri=<frame> answers the picture as image/jpeg', async () => {
    const r = await get(report.url, `/api/frame?uri=${encodeURIComponent('s3://fave/requests/talk/ffmpeg-3/clip-001/frame-00000.jpg')}`);
    expect(r).toMatchObject({ status: 200, type: 'image/jpeg' });
    expect(jpeg.decode(r.body as Buffer)).toMatchObject(FRAME_SIZE);
  });

  it('GET /api/frame serves frames only: another key or a path out of requests/ is 400, another bucket or a missing frame 404', async () => {
    const frame = (uri: string) => get(report.url, `/api/frame?uri=${encodeURIComponent(uri)}`);
    for (const uri of ['s3://fave/requests/talk/metadata/index.json', 's3://fave/requests/../inputs/v.mp4', 's3://fave/requests/a/b/ffmpeg-3/clip-001/frame-00000.jpg', 'file:///etc/passwd', '']) {
      expect((await frame(uri)).status, uri).toBe(400);
    }
    expect(await frame('s3://other/requests/talk/ffmpeg-3/clip-001/frame-00000.jpg')).toMatchObject({ status: 404, body: { error: "not in the platform's bucket fave: other" } });
    expect(await frame('s3://fave/requests/talk/ffmpeg-3/clip-001/frame-00009.jpg')).toMatchObject({ status: 404 });
  });
});
