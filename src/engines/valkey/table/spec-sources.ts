/**
 * The captured command metadata a server's table is built from: redis-server 7.0's (with the
 * families' own additions for later Redis OSS versions), or, for a server emulating a Valkey
 * release from 8.0 on, valkey-server's. Valkey 8 changed flags (MULTI and WATCH are no-multi),
 * docs and HELP texts; taking them from its own capture keeps COMMAND and HELP replies exact.
 */
import { VALKEY_COMMAND_SPECS, VALKEY_HELP_TEXTS } from './command-specs-valkey.generated';
import { COMMAND_SPECS, HELP_TEXTS } from './command-specs.generated';
import type { CommandSpecData } from './spec-data';

export interface SpecSource {
  /** `redis` or `valkey` (cache keys). */
  readonly key: string;
  readonly specs: readonly CommandSpecData[];
  /** Captured top-level and subcommand specs by full name. */
  readonly byName: ReadonlyMap<string, CommandSpecData>;
  /** Lines of each container command's HELP reply. */
  readonly helpTexts: Readonly<Record<string, readonly string[]>>;
  /**
   * True when the capture is the emulated release's own table: its specs are taken as they are
   * (the families' overrides and later-version patches describe Redis OSS 7.0's table).
   */
  readonly complete: boolean;
}

type HelpTexts = Readonly<Record<string, readonly string[]>>;

function source(key: string, specs: readonly CommandSpecData[], helpTexts: HelpTexts, complete: boolean): SpecSource {
  const byName = new Map<string, CommandSpecData>();
  for (const spec of specs) {
    byName.set(spec.name, spec);
    for (const sub of spec.subcommands ?? []) byName.set(sub.name, sub);
  }
  return { key, specs, byName, helpTexts, complete };
}

export const REDIS_SPECS = source('redis', COMMAND_SPECS, HELP_TEXTS, false);
export const VALKEY_SPECS = source('valkey', VALKEY_COMMAND_SPECS, VALKEY_HELP_TEXTS, true);

/** The source for a server: Valkey's own capture when it emulates a Valkey release from 8.0 on. */
export function specSourceFor(valkeyVersion: string | undefined): SpecSource {
  return valkeyVersion ? VALKEY_SPECS : REDIS_SPECS;
}
