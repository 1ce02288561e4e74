/**
 * The little XML S3 needs: escaping for responses, and a strict parser for the two
 * request bodies FAVE sends (DeleteObjects, CompleteMultipartUpload). Namespaces and
 * attributes are accepted and ignored; anything malformed throws XmlSyntaxError.
 */

export interface XmlElement {
  name: string;
  children: XmlElement[];
  /** Concatenated character data directly inside this element, entities decoded. */
  text: string;
}

export class XmlSyntaxError extends Error {
  constructor(message: string, readonly position: number) {
    super(`${message} at offset ${position}`);
    this.name = 'XmlSyntaxError';
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string, position: number): string {
  return text.replace(/&([^;&\s]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new XmlSyntaxError('unterminated entity', position);
    if (name in NAMED_ENTITIES) return NAMED_ENTITIES[name]!;
    const code = /^#x[0-9a-fA-F]+$/.test(name)
      ? parseInt(name.slice(2), 16)
      : /^#[0-9]+$/.test(name)
        ? parseInt(name.slice(1), 10)
        : NaN;
    if (!Number.isInteger(code) || code > 0x10ffff) throw new XmlSyntaxError(`unknown entity &${name};`, position);
    return String.fromCodePoint(code);
  });
}

const NAME = /^[A-Za-z_][\w.:-]*/;

/** Parses a document with exactly one root element. */
export function parseXml(source: string): XmlElement {
  let pos = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;

  const skipMisc = (): void => {
    for (;;) {
      const ws = /^\s*/.exec(source.slice(pos))![0].length;
      pos += ws;
      if (source.startsWith('<?', pos)) {
        const end = source.indexOf('?>', pos);
        if (end < 0) throw new XmlSyntaxError('unterminated processing instruction', pos);
        pos = end + 2;
      } else if (source.startsWith('<!--', pos)) {
        const end = source.indexOf('-->', pos);
        if (end < 0) throw new XmlSyntaxError('unterminated comment', pos);
        pos = end + 3;
      } else return;
    }
  };

  skipMisc();
  while (pos < source.length) {
    if (root && stack.length === 0) {
      skipMisc();
      if (pos < source.length) throw new XmlSyntaxError('content after the root element', pos);
      break;
    }
    if (source.startsWith('<!--', pos) || source.startsWith('<?', pos)) {
      skipMisc();
    } else if (source.startsWith('<![CDATA[', pos)) {
      const end = source.indexOf(']]>', pos);
      if (end < 0 || stack.length === 0) throw new XmlSyntaxError('bad CDATA section', pos);
      stack[stack.length - 1]!.text += source.slice(pos + 9, end);
      pos = end + 3;
    } else if (source.startsWith('</', pos)) {
      const match = NAME.exec(source.slice(pos + 2));
      const open = stack.pop();
      if (!match || !open || match[0] !== open.name) throw new XmlSyntaxError('mismatched closing tag', pos);
      pos += 2 + match[0].length;
      pos += /^\s*/.exec(source.slice(pos))![0].length;
      if (source[pos] !== '>') throw new XmlSyntaxError('bad closing tag', pos);
      pos += 1;
    } else if (source[pos] === '<') {
      const match = NAME.exec(source.slice(pos + 1));
      if (!match) throw new XmlSyntaxError('bad tag name', pos);
      const end = source.indexOf('>', pos);
      if (end < 0) throw new XmlSyntaxError('unterminated tag', pos);
      const attributes = source.slice(pos + 1 + match[0].length, end);
      const selfClosing = attributes.endsWith('/');
      if (!/^(\s+[\w.:-]+\s*=\s*("[^"<]*"|'[^'<]*'))*\s*\/?$/.test(attributes)) {
        throw new XmlSyntaxError('bad attributes', pos);
      }
      const element: XmlElement = { name: match[0], children: [], text: '' };
      if (stack.length > 0) stack[stack.length - 1]!.children.push(element);
      else root = element;
      if (!selfClosing) stack.push(element);
      pos = end + 1;
    } else {
      const next = source.indexOf('<', pos);
      const end = next < 0 ? source.length : next;
      const raw = source.slice(pos, end);
      if (stack.length === 0) throw new XmlSyntaxError('text outside the root element', pos);
      stack[stack.length - 1]!.text += decodeEntities(raw, pos);
      pos = end;
    }
  }
  if (!root) throw new XmlSyntaxError('no root element', pos);
  if (stack.length > 0) throw new XmlSyntaxError(`unclosed <${stack[stack.length - 1]!.name}>`, pos);
  return root;
}

/** The direct children of `element` called `name`, ignoring any namespace prefix. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name || c.name.endsWith(`:${name}`));
}

/** The text of the single child `name`, or undefined when absent. */
export function childText(element: XmlElement, name: string): string | undefined {
  return childrenNamed(element, name)[0]?.text;
}
