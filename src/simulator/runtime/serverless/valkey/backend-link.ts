/**
 * A proxy connection's session on one internal engine node: an engine client (with its own
 * database, RESP version, authentication, transaction, watches and subscriptions, as redis keeps
 * them per connection) attached through an in-process socket. Commands run synchronously and
 * their reply is taken straight from the client's output; what the engine writes later (a blocked
 * command's reply, pub/sub messages) arrives through the socket and goes to `onLate`.
 */
import type * as net from 'net';
import { ReplyWriter } from '../../../../engines/resp';
import { CLIENT, Client, CMD, ValkeyServer } from '../../../../engines/valkey';
import { ERR } from '../../../../engines/valkey/util/errors';
import { InProcessSocket, Peer } from '../in-process-socket';

export class BackendLink {
  public readonly client: Client;
  private readonly socket: InProcessSocket;

  /**
   * Opens a session on `server`. Throws when the engine refuses the connection (maxclients):
   * the error carries the engine's reply.
   */
  constructor(
    public readonly server: ValkeyServer,
    peer: Peer,
    private readonly onLate: (link: BackendLink, bytes: Buffer) => void,
    onClosed: (link: BackendLink) => void,
  ) {
    const refused: Buffer[] = [];
    let attached = false;
    this.socket = new InProcessSocket(peer, (bytes) => (attached ? this.onLate(this, bytes) : refused.push(bytes)), () => onClosed(this));
    server.handleConnection(this.socket as unknown as net.Socket);
    const client = findClient(server, this.socket);
    if (!client) throw new BackendRefused(Buffer.concat(refused));
    this.client = client;
    attached = true;
  }

  /**
   * Runs one command: its reply bytes (after any pushes the engine had queued for this client),
   * whether it blocked (its reply then comes later, through `onLate`), and its engine time.
   */
  public exec(argv: readonly string[]): { bytes: Buffer; blocked: boolean; nanos: number } {
    const c = this.client;
    const start = process.hrtime.bigint();
    // The engine may rewrite the arguments it keeps (AUTH passwords are redacted): give it a copy,
    // so the same request can go to every shard.
    this.server.processCommand(c, argv.slice());
    const nanos = Number(process.hrtime.bigint() - start);
    const out = c.out;
    const bytes = Buffer.from(out.buf.subarray(0, out.len));
    out.len = 0;
    const blocked = c.has(CLIENT.BLOCKED);
    // Serves clients this command unblocked and writes what other clients were sent meanwhile.
    this.server.afterInput(c);
    return { bytes, blocked, nanos };
  }

  /**
   * The error this session would get for a command before it runs (not authenticated, or not
   * permitted by its user's ACL), as the engine checks them; undefined when it may run.
   */
  public refusal(argv: readonly string[]): Buffer | undefined {
    const cmd = this.server.commands.find(argv);
    if (!cmd) return undefined;
    let error: string | undefined;
    if (!this.client.authenticated && !cmd.has(CMD.NO_AUTH) && this.server.authRequiredByDefault()) error = ERR.NOAUTH;
    else error = this.server.hooks.checkPermission?.(this.client, cmd, argv, false);
    if (error === undefined) return undefined;
    const w = new ReplyWriter(64);
    w.error(error);
    return w.take();
  }

  /** True while the engine client is blocked (BLPOP, XREAD BLOCK, WAIT…). */
  public get blocked(): boolean {
    return this.client.has(CLIENT.BLOCKED);
  }

  /** Ends the session (the engine drops the client's transaction, watches and subscriptions). */
  public close(): void {
    this.socket.destroy();
  }
}

/** The engine refused a session; `reply` is what it sent before closing. */
export class BackendRefused extends Error {
  constructor(public readonly reply: Buffer) {
    super(`the engine refused the connection: ${reply.toString('latin1').trim()}`);
  }
}

function findClient(server: ValkeyServer, socket: InProcessSocket): Client | undefined {
  // The newest client is the last one added to the map: look from there.
  const clients = [...server.clients.values()];
  for (let i = clients.length - 1; i >= 0; i--) {
    if (clients[i].socket === (socket as unknown as net.Socket)) return clients[i];
  }
  return undefined;
}
