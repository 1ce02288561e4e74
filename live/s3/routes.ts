import type { IncomingHttpHeaders } from 'node:http';
import {
  createBucket,
  deleteBucket,
  getBucketLocation,
  headBucket,
  listBuckets,
  listObjectsHandler,
  listObjectsV2Handler,
} from './bucketHandlers.ts';
import { abortMultipartUpload, completeMultipartUpload, createMultipartUpload, uploadPart } from './multipartHandlers.ts';
import { listMultipartUploads, listParts } from './multipartListHandlers.ts';
import { getObjectAttributes } from './objectAttributes.ts';
import { getObject, headObject } from './objectReadHandlers.ts';
import { copyObject, deleteObject, deleteObjects, putObject } from './objectWriteHandlers.ts';
import { uploadPartCopy } from './uploadPartCopy.ts';
import type { S3Handler } from './s3Context.ts';
import { S3Error } from './s3Error.ts';

/** The S3 operations this server implements, each with its handler. */
export const HANDLERS = {
  ListBuckets: listBuckets,
  CreateBucket: createBucket,
  HeadBucket: headBucket,
  DeleteBucket: deleteBucket,
  GetBucketLocation: getBucketLocation,
  ListObjects: listObjectsHandler,
  ListObjectsV2: listObjectsV2Handler,
  ListMultipartUploads: listMultipartUploads,
  DeleteObjects: deleteObjects,
  PutObject: putObject,
  CopyObject: copyObject,
  GetObject: getObject,
  GetObjectAttributes: getObjectAttributes,
  HeadObject: headObject,
  DeleteObject: deleteObject,
  CreateMultipartUpload: createMultipartUpload,
  UploadPart: uploadPart,
  UploadPartCopy: uploadPartCopy,
  ListParts: listParts,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload,
} satisfies Record<string, S3Handler>;

export type Operation = keyof typeof HANDLERS;

// Sub-resources S3 has and this server does not: answering them as plain bucket or
// object requests would silently do the wrong thing.
const UNSUPPORTED = [
  'acl', 'accelerate', 'analytics', 'cors', 'encryption', 'intelligent-tiering', 'inventory',
  'legal-hold', 'lifecycle', 'logging', 'metrics', 'notification', 'object-lock', 'ownershipControls', 'policy',
  'policyStatus', 'publicAccessBlock', 'replication', 'requestPayment', 'restore', 'retention', 'select', 'tagging',
  'torrent', 'versioning', 'versions', 'website',
];

function notImplemented(what: string): never {
  throw new S3Error('NotImplemented', `${what} is not implemented by the FAVE S3 server`);
}

/** Picks the operation from method, path shape, sub-resource and headers, as S3 does. */
export function route(method: string, bucket: string, key: string, query: URLSearchParams, headers: IncomingHttpHeaders): Operation {
  const sub = UNSUPPORTED.find((name) => query.has(name));
  if (sub) notImplemented(`The ?${sub} sub-resource`);
  if (bucket === '') {
    if (method === 'GET') return 'ListBuckets';
  } else if (key === '') {
    switch (method) {
      case 'PUT':
        return 'CreateBucket';
      case 'HEAD':
        return 'HeadBucket';
      case 'DELETE':
        return 'DeleteBucket';
      case 'POST':
        if (query.has('delete')) return 'DeleteObjects';
        break;
      case 'GET':
        if (query.has('location')) return 'GetBucketLocation';
        if (query.has('uploads')) return 'ListMultipartUploads';
        if (query.get('list-type') === '2') return 'ListObjectsV2';
        return 'ListObjects';
    }
  } else {
    const uploadId = query.has('uploadId');
    switch (method) {
      case 'PUT':
        if (uploadId) return headers['x-amz-copy-source'] !== undefined ? 'UploadPartCopy' : 'UploadPart';
        return headers['x-amz-copy-source'] !== undefined ? 'CopyObject' : 'PutObject';
      case 'GET':
        if (uploadId) return 'ListParts';
        if (query.has('attributes')) return 'GetObjectAttributes';
        return 'GetObject';
      case 'HEAD':
        return 'HeadObject';
      case 'DELETE':
        return uploadId ? 'AbortMultipartUpload' : 'DeleteObject';
      case 'POST':
        if (query.has('uploads')) return 'CreateMultipartUpload';
        if (uploadId) return 'CompleteMultipartUpload';
    }
  }
  throw new S3Error('MethodNotAllowed', `The method ${method} is not allowed against this resource.`);
}
