import { describeBinary, realVersion, Session, startOurs, startReal, Target } from '../support/harness';
import { normalizeBinary, normalizeText } from '../support/normalize';

/** A pause between steps (lets background threads settle), written as a step `<wait N>`. */
const WAIT = /^<wait (\d+)>$/;

export interface Pair {
  readonly ours: Target;
  readonly real: Target;
}

/**
 * Starts a real memcached and our engine with equivalent settings. Our engine is told to report the
 * same version string so version lines compare equal.
 */
export async function startPair(realArgs: string[] = [], parameters: Record<string, string | number> = {}): Promise<Pair> {
  const real = await startReal(realArgs);
  const version = await realVersion(real.port);
  const ours = await startOurs({ parameters: { ...parameters, version } });
  // Same first session on both, so per-command counters start equal.
  await realVersion(ours.port);
  return { ours, real };
}

/**
 * A pair whose real memcached runs without its LRU maintainer and crawler threads. Those threads
 * take brief item references at moments no client controls, and a reference decides whether an
 * increment rewrites an item in place; without them only replies not yet written hold items.
 */
export function startPairWithoutBackgroundThreads(): Promise<Pair> {
  return startPair(['-o', 'no_lru_maintainer,no_lru_crawler'], { lru_maintainer: 0, lru_crawler: 0 });
}

export async function stopPair(p: Pair | undefined): Promise<void> {
  if (!p) return;
  await Promise.all([p.ours.stop(), p.real.stop()]);
}

/** Runs text steps on one fresh connection to the target; returns the normalized transcript. */
export async function runText(target: Target, steps: readonly (string | Buffer)[]): Promise<string> {
  const s = await Session.open(target.port);
  const parts: string[] = [];
  try {
    for (const step of steps) {
      const w = typeof step === 'string' ? WAIT.exec(step) : null;
      if (w) {
        await new Promise((r) => setTimeout(r, Number(w[1])));
        continue;
      }
      const reply = await s.text(step);
      parts.push(`> ${JSON.stringify(typeof step === 'string' ? step : step.toString('latin1')).slice(0, 120)}\n${normalizeText(reply.toString('latin1'))}`);
    }
  } finally {
    s.close();
  }
  return parts.join('\n');
}

/** Seconds in meta replies: remaining TTLs (`t99`) and times since the last access (`l3`). */
const TIME_FLAG = /\b([tl])(\d+)\b/g;

/** True when two transcripts differ only in such seconds, each by one. */
function onlySecondsOneApart(a: string, b: string): boolean {
  if (a === b || a.replace(TIME_FLAG, '$1#') !== b.replace(TIME_FLAG, '$1#')) return false;
  const tb = [...b.matchAll(TIME_FLAG)];
  return [...a.matchAll(TIME_FLAG)].every((m, i) => Math.abs(Number(m[2]) - Number(tb[i][2])) <= 1);
}

/**
 * Runs text steps on both servers. The two count seconds from different moments, so a TTL or an
 * access age read just as one of them ticks comes out a second apart; such a run is repeated once,
 * and the repeat must match exactly.
 */
export async function runTextOnPair(pair: Pair, steps: readonly (string | Buffer)[]): Promise<[string, string]> {
  const run = () => Promise.all([runText(pair.ours, steps), runText(pair.real, steps)]);
  const first = await run();
  return onlySecondsOneApart(first[0], first[1]) ? run() : first;
}

/** Runs binary request packets (each followed by NOOP) and returns a normalized packet listing. */
export async function runBinary(target: Target, steps: readonly Buffer[]): Promise<string> {
  const s = await Session.open(target.port);
  const parts: string[] = [];
  try {
    for (const step of steps) {
      // Markers for a closed or silent connection show up as trailing bytes of the listing.
      const text = describeBinary(await s.binary(step));
      parts.push(`> op=${step[1].toString(16)}\n${normalizeBinary(text)}`);
    }
  } finally {
    s.close();
  }
  return parts.join('\n');
}
