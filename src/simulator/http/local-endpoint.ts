/**
 * The HTTP plumbing the simulator's AWS API endpoints share (the ElastiCache control plane and
 * CloudWatch): a listener on a local address, its URL for an SDK's `endpoint` option, a stop that
 * does not wait for idle keep-alive sockets, and request bodies read with a size limit.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

/** Request bodies above this size are refused (the services' own limits are lower still). */
export const MAX_BODY_BYTES = 1024 * 1024;

export type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

export class LocalHttpEndpoint {
  private readonly server: http.Server;
  private port: number | undefined;

  /**
   * @param name what the endpoint serves, for the error when its URL is asked before it started
   */
  constructor(private readonly host: string, private readonly requestedPort: number, private readonly name: string, handler: RequestHandler) {
    this.server = http.createServer((req, res) => void handler(req, res));
    // Longer than clients keep idle sockets, so a client never reuses a socket the server is closing (ECONNRESET).
    this.server.keepAliveTimeout = 65_000;
  }

  public async start(): Promise<{ host: string; port: number }> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.requestedPort, this.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    return { host: this.host, port: this.port };
  }

  /** `http://host:port`, for the SDK's `endpoint` option. */
  public get url(): string {
    if (this.port === undefined) throw new Error(`the ${this.name} has not started`);
    return `http://${this.host}:${this.port}`;
  }

  public async stop(): Promise<void> {
    if (this.port === undefined) return;
    this.port = undefined;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * An AWS API endpoint of the simulator: the listener's life cycle, with the protocol (query/XML,
 * JSON…) left to `handle`.
 */
export abstract class LocalApiServer {
  private readonly endpoint: LocalHttpEndpoint;

  /** @param name what the endpoint serves (for errors) */
  protected constructor(host: string, port: number, name: string) {
    this.endpoint = new LocalHttpEndpoint(host, port, name, (req, res) => this.handle(req, res));
  }

  public start(): Promise<{ host: string; port: number }> {
    return this.endpoint.start();
  }

  /** `http://host:port`, for the SDK's `endpoint` option. */
  public get url(): string {
    return this.endpoint.url;
  }

  public stop(): Promise<void> {
    return this.endpoint.stop();
  }

  /** Answers one request (never rejects: failures become the protocol's error responses). */
  protected abstract handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>;
}

/** The whole request body; `tooLarge` makes the error the endpoint's protocol answers with. */
export function readBody(req: http.IncomingMessage, tooLarge: (message: string) => Error): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(tooLarge(`Request body larger than ${MAX_BODY_BYTES} bytes.`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
