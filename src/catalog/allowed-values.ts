/**
 * The `AllowedValues` syntax of `DescribeCacheParameters`: comma-separated items, each a literal
 * (`yes`, `5000`, `-2`) or an inclusive integer range (`1-100`, open-ended `0-` or `16384-`, `-` for
 * any integer). Negative literals (`-5`) are literals, not ranges.
 */
export interface AllowedItem {
  readonly literal?: string;
  readonly min?: number;
  readonly max?: number;
  readonly range: boolean;
}

export function parseAllowedValues(allowed: string): AllowedItem[] {
  return allowed.split(',').map((raw) => {
    const item = raw.trim();
    if (item === '-') return { range: true };
    const m = /^(\d+)-(\d*)$/.exec(item);
    if (m) return { range: true, min: Number(m[1]), ...(m[2] !== '' ? { max: Number(m[2]) } : {}) };
    return { range: false, literal: item };
  });
}

/** Whether `value` is one of the allowed items (numeric comparison for integer literals and ranges). */
export function isAllowed(value: string, allowed: string): boolean {
  const isInteger = /^-?\d+$/.test(value);
  return parseAllowedValues(allowed).some((item) => {
    if (!item.range) return item.literal === value || (isInteger && /^-?\d+$/.test(item.literal!) && Number(item.literal) === Number(value));
    if (!isInteger) return false;
    const n = Number(value);
    return (item.min === undefined || n >= item.min) && (item.max === undefined || n <= item.max);
  });
}

/** Human wording of an allowed-values string, e.g. `0 or 20 and above`, `one of: yes, no`. */
export function describeAllowedValues(allowed: string): string {
  const items = parseAllowedValues(allowed);
  if (items.every((i) => !i.range)) return `one of: ${items.map((i) => i.literal).join(', ')}`;
  return items
    .map((i) => {
      if (!i.range) return i.literal!;
      if (i.min === undefined) return 'any integer';
      if (i.max === undefined) return `${i.min} or more`;
      return `${i.min} to ${i.max}`;
    })
    .join(', or ');
}
