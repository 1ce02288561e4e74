import { describe, expect, it } from 'vitest';
import { childrenNamed, childText, escapeXml, parseXml, XmlSyntaxError } from './xml.ts';

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

  it('parseXml round-trips what escapeXml writes', () => {
    const text = `key with <>&"' and ünïcødé`;
    expect(parseXml(`<Key>${escapeXml(text)}</Key>`).text).toBe(text);
  });

  it('parseXml rejects malformed documents with XmlSyntaxError', () => {
    for (const bad of ['', '<a>', '<a></b>', '<a>x</a><b/>', 'text<a/>', '<a>&bogus;</a>', '<a b=c></a>', '<a>&amp</a>']) {
      expect(() => parseXml(bad), bad).toThrow(XmlSyntaxError);
    }
  });
});
