/**
 * A report sentence of redis' as Valkey 8 words it: its name where redis names itself, its CLI and
 * its site (LATENCY DOCTOR's advice, MEMORY DOCTOR's findings).
 */
export function inValkeyWords(text: string): string {
  return text.replace(/https:\/\/redis\.io\//g, 'https://valkey.io/').replace(/redis-cli/g, 'valkey-cli').replace(/Redis/g, 'Valkey');
}
