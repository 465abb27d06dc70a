/** Percent-encodes a key the way memcached's logger and `lru_crawler metadump` do (RFC 3986 unreserved kept). */
export function uriEncodeKey(bytes: Uint8Array, start: number, len: number): string {
  let s = '';
  for (let i = start; i < start + len; i++) {
    const c = bytes[i];
    const keep = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 46 || c === 95 || c === 126;
    s += keep ? String.fromCharCode(c) : '%' + c.toString(16).toUpperCase().padStart(2, '0');
  }
  return s;
}
