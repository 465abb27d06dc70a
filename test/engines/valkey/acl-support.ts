/** Helpers for the ACL, pub/sub and tracking suites: an engine on a free port and raw TCP sessions. */
import { RawSession } from './differential/session';
import { toPlain } from '../../../src/engines/resp';
import { ValkeyServer, ValkeyServerOptions } from '../../../src/engines/valkey/server/server';
import { onFreePort } from '../../support/ports';

/** An engine listening on 127.0.0.1 and a free port. Stop it in afterAll/afterEach. */
export async function startEngine(options: ValkeyServerOptions = {}): Promise<{ server: ValkeyServer; port: number }> {
  const { port, value: server } = await onFreePort(async (p) => {
    const s = new ValkeyServer({ port: p, ...options });
    await s.start();
    return s;
  });
  return { server, port };
}

/** A connection that sends commands and returns plain replies (errors as Error objects). */
export class Session {
  public static async open(port: number): Promise<Session> {
    return new Session(await RawSession.open(port));
  }

  private constructor(private readonly raw: RawSession) {}

  /** Sends a command and returns its first reply. */
  public async call(...argv: string[]): Promise<unknown> {
    const [first] = await this.replies(1, ...argv);
    return first;
  }

  /** Sends a command and reads `n` replies (pushes included). */
  public async replies(n: number, ...argv: string[]): Promise<unknown[]> {
    this.raw.send(argv);
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) out.push(await this.next());
    return out;
  }

  /** The next reply or push already sent by the server (undefined after `timeoutMs`). */
  public async next(timeoutMs = 2000): Promise<unknown> {
    const r = await this.raw.reply(timeoutMs);
    return r === undefined ? undefined : toPlain(r.value);
  }

  /** The next reply's raw bytes (latin1). */
  public async rawNext(timeoutMs = 2000): Promise<string | undefined> {
    const r = await this.raw.reply(timeoutMs);
    return r?.raw.toString('latin1');
  }

  public send(...argv: string[]): void {
    this.raw.send(argv);
  }

  public get closed(): boolean {
    return this.raw.isClosed;
  }

  public close(): void {
    this.raw.close();
  }
}

/** The text of an error reply (toPlain turns error replies into Error objects). */
export function errorText(v: unknown): string {
  return v instanceof Error ? v.message : `not an error: ${JSON.stringify(v)}`;
}
