/**
 * The AWS Query protocol's request parameters: a form-encoded body (or a query string) of flat
 * keys such as `Tags.Tag.1.Key` or `CacheNodeIdsToRemove.CacheNodeId.2`, read back as the nested
 * structures and lists the SDK serialized. A list is a key whose single child level (`member`,
 * `Tag`, `CacheNodeId` …) holds numbered entries; an empty list arrives as the bare key with an
 * empty value.
 */

export type ParamNode = string | ParamTree;
export interface ParamTree {
  [key: string]: ParamNode;
}

/** Decodes `a=1&b.c=2` into a tree (later duplicates win, as the service takes one value). */
export function parseQueryParams(body: string): ParamTree {
  const root: ParamTree = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.split('.');
    let node = root;
    for (let i = 0; i < path.length - 1; i++) {
      const existing = node[path[i]];
      if (typeof existing === 'object') {
        node = existing;
      } else {
        const child: ParamTree = {};
        node[path[i]] = child;
        node = child;
      }
    }
    const last = path[path.length - 1];
    if (typeof node[last] !== 'object') node[last] = value;
  }
  return root;
}

/** Entries of a list node in index order: `{ member: { 1: …, 2: … } }` → `[…, …]`. */
export function listEntries(node: ParamNode | undefined): ParamNode[] | undefined {
  if (node === undefined) return undefined;
  if (typeof node === 'string') return node === '' ? [] : undefined;
  const wrappers = Object.values(node);
  // `Name.member.N` / `Name.Item.N`: one wrapper level; `Name.N` is accepted too.
  const numbered = (tree: ParamTree) => Object.keys(tree).every((k) => /^\d+$/.test(k));
  let entries: ParamTree | undefined;
  if (numbered(node)) entries = node;
  else if (wrappers.length === 1 && typeof wrappers[0] === 'object' && numbered(wrappers[0])) entries = wrappers[0];
  if (!entries) return undefined;
  return Object.keys(entries).map(Number).sort((a, b) => a - b).map((i) => entries![String(i)]);
}
