import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MultipartStorage } from './multipartStorage.ts';
import type { ObjectStorage } from './objectStorage.ts';
import type { VerifiedAuth } from './sigv4.ts';

/** One authenticated request, split into the parts S3 handlers need. */
export interface S3Context {
  req: IncomingMessage;
  res: ServerResponse;
  bucket: string;
  key: string;
  query: URLSearchParams;
  auth: VerifiedAuth;
  objects: ObjectStorage;
  uploads: MultipartStorage;
  maxObjectBytes: number;
  region: string;
}

export type S3Handler = (ctx: S3Context) => Promise<void>;
