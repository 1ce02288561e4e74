// The pipeline's bucket, created when missing. A cluster's MinIO starts empty and nothing
// else creates it (a live run or calibration against OPENFAAS_URL failed on its first
// upload with NoSuchBucket), so every client that uploads inputs asks for it first.
// HeadBucket before CreateBucket: credentials that may read and write a bucket but not
// create one (a common IAM policy) still pass when the bucket is there.
import { CreateBucketCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';

export class BucketError extends Error {}

const statusOf = (e: unknown) => (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/** Whether the bucket was there or had to be created; an error naming the bucket otherwise. */
export async function ensureBucket(client: S3Client, bucket: string): Promise<'existed' | 'created'> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
    return 'existed';
  } catch (e) {
    const status = statusOf(e);
    if (status === 403) throw new BucketError(`bucket ${bucket}: access denied (check S3_ACCESS_KEY / S3_SECRET_KEY, or the bucket belongs to another account)`);
    if (status !== 404) throw new BucketError(`bucket ${bucket}: ${(e as Error).name}: ${(e as Error).message}`);
  }
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    return 'created';
  } catch (e) {
    // Another client created it between the two requests.
    if ((e as Error).name === 'BucketAlreadyOwnedByYou') return 'existed';
    throw new BucketError(`bucket ${bucket}: cannot create it: ${(e as Error).name}: ${(e as Error).message}`);
  }
}
