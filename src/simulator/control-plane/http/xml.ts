/**
 * XML in the shapes of the ElastiCache Query API: elements named after the fields, lists wrapped
 * in an element named after the field with one element per item (the item name varies per list:
 * `<CacheClusters><CacheCluster>`, `<SecurityGroups><member>`), timestamps in ISO 8601.
 */

/** A list and the element name of its items. */
export class XmlList {
  constructor(public readonly itemName: string, public readonly items: readonly XmlValue[]) {}
}

export type XmlValue = string | number | boolean | Date | undefined | null | XmlList | XmlObject;
export interface XmlObject {
  readonly [key: string]: XmlValue;
}

/** Shorthand: a list whose items are `<itemName>` elements. */
export function xmlList(itemName: string, items: readonly XmlValue[]): XmlList {
  return new XmlList(itemName, items);
}

/** A list of strings as `<member>` elements. */
export function members(items: readonly string[] | undefined): XmlList {
  return new XmlList('member', items ?? []);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function scalar(value: string | number | boolean | Date): string {
  if (value instanceof Date) return value.toISOString();
  return escapeXml(String(value));
}

/** Serializes one value as the content of an element. */
export function xmlContent(value: XmlValue): string {
  if (value === undefined || value === null) return '';
  if (value instanceof XmlList) return value.items.map((item) => element(value.itemName, item)).join('');
  if (typeof value === 'object' && !(value instanceof Date)) {
    return Object.entries(value).map(([key, child]) => (child === undefined || child === null ? '' : element(key, child))).join('');
  }
  return scalar(value);
}

export function element(name: string, value: XmlValue): string {
  return `<${name}>${xmlContent(value)}</${name}>`;
}
