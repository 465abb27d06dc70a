/**
 * Case files for the differential suite. A file holds cases; each case is a list of steps:
 *
 *   ### name                 starts a case (run on fresh connections, after FLUSHALL)
 *   SET k "a b\x00c"         a command, quoted like redis-cli (\xHH, \n, \r, \t, "…", '…');
 *                            an argument <1048576*ab> stands for 'ab' repeated 1048576 times
 *   @sort SMEMBERS s         directives before a command change how its reply is compared:
 *                              @sort        array elements compared as an unordered set
 *                              @sort-pairs  map or flat key/value array compared unordered
 *                              @sort-scan   SCAN-like reply: cursor ignored, elements unordered
 *                              @shape       only the reply's structure and types are compared
 *                              @lines       verbatim/bulk text compared line by line, unordered
 *                              @replies=N   read N replies (SUBSCRIBE …)
 *                              @noreply     expect no reply within a short wait (any other command
 *                                           must get its replies from both servers: a step whose
 *                                           reply never comes fails, even when both are silent)
 *                              @approx=N    integers may differ by up to N, at any depth (PTTL right
 *                                           after SET, idle times in XPENDING)
 *                              @mask=F      the value after the map key F is not compared (HELLO id),
 *                                           at any depth (ACL LOG entries)
 *                              @sort-replies the N replies of @replies=N are compared as a multiset
 *                                           (pub/sub messages for several matching patterns)
 *                              @monitor     a MONITOR line: its time and client address are not compared
 *                              @acl-rules   single-command rules (+get -set) in ACL LIST/GETUSER texts
 *                                           are compared unordered: redis emits them in hash-table order
 *   @raw *1\r\n$4\r\nPING\r\n  sends raw bytes; compares everything received until the peer is
 *                              quiet or closes, and whether it closed
 *   @sleep 1100              waits (expiry)
 *   @conn 2                  switches to connection 2 (opened on first use)
 *   … REDIRECT $ID2          `$ID<n>` is connection n's client id on each server (CLIENT KILL ID,
 *                              CLIENT TRACKING REDIRECT…); such cases ask every new connection's id
 *   @requires LPUSH HSET     the case needs commands of other families; it is skipped (not
 *                              passed) while our engine lacks any of them
 *   # comment
 */
import { parseInlineArgs } from '../../../../src/engines/resp';

export type Directive = 'sort' | 'sort-pairs' | 'sort-scan' | 'shape' | 'lines' | 'noreply' | 'sort-replies' | 'acl-rules' | 'monitor';

export interface CompareOptions {
  readonly directives: Directive[];
  /** Tolerance for integer replies. */
  readonly approx: number;
  /** Map keys whose values are masked. */
  readonly masks: string[];
}

export type Step =
  | { readonly kind: 'cmd'; readonly line: number; readonly text: string; readonly args: string[]; readonly compare: CompareOptions; readonly replies: number }
  | { readonly kind: 'raw'; readonly line: number; readonly text: string; readonly bytes: Buffer }
  | { readonly kind: 'sleep'; readonly line: number; readonly ms: number }
  | { readonly kind: 'conn'; readonly line: number; readonly index: number };

export interface Case {
  readonly name: string;
  readonly line: number;
  readonly steps: Step[];
  /** Commands (lower-case) the case needs from other families. */
  readonly requires: string[];
}

const DIRECTIVES = new Set<string>(['sort', 'sort-pairs', 'sort-scan', 'shape', 'lines', 'noreply', 'sort-replies', 'acl-rules', 'monitor']);

/** Decodes \r \n \t \\ \xHH escapes of an @raw line. */
function decodeRaw(s: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '\\' && i + 1 < s.length) {
      const n = s[i + 1];
      if (n === 'r') { bytes.push(13); i++; continue; }
      if (n === 'n') { bytes.push(10); i++; continue; }
      if (n === 't') { bytes.push(9); i++; continue; }
      if (n === '\\') { bytes.push(92); i++; continue; }
      if (n === 'x' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 2, i + 4))) {
        bytes.push(parseInt(s.slice(i + 2, i + 4), 16));
        i += 3;
        continue;
      }
    }
    bytes.push(s.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes);
}

export function parseCaseFile(text: string, file: string): Case[] {
  const cases: Case[] = [];
  let current: Case | undefined;
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const line = raw.replace(/\r$/, '');
    const trimmed = line.trim();
    if (trimmed.startsWith('###')) {
      current = { name: trimmed.slice(3).trim(), line: lineNo, steps: [], requires: [] };
      cases.push(current);
      return;
    }
    if (trimmed === '' || trimmed.startsWith('#')) return;
    if (!current) throw new Error(`${file}:${lineNo}: a step before the first ### case`);
    if (trimmed.startsWith('@raw ')) {
      current.steps.push({ kind: 'raw', line: lineNo, text: trimmed, bytes: decodeRaw(line.slice(line.indexOf('@raw ') + 5)) });
      return;
    }
    if (trimmed.startsWith('@sleep ')) {
      current.steps.push({ kind: 'sleep', line: lineNo, ms: Number(trimmed.slice(7)) });
      return;
    }
    if (trimmed.startsWith('@requires ')) {
      current.requires.push(...trimmed.slice(10).trim().split(/\s+/).map((x) => x.toLowerCase()));
      return;
    }
    if (trimmed.startsWith('@conn ')) {
      current.steps.push({ kind: 'conn', line: lineNo, index: Number(trimmed.slice(6)) });
      return;
    }
    const directives: Directive[] = [];
    const masks: string[] = [];
    let approx = 0;
    let replies = 1;
    let rest = trimmed;
    while (rest.startsWith('@')) {
      const space = rest.indexOf(' ');
      const word = space < 0 ? rest.slice(1) : rest.slice(1, space);
      rest = space < 0 ? '' : rest.slice(space + 1).trimStart();
      const m = /^replies=(\d+)$/.exec(word);
      const ap = /^approx=(\d+)$/.exec(word);
      const mask = /^mask=(.+)$/.exec(word);
      if (m) replies = Number(m[1]);
      else if (ap) approx = Number(ap[1]);
      else if (mask) masks.push(mask[1]);
      else if (DIRECTIVES.has(word)) directives.push(word as Directive);
      else throw new Error(`${file}:${lineNo}: unknown directive @${word}`);
    }
    const parsed = parseInlineArgs(Buffer.from(rest, 'latin1'));
    if (!parsed || parsed.length === 0) throw new Error(`${file}:${lineNo}: cannot parse '${rest}'`);
    const args = parsed.map((a) => {
      const m = /^<(\d+)\*(.*)>$/s.exec(a);
      return m ? m[2].repeat(Number(m[1])) : a;
    });
    current.steps.push({
      kind: 'cmd',
      line: lineNo,
      text: rest,
      args,
      compare: { directives, approx, masks },
      replies: directives.includes('noreply') ? 0 : replies,
    });
  });
  return cases;
}
