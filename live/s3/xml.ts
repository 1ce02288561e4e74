import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * S3's XML, by fast-xml-parser: a strict reader for the request bodies (DeleteObjects,
 * CompleteMultipartUpload, CreateBucketConfiguration) and the writer of every response.
 * Namespaces and attributes are accepted and ignored; anything malformed throws
 * XmlSyntaxError. A document type declaration is refused (no entity expansion from a
 * request), and so is any entity but XML's five and character references.
 */

export interface XmlElement {
  name: string;
  children: XmlElement[];
  /** Concatenated character data directly inside this element, entities decoded. */
  text: string;
}

export class XmlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

// preserveOrder keeps repeated and mixed elements in document order; every value stays a
// string (no number parsing, no trimming: S3 keys keep their spaces). htmlEntities is what
// turns on character references (&#233; &#x1F600;); other HTML names are refused below.
const parser = new XMLParser({
  preserveOrder: true,
  removeNSPrefix: true,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: false,
  htmlEntities: true,
});

type OrderedNode = Record<string, unknown>;

function toElement(name: string, nodes: OrderedNode[]): XmlElement {
  const element: XmlElement = { name, children: [], text: '' };
  for (const node of nodes) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '#text') element.text += String(value);
      else if (key !== ':@') element.children.push(toElement(key, value as OrderedNode[]));
    }
  }
  return element;
}

const XML_ENTITY = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/;

/** Parses a document with exactly one root element. */
export function parseXml(source: string): XmlElement {
  const checked = XMLValidator.validate(source);
  if (checked !== true) throw new XmlSyntaxError(`${checked.err.msg} (line ${checked.err.line}, column ${checked.err.col})`);
  if (/<!DOCTYPE/i.test(source)) throw new XmlSyntaxError('a document type declaration is not allowed');
  if (XML_ENTITY.test(source.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, ''))) throw new XmlSyntaxError('unknown or unterminated entity');
  const roots = toElement('', parser.parse(source) as OrderedNode[]);
  if (roots.text.trim() !== '') throw new XmlSyntaxError('text outside the root element');
  if (roots.children.length !== 1) throw new XmlSyntaxError(`expected one root element, found ${roots.children.length}`);
  return roots.children[0]!;
}

/** The direct children of `element` called `name` (namespace prefixes are already gone). */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

/** The text of the single child `name`, or undefined when absent. */
export function childText(element: XmlElement, name: string): string | undefined {
  return childrenNamed(element, name)[0]?.text;
}

/**
 * What a response element holds: text (numbers and booleans written as S3 writes them),
 * nested elements, or an array for an element repeated in order. Undefined leaves the
 * element out.
 */
export type XmlContent = string | number | boolean | undefined | XmlFields | XmlFields[] | string[];
export interface XmlFields {
  [name: string]: XmlContent;
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false });

function defined(fields: XmlFields): XmlFields {
  const out: XmlFields = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) out[name] = value.map((v) => (typeof v === 'object' ? defined(v) : v)) as XmlFields[] | string[];
    else out[name] = typeof value === 'object' ? defined(value) : value;
  }
  return out;
}

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** A whole response document: declaration, then `<root xmlns="…">fields</root>` (no xmlns for Error). */
export function xmlDocument(root: string, fields: XmlFields, namespace: string | null = S3_NAMESPACE): string {
  const body = defined(fields);
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    [root]: namespace === null ? body : { '@_xmlns': namespace, ...body },
  }) as string;
}
