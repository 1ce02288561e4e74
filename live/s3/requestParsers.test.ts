import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { queryInt } from './listingFields.ts';
import { parseCompleteRequest } from './multipartHandlers.ts';
import { requestedAttributes } from './objectAttributes.ts';
import { S3Error, type S3ErrorCode } from './s3Error.ts';
import { headerText } from './sigv4.ts';
import { parseCopySource } from './uploadHeaders.ts';
import { copySourceRange } from './uploadPartCopy.ts';

// The parsers of request headers and query parameters added for the conformance fixes,
// fuzzed: whatever a client sends, each returns a value inside its contract or throws an
// S3Error of the documented code (which becomes an S3 XML error), never anything else.

/** Runs `parse`; returns its value, or the code of the S3Error it threw (any other throw fails the property). */
function outcome<T>(parse: () => T, codes: S3ErrorCode[]): { value: T } | { code: S3ErrorCode } {
  try {
    return { value: parse() };
  } catch (error) {
    if (!(error instanceof S3Error)) throw error;
    expect(codes).toContain(error.code);
    return { code: error.code };
  }
}

const headerish = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => `bytes=${a}-${b}`),
  fc.constantFrom('bytes=', 'bytes=-5', 'bytes=5-', 'bytes=1-2,3-4', ' bytes=0-0 ', 'bytes=99999999999999999999-1'),
);

describe('request parsers under fast-check', () => {
  it('copySourceRange(x-amz-copy-source-range, size) is a range inside the object, InvalidArgument or InvalidRange', () => {
    fc.assert(
      fc.property(headerish, fc.nat({ max: 1 << 20 }), (header, size) => {
        const result = outcome(() => copySourceRange(header, size), ['InvalidArgument', 'InvalidRange']);
        if ('value' in result) {
          const { start, end } = result.value!;
          expect(Number.isSafeInteger(start) && Number.isSafeInteger(end)).toBe(true);
          expect(0 <= start && start <= end && end < size).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('copySourceRange returns exactly the offsets of a well-formed range and InvalidRange past the end', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1000 }), fc.nat({ max: 1000 }), fc.nat({ max: 1000 }), (a, length, size) => {
        const result = outcome(() => copySourceRange(`bytes=${a}-${a + length}`, size), ['InvalidRange']);
        if (a + length < size) expect(result).toEqual({ value: { start: a, end: a + length } });
        else expect(result).toEqual({ code: 'InvalidRange' });
      }),
    );
  });

  it('parseCopySource reads back any bucket and key written as /bucket/url-encoded-key, with or without ?versionId', () => {
    const bucket = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{1,20}[a-z0-9]$/);
    fc.assert(
      fc.property(bucket, fc.string({ unit: 'grapheme', minLength: 1 }), fc.boolean(), fc.boolean(), (b, key, slash, version) => {
        const header = `${slash ? '/' : ''}${b}/${encodeURIComponent(key)}${version ? '?versionId=null' : ''}`;
        expect(parseCopySource(header)).toEqual({ bucket: b, key });
      }),
    );
  });

  it('parseCopySource of any string is a non-empty bucket and key, or InvalidArgument', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string().map((s) => `b/${s}%`)), (header) => {
        const result = outcome(() => parseCopySource(header), ['InvalidArgument']);
        if ('value' in result) expect(result.value.bucket !== '' && result.value.key !== '').toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('requestedAttributes of any x-amz-object-attributes is a set of known names, InvalidRequest (empty) or InvalidArgument', () => {
    const names = fc.constantFrom('ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize', 'etag', '', ' ', 'Other');
    const header = fc.oneof(fc.string(), fc.array(names).map((list) => list.join(',')), fc.array(fc.string()));
    fc.assert(
      fc.property(header, (value) => {
        const result = outcome(() => requestedAttributes(value), ['InvalidRequest', 'InvalidArgument']);
        if ('value' in result) {
          expect(result.value.size).toBeGreaterThan(0);
          for (const name of result.value) expect(['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize']).toContain(name);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('queryInt of any query value is an integer in [0, max], the fallback when absent, or InvalidArgument', () => {
    const value = fc.oneof(fc.string(), fc.nat().map(String), fc.constantFrom('-1', '1e3', ' 5', '0x10', '99999999999999999999999'));
    fc.assert(
      fc.property(fc.option(value, { nil: undefined }), fc.nat({ max: 10_000 }), (text, max) => {
        const query = new URLSearchParams(text === undefined ? '' : `max-keys=${encodeURIComponent(text)}`);
        const result = outcome(() => queryInt(query, 'max-keys', 7, max), ['InvalidArgument']);
        if (text === undefined) expect(result).toEqual({ value: 7 });
        else if (/^\d+$/.test(text)) expect(result).toEqual({ value: Math.min(Number(text), max) });
        else expect(result).toEqual({ code: 'InvalidArgument' });
      }),
      { numRuns: 2000 },
    );
  });

  it('parseCompleteRequest of any body is parts numbered 1..10000 with ETags, MalformedXML or InvalidArgument', () => {
    const part = fc.record({
      number: fc.oneof(fc.integer({ min: -5, max: 10_005 }).map(String), fc.constantFrom('', ' 3 ', '1e2', '0x1', 'x')),
      etag: fc.option(fc.string(), { nil: undefined }),
      checksum: fc.option(fc.base64String(), { nil: undefined }),
    });
    const xml = (parts: { number: string; etag?: string; checksum?: string }[]) =>
      `<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${parts
        .map(
          (p) =>
            `<Part><PartNumber>${p.number}</PartNumber>${p.etag === undefined ? '' : `<ETag>${p.etag.replace(/[<&]/g, '')}</ETag>`}` +
            `${p.checksum === undefined ? '' : `<ChecksumSHA256>${p.checksum}</ChecksumSHA256>`}</Part>`,
        )
        .join('')}</CompleteMultipartUpload>`;
    const body = fc.oneof(fc.string(), fc.array(part, { maxLength: 4 }).map(xml), fc.array(part).map((p) => xml(p).slice(0, -5)));
    fc.assert(
      fc.property(body, fc.constantFrom(undefined, 'sha256' as const), (text, algorithm) => {
        const result = outcome(() => parseCompleteRequest(Buffer.from(text), algorithm), ['MalformedXML', 'InvalidArgument']);
        if ('value' in result) {
          for (const p of result.value) {
            expect(Number.isInteger(p.partNumber) && p.partNumber >= 1 && p.partNumber <= 10_000).toBe(true);
            expect(typeof p.etag).toBe('string');
            if (algorithm === undefined) expect(p.checksum).toBeUndefined();
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('headerText reads the UTF-8 bytes of any text (as Node hands them over, Latin-1) back as that text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(headerText(Buffer.from(text, 'utf8').toString('latin1'))).toBe(text);
      }),
    );
  });

  it('headerText leaves header bytes that are not UTF-8 as Latin-1, and never changes the bytes of ASCII', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const latin1 = Buffer.from(bytes).toString('latin1');
        const read = headerText(latin1);
        // Valid UTF-8 is what survives a decode / encode round trip unchanged.
        const decoded = Buffer.from(bytes).toString('utf8');
        const valid = Buffer.from(decoded, 'utf8').equals(Buffer.from(bytes));
        expect(read).toBe(valid ? decoded : latin1);
      }),
      { numRuns: 2000 },
    );
  });
});
