/**
 * From an API request to the CloudFormation-shaped properties the model handlers read: the same
 * names except a few renamed ones, lists as arrays, structures as objects. Parameters that only
 * steer the API call (`ApplyImmediately`, `Tags`…) are left to the operation.
 */
import type { JsonObject, JsonValue } from '../../template';
import type { RequestParams } from '../http/params';
import { listEntries, ParamNode } from '../http/query';

export interface TranslationSpec {
  /** API name → CloudFormation name. */
  readonly rename?: Readonly<Record<string, string>>;
  /** Lists of strings. */
  readonly lists?: readonly string[];
  /** Structures and lists of structures (converted generically). */
  readonly structures?: readonly string[];
  /** Parameters the operation handles itself. */
  readonly skip?: readonly string[];
}

const ALWAYS_SKIPPED = ['Action', 'Version'];

/** A parameter tree as JSON: numbered entries become arrays, other subtrees objects. */
export function treeToJson(node: ParamNode): JsonValue {
  if (typeof node === 'string') return node;
  const entries = listEntries(node);
  if (entries !== undefined) return entries.map(treeToJson);
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(node)) out[key] = treeToJson(child);
  return out;
}

export function cfnProperties(params: RequestParams, spec: TranslationSpec): JsonObject {
  const props: JsonObject = {};
  for (const name of params.names) {
    if (ALWAYS_SKIPPED.includes(name) || spec.skip?.includes(name)) continue;
    const target = spec.rename?.[name] ?? name;
    if (spec.lists?.includes(name)) props[target] = params.stringList(name) ?? [];
    else if (spec.structures?.includes(name)) props[target] = treeToJson(params.raw(name)!);
    else props[target] = params.string(name) ?? '';
  }
  return props;
}
