/** `1 shard`, `3 shards`: a count and its noun, in the plural unless the count is one. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
