// The search page's API: /api/search runs live/search over the platform's indexes, and
// /api/frame serves one sampled frame picture for it. Both read S3 through the stages'
// client, on the platform `live up` recorded or S3_ENDPOINT (live/search/locate.ts), looked
// up per request so a platform started after the viewer is found. /api/frame serves only
// frames (requests/<id>/ffmpeg-3/clip-NNN/frame-NNNNN.jpg|png) of that bucket: the URI a page
// sends names a picture to read, never anything else.
import type { S3Client } from '@aws-sdk/client-s3';
import express, { type Request, type Response } from 'express';
import { S3ObjectStore } from '../../stages/runtime/object-store.ts';
import { createS3Client } from '../../stages/runtime/s3-store.ts';
import type { Env } from '../../stages/runtime/config.ts';
import { EmptyPhraseError } from '../../live/search/find.ts';
import { IndexFormatError, NoIndexYetError, NoSuchRequestError } from '../../live/search/index-file.ts';
import { NoPlatformError, searchEnv } from '../../live/search/locate.ts';
import { searchBucket } from '../../live/search/search-bucket.ts';

export interface SearchSource {
  env: Env;
  /** Where .fave/platform.json is looked for. */
  root: string;
}

const FRAME_KEY = /^requests\/[A-Za-z0-9._-]{1,128}\/ffmpeg-3\/clip-\d{3,}\/frame-\d{5,}\.(jpg|png)$/;
const TYPES = { jpg: 'image/jpeg', png: 'image/png' } as const;

function statusOf(error: unknown): number {
  if (error instanceof EmptyPhraseError) return 400;
  if (error instanceof NoSuchRequestError) return 404;
  if (error instanceof NoIndexYetError || error instanceof IndexFormatError) return 422;
  if (error instanceof NoPlatformError) return 503;
  return 502;
}

/** Runs `use` with a client for this request; an error is answered as JSON with its status. */
async function withS3(source: SearchSource, res: Response, use: (store: S3ObjectStore, client: S3Client) => Promise<void>): Promise<void> {
  let s3;
  try {
    s3 = createS3Client(searchEnv(source.env, source.root));
    await use(new S3ObjectStore(s3.client, s3.bucket), s3.client);
  } catch (error) {
    res.status(statusOf(error)).json({ error: (error as Error).message });
  } finally {
    s3?.client.destroy();
  }
}

const one = (req: Request, name: string): string | undefined => {
  const v = req.query[name];
  return typeof v === 'string' ? v : undefined;
};

export function searchRoutes(source: SearchSource): express.Router {
  const router = express.Router();
  router.get('/api/search', async (req, res) => {
    const q = one(req, 'q');
    const request = one(req, 'request');
    if (q === undefined || q.trim() === '') return void res.status(400).json({ error: 'q: a phrase to search for is required' });
    await withS3(source, res, async (store, client) => {
      const result = await searchBucket(store, client, q, request ? { request } : { all: true });
      res.json({ format: 'fave.search-result/v1', ...result });
    });
  });
  router.get('/api/frame', async (req, res) => {
    const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(one(req, 'uri') ?? '');
    const key = m?.[2] ?? '';
    if (!m || !FRAME_KEY.test(key)) return void res.status(400).json({ error: 'uri: expected s3://<bucket>/requests/<id>/ffmpeg-3/clip-NNN/frame-NNNNN.jpg or .png' });
    await withS3(source, res, async (store) => {
      if (m[1] !== store.bucket) return void res.status(404).json({ error: `not in the platform's bucket ${store.bucket}: ${m[1]}` });
      const object = await store.get(key);
      if (object === null) return void res.status(404).json({ error: `no frame at ${m[0]}` });
      res.set({ 'Content-Type': TYPES[key.endsWith('.png') ? 'png' : 'jpg'], 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, max-age=300' }).send(object.body);
    });
  });
  return router;
}
