/** Runs a case against two servers and reports every step whose replies differ. */
import { normalize, sameWithin, show } from './normalize';
import type { Case, CompareOptions } from './script';
import { RawSession } from './session';

const REPLY_TIMEOUT_MS = 3000;
const NOREPLY_WAIT_MS = 150;
const RAW_QUIET_MS = 150;
/** Time left at the end of a case for replies still in flight before unread ones are counted. */
const TRAILING_WAIT_MS = 20;

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
  private controlSession: RawSession | undefined;
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

  /** Unread replies (raw) per connection index (only connections that have some). */
  public unread(): Map<number, string[]> {
    const out = new Map<number, string[]>();
    for (const [index, s] of this.conns) {
      const left = s.unreadReplies();
      if (left.length > 0) out.set(index, left);
    }
    return out;
  }

  /**
   * A connection of the runner's own, opened at the same step on both sides (so both servers see
   * the same clients), to watch for blocked clients.
   */
  public async control(): Promise<RawSession> {
    this.controlSession ??= await RawSession.open(this.port);
    return this.controlSession;
  }

  public closeAll(): void {
    for (const s of this.conns.values()) s.close();
    this.controlSession?.close();
  }
}

/** What one server sent back for a step: its normalized text and how many expected replies never came. */
interface StepReplies {
  readonly text: string;
  readonly missing: number;
}

const NO_REPLY = '<no reply>';

/** Commands that block the client until another connection serves them or a timeout fires. */
function isBlocking(args: readonly string[]): boolean {
  const name = args[0]?.toUpperCase() ?? '';
  if (['BLPOP', 'BRPOP', 'BLMOVE', 'BRPOPLPUSH', 'BLMPOP', 'BZPOPMIN', 'BZPOPMAX', 'BZMPOP', 'WAIT', 'WAITAOF'].includes(name)) return true;
  return (name === 'XREAD' || name === 'XREADGROUP') && args.some((a) => a.toUpperCase() === 'BLOCK');
}

/**
 * Clients CLIENT LIST shows blocked (flag b), asked on the side's control connection. CLIENT LIST
 * is an admin command: MONITOR does not show it, so cases that watch MONITOR see no difference.
 */
async function blockedClients(side: Side): Promise<number> {
  const control = await side.control();
  control.send(['CLIENT', 'LIST']);
  const r = await control.reply(REPLY_TIMEOUT_MS);
  return String(r?.value.value).split('\n').filter((line) => / flags=\S*b/.test(line)).length;
}

async function replies(side: Side, s: RawSession, args: string[], count: number, options: CompareOptions): Promise<StepReplies> {
  // A blocking command must really be blocked before a later step (on another connection) serves
  // it, as redis' own tests wait for it: a fixed wait is not enough on a loaded machine.
  const blockedBefore = count === 0 && isBlocking(args) ? await blockedClients(side) : undefined;
  s.send(args);
  if (count === 0) {
    const r = await s.reply(NOREPLY_WAIT_MS);
    if (r) return { text: `unexpected reply ${normalize(r, { directives: [], approx: 0, masks: [] })}`, missing: 0 };
    if (blockedBefore !== undefined) {
      // Without a deadline error: a command that never blocks shows up in the comparison anyway.
      const deadline = Date.now() + REPLY_TIMEOUT_MS;
      while (!s.isClosed && (await blockedClients(side)) <= blockedBefore && Date.now() < deadline) await new Promise((r2) => setTimeout(r2, 10));
    }
    // Both servers must agree on whether the silence is a closed connection.
    return { text: s.isClosed ? `${NO_REPLY} [connection closed]` : NO_REPLY, missing: 0 };
  }
  const parts: string[] = [];
  let missing = 0;
  for (let i = 0; i < count; i++) {
    const r = await s.reply(REPLY_TIMEOUT_MS);
    if (!r) missing++;
    parts.push(r ? normalize(r, options) : NO_REPLY);
  }
  if (options.directives.includes('sort-replies')) parts.sort();
  return { text: parts.join('\n'), missing };
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
      const e = await replies(expected, await expected.conn(), await expected.resolve(step.args), step.replies, step.compare);
      const a = await replies(actual, await actual.conn(), await actual.resolve(step.args), step.replies, step.compare);
      // A step waiting for replies that never come proves nothing, even when both sides are silent:
      // a blocked connection would make every later step on it pass.
      const silent = e.missing > 0 || a.missing > 0;
      if (silent || !sameWithin(e.text, a.text, step.compare.approx)) {
        const note = silent ? ` [${Math.max(e.missing, a.missing)} expected repl${Math.max(e.missing, a.missing) === 1 ? 'y' : 'ies'} missing; mark the step @noreply or fix @replies=N if none is due]` : '';
        mismatches.push({ line: step.line, step: step.text + note, expected: e.text, actual: a.text });
      }
    }
    // Replies nobody read mean a step expected too few (@replies=N). They are compared here, byte for
    // byte: the same trailing replies on both sides pass (a step whose count differs between
    // releases, say), anything else is reported.
    await new Promise((r) => setTimeout(r, TRAILING_WAIT_MS));
    const [unreadExpected, unreadActual] = [expected.unread(), actual.unread()];
    const fmt = (m: Map<number, string[]>) => [...m].map(([conn, left]) => `${left.length} on connection ${conn}: ${JSON.stringify(left.join(''))}`).join(', ') || 'none';
    const [e, a] = [fmt(unreadExpected), fmt(unreadActual)];
    if (e !== a) {
      mismatches.push({ line: c.line, step: 'replies left unread at the end of the case differ (raise @replies=N to compare them in place)', expected: e, actual: a });
    }
  } finally {
    expected.closeAll();
    actual.closeAll();
  }
  return mismatches;
}

/** A readable report of mismatches for a failing test. */
export function report(file: string, c: Case, mismatches: readonly Mismatch[], realName = 'redis-server'): string {
  const lines = [`${file}:${c.line} "${c.name}": ${mismatches.length} step(s) differ from ${realName}`];
  const width = Math.max(realName.length, 'our engine'.length) + 1;
  for (const m of mismatches) {
    lines.push(`  line ${m.line}: ${m.step}`);
    lines.push(`    ${`${realName}:`.padEnd(width)} ${m.expected}`);
    lines.push(`    ${'our engine:'.padEnd(width)} ${m.actual}`);
  }
  return lines.join('\n');
}
