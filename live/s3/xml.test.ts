import { describe, expect, it } from 'vitest';
import { childrenNamed, childText, parseXml, xmlDocument, XmlSyntaxError } from './xml.ts';

describe('parseXml', () => {
  it('parseXml reads nested elements, ignoring the declaration, namespaces and attributes', () => {
    const root = parseXml(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
        '<Object><Key>a</Key></Object><Object><Key>b</Key></Object><Quiet>true</Quiet></Delete>',
    );
    expect(root.name).toBe('Delete');
    expect(childrenNamed(root, 'Object').map((o) => childText(o, 'Key'))).toEqual(['a', 'b']);
    expect(childText(root, 'Quiet')).toBe('true');
  });

  it('parseXml decodes entities, character references and CDATA', () => {
    const root = parseXml('<K>a &amp; b &lt;c&gt; &quot;&apos; &#233;&#x1F600;<![CDATA[<raw>&amp;]]></K>');
    expect(root.text).toBe('a & b <c> "\' é😀<raw>&amp;');
  });

  it('parseXml round-trips what xmlDocument writes, spaces and order kept', () => {
    const keys = [` key with <>&"' and ünïcødé `, 'b', 'a'];
    const root = parseXml(xmlDocument('ListBucketResult', { Name: 'x', Contents: keys.map((Key) => ({ Key, Size: 0 })) }));
    expect(root.name).toBe('ListBucketResult');
    expect(childrenNamed(root, 'Contents').map((c) => childText(c, 'Key'))).toEqual(keys);
  });

  it('xmlDocument writes the declaration, the S3 namespace, numbers and booleans, and leaves out undefined', () => {
    expect(xmlDocument('R', { A: 1, B: true, C: undefined, D: '', E: [] })).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><R xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><A>1</A><B>true</B><D></D></R>',
    );
    expect(xmlDocument('Error', { Code: 'NoSuchKey' }, null)).toBe('<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code></Error>');
  });

  it('parseXml refuses a document type declaration (no entity expansion from a request)', () => {
    expect(() => parseXml('<!DOCTYPE a [<!ENTITY x "xxxxxxxx">]><a>&x;&x;</a>')).toThrow(XmlSyntaxError);
  });

  it('parseXml rejects malformed documents with XmlSyntaxError', () => {
    for (const bad of ['', '<a>', '<a></b>', '<a>x</a><b/>', 'text<a/>', '<a>&bogus;</a>', '<a>&nbsp;</a>', '<a b=c></a>', '<a>&amp</a>', '<a>a & b</a>']) {
      expect(() => parseXml(bad), bad).toThrow(XmlSyntaxError);
    }
  });
});
