/**
 * Expected results as the assertion provider checks them: the encoded matchers of
 * `ExpectedResult` (`$ObjectLike`, `$ArrayWith`, `$StringLike`, `$SerializedJson`) become
 * aws-cdk-lib `Match` matchers, anything else is matched exactly; a failure renders what differed.
 */
import { Match, Matcher } from 'aws-cdk-lib/assertions';

/** JSON-decodes a value when it is a JSON string (the provider's `decodeCall`). */
export function decode(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export function matcherOf(expected: unknown): Matcher {
  const revived = JSON.parse(JSON.stringify({ matcher: expected }), (_key, v) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
    const [first] = Object.keys(v);
    switch (first) {
      case '$ArrayWith': return Match.arrayWith(v[first]);
      case '$ObjectLike': return Match.objectLike(v[first]);
      case '$StringLike': return Match.stringLikeRegexp(v[first]);
      case '$SerializedJson': return Match.serializedJson(v[first]);
      default: return v;
    }
  });
  return Matcher.isMatcher(revived.matcher) ? revived.matcher : Match.exact(revived.matcher);
}

/** Undefined when `actual` matches, else the mismatch as the provider reports it. */
export function mismatch(expected: unknown, actual: unknown): string | undefined {
  const result = matcherOf(decode(expected)).test(decode(actual));
  result.finished();
  return result.hasFailed() ? result.renderMismatch() : undefined;
}

/** A response flattened as the provider flattens it (`apiCallResponse.Items.0.Name`). */
export function flatten(value: unknown, prefix = '', into: Record<string, unknown> = {}): Record<string, unknown> {
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, into);
    return into;
  }
  if (prefix) into[prefix] = value;
  return into;
}

/** JSON strings inside a response parsed, as the provider does before flattening. */
export function deepParseJson(value: unknown): unknown {
  if (typeof value === 'string') return decode(value);
  if (Array.isArray(value)) return value.map(deepParseJson);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepParseJson(v)]));
  return value;
}
