/**
 * Local ports for endpoints. Without a base port every listener takes a port the OS picks, so
 * simulators in parallel test workers never collide; with one, ports are handed out upwards from
 * it, skipping ports that are taken. A node that restarts gets its port back.
 */
import * as net from 'net';

/** Listens on `host:port`; rejects with the socket error (EADDRINUSE…). */
export function listen(server: net.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', onError);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

export class PortAllocator {
  private next: number | undefined;

  /** @param basePort first port to hand out; undefined lets the OS pick free ports. */
  constructor(basePort?: number) {
    if (basePort !== undefined && (!Number.isInteger(basePort) || basePort < 1 || basePort > 65535)) {
      throw new Error(`base port ${basePort} is not a TCP port (1-65535)`);
    }
    this.next = basePort;
  }

  /** Binds a server to the next available port (or exactly `port` when given). */
  public async bind(server: net.Server, host: string, port?: number): Promise<number> {
    if (port !== undefined) {
      try {
        return await listen(server, host, port);
      } catch (err) {
        throw new Error(`cannot listen on ${host}:${port} again: ${(err as Error).message}`);
      }
    }
    if (this.next === undefined) return listen(server, host, 0);
    for (;;) {
      const candidate = this.next++;
      if (candidate > 65535) throw new Error('no free port left above the base port');
      try {
        return await listen(server, host, candidate);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' && (err as NodeJS.ErrnoException).code !== 'EACCES') throw err;
      }
    }
  }
}
