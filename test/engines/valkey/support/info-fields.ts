/** INFO replies as name → value, in the order the server wrote them (section headers left out). */
export function infoFieldMap(info: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of String(info).split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out.set(line.slice(0, i), line.slice(i + 1));
  }
  return out;
}
