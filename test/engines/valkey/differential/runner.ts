/** Runs a case against two servers and reports every step whose replies differ. */
import { normalize, sameWithin, show } from './normalize';
import type { Case, CompareOptions } from './script';
import { RawSession } from './session';

const REPLY_TIMEOUT_MS = 3000;
const NOREPLY_WAIT_MS = 150;
const RAW_QUIET_MS = 150;

export interface Mismatch {
  readonly line: number;
  readonly step: string;
  readonly expected: string;
  readonly actual: string;
}

/** `$ID<n>` in a command stands for connection n's client id on each server. */
const ID_PLACEHOLDER = /^\$ID(\d+)$/;

class Side {
  private readonly conns = new Map<number, RawSession>();
  private readonly ids = new Map<number, string>();
  public current = 1;
  constructor(private readonly port: number, private readonly needIds: boolean) {}

  public async conn(index = this.current): Promise<RawSession> {
    let s = this.conns.get(index);
    if (!s) {
      s = await RawSession.open(this.port);
      this.conns.set(index, s);
      if (this.needIds) {
        // Asked first, so the id is known before the case puts the connection in any mode.
        s.send(['CLIENT', 'ID']);
        const r = await s.reply(REPLY_TIMEOUT_MS);
        this.ids.set(index, String(r?.value.value ?? '?'));
      }
    }
    return s;
  }

  /** Replaces `$ID<n>` arguments with this server's id of connection n. */
  public async resolve(args: string[]): Promise<string[]> {
    if (!this.needIds) return args;
    const out: string[] = [];
    for (const a of args) {
      const m = ID_PLACEHOLDER.exec(a);
      if (!m) {
        out.push(a);
        continue;
      }
      await this.conn(Number(m[1]));
      out.push(this.ids.get(Number(m[1]))!);
    }
    return out;
  }

  public closeAll(): void {
    for (const s of this.conns.values()) s.close();
  }
}

async function replies(s: RawSession, args: string[], count: number, options: CompareOptions): Promise<string> {
  s.send(args);
  if (count === 0) {
    const r = await s.reply(NOREPLY_WAIT_MS);
    return r ? `unexpected reply ${normalize(r, { directives: [], approx: 0, masks: [] })}` : '<no reply>';
  }
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(normalize(await s.reply(REPLY_TIMEOUT_MS), options));
  if (options.directives.includes('sort-replies')) parts.sort();
  return parts.join('\n');
}

/** Runs the case on both servers, step by step in lockstep, and returns the differences. */
export async function runCase(c: Case, expectedPort: number, actualPort: number): Promise<Mismatch[]> {
  const needIds = c.steps.some((s) => s.kind === 'cmd' && s.args.some((a) => ID_PLACEHOLDER.test(a)));
  const expected = new Side(expectedPort, needIds);
  const actual = new Side(actualPort, needIds);
  const mismatches: Mismatch[] = [];
  try {
    for (const side of [expected, actual]) {
      const s = await side.conn();
      s.send(['FLUSHALL']);
      await s.reply(REPLY_TIMEOUT_MS);
    }
    for (const step of c.steps) {
      if (step.kind === 'sleep') {
        await new Promise((r) => setTimeout(r, step.ms));
        continue;
      }
      if (step.kind === 'conn') {
        expected.current = actual.current = step.index;
        continue;
      }
      if (step.kind === 'raw') {
        const [e, a] = await Promise.all([
          (await expected.conn()).raw(step.bytes, RAW_QUIET_MS),
          (await actual.conn()).raw(step.bytes, RAW_QUIET_MS),
        ]);
        const fmt = (r: { bytes: Buffer; closed: boolean }) => `${show(r.bytes.toString('latin1'))}${r.closed ? ' [connection closed]' : ''}`;
        if (fmt(e) !== fmt(a)) mismatches.push({ line: step.line, step: step.text, expected: fmt(e), actual: fmt(a) });
        continue;
      }
      const e = await replies(await expected.conn(), await expected.resolve(step.args), step.replies, step.compare);
      const a = await replies(await actual.conn(), await actual.resolve(step.args), step.replies, step.compare);
      if (!sameWithin(e, a, step.compare.approx)) mismatches.push({ line: step.line, step: step.text, expected: e, actual: a });
    }
  } finally {
    expected.closeAll();
    actual.closeAll();
  }
  return mismatches;
}

/** A readable report of mismatches for a failing test. */
export function report(file: string, c: Case, mismatches: readonly Mismatch[]): string {
  const lines = [`${file}:${c.line} "${c.name}": ${mismatches.length} step(s) differ from redis-server`];
  for (const m of mismatches) {
    lines.push(`  line ${m.line}: ${m.step}`);
    lines.push(`    redis-server: ${m.expected}`);
    lines.push(`    our engine:   ${m.actual}`);
  }
  return lines.join('\n');
}
