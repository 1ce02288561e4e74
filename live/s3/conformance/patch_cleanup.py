"""Patches a scratch copy of s3-tests so its per-test cleanup works without versioning.

s3-tests empties every bucket it made by listing object *versions*
(ListObjectVersions, the `?versions` sub-resource), which the FAVE server does not
implement (501). This replaces that listing with ListObjectsV2, and also aborts the
bucket's unfinished multipart uploads when the server lists them. It edits only the copy
run.sh made, never a checkout. Usage: python3 patch_cleanup.py <s3-tests copy>
"""

import sys
from pathlib import Path

ORIGINAL = "        listing = client.list_object_versions(**kwargs)\n"

REPLACEMENT = '''        try:
            listing = client.list_object_versions(**kwargs)
        except ClientError:
            # FAVE: no versioning; list the current objects instead (VersionId 'null').
            args = {'Bucket': bucket, 'MaxKeys': batch_size}
            if kwargs.get('KeyMarker'):
                args['StartAfter'] = kwargs['KeyMarker']
            page = client.list_objects_v2(**args)
            contents = page.get('Contents', [])
            listing = {'IsTruncated': page['IsTruncated'],
                       'NextKeyMarker': contents[-1]['Key'] if contents else None,
                       'NextVersionIdMarker': 'null',
                       'Versions': [{'Key': o['Key'], 'VersionId': 'null'} for o in contents]}
'''

NUKE = "def nuke_bucket(client, bucket):\n"
NUKE_UPLOADS = '''def nuke_bucket(client, bucket):
    # FAVE: abort unfinished multipart uploads first, where the server lists them.
    try:
        for upload in client.list_multipart_uploads(Bucket=bucket).get('Uploads', []):
            client.abort_multipart_upload(Bucket=bucket, Key=upload['Key'], UploadId=upload['UploadId'])
    except ClientError:
        pass
'''


def main(root: str) -> None:
    path = Path(root) / 's3tests' / 'functional' / '__init__.py'
    text = path.read_text()
    if text.count(ORIGINAL) != 1 or text.count(NUKE) != 1:
        sys.exit(f'patch_cleanup: {path} is not the s3-tests version this patch was written for')
    text = text.replace(ORIGINAL, REPLACEMENT).replace(NUKE, NUKE_UPLOADS)
    path.write_text(text)


if __name__ == '__main__':
    main(sys.argv[1])
