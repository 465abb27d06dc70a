/** INFO replies as name → value, in the order the server wrote them (section headers left out). */
export function infoFieldMap(info: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of String(info).split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out.set(line.slice(0, i), line.slice(i + 1));
  }
  return out;
}

/**
 * The field names of each INFO section, in the order the server wrote them. Command statistics
 * follow each server's command table order, so those two sections are sorted.
 */
export function infoSectionFieldNames(info: unknown): [string, string[]][] {
  const sections = new Map<string, string[]>();
  let section = '';
  for (const line of String(info).split('\r\n')) {
    if (line.startsWith('# ')) sections.set(section = line.slice(2), []);
    else if (line.includes(':')) sections.get(section)?.push(line.slice(0, line.indexOf(':')));
  }
  for (const unordered of ['Commandstats', 'Latencystats']) sections.get(unordered)?.sort();
  return [...sections];
}
