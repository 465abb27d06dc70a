/** In-process helpers for engine unit tests: run commands without sockets and read plain replies. */
import { ReplyParser, RespValue, toPlain } from '../../../../src/engines/resp';
import type { Client } from '../../../../src/engines/valkey/server/client';
import { ValkeyServer, ValkeyServerOptions } from '../../../../src/engines/valkey/server/server';

/** Parses every reply in `bytes`. */
export function parseReplies(bytes: Buffer): RespValue[] {
  const p = new ReplyParser();
  p.append(bytes);
  const out: RespValue[] = [];
  for (let r = p.next(); r; r = p.next()) out.push(r.value);
  return out;
}

export class TestEngine {
  public readonly server: ValkeyServer;
  public readonly client: Client;
  private now: number;

  constructor(options: ValkeyServerOptions = {}) {
    this.now = 1_700_000_000_000;
    this.server = new ValkeyServer({ port: 0, clock: () => this.now, ...options });
    this.client = this.server.createInternalClient();
  }

  /** Advances the virtual clock. */
  public advance(ms: number): void {
    this.now += ms;
  }

  public get time(): number {
    return this.now;
  }

  /** Runs a command and returns its raw reply bytes as a latin1 string. */
  public raw(...argv: string[]): string {
    return this.server.runCommand(this.client, argv).toString('latin1');
  }

  /** Runs a command as `client` and returns the plain reply (Error for error replies). */
  public runAs(client: Client, ...argv: string[]): unknown {
    const replies = parseReplies(this.server.runCommand(client, argv));
    if (replies.length !== 1) throw new Error(`expected one reply to ${argv.join(' ')}, got ${replies.length}`);
    return toPlain(replies[0]);
  }

  /** Runs a command and returns the plain reply. */
  public run(...argv: string[]): unknown {
    return this.runAs(this.client, ...argv);
  }

  public newClient(): Client {
    return this.server.createInternalClient();
  }
}
