// The storage line `live up` prints: what the embedded S3 holds, never failing the start-up.
import { createS3Client } from '../../stages/runtime/s3-store.ts';
import { bucketUsage, usageLine } from './usage.ts';

export async function storageLine(s3: { endpoint: string; accessKeyId: string; secretAccessKey: string }, bucket: string, where: string): Promise<string> {
  const { client } = createS3Client({ S3_ENDPOINT: s3.endpoint, S3_BUCKET: bucket, S3_ACCESS_KEY: s3.accessKeyId, S3_SECRET_KEY: s3.secretAccessKey });
  try {
    return usageLine(await bucketUsage(client, bucket), where);
  } catch (error) {
    return `unknown (listing bucket ${bucket} failed: ${(error as Error).message})`;
  } finally {
    client.destroy();
  }
}
