/**
 * Helpers the engine benchmarks share: a free port, a process' CPU time, medians.
 */
import * as fs from 'fs';
import * as net from 'net';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** CPU time (user + system) a process has used, in seconds; undefined where /proc is missing. */
export function cpuSeconds(pid: number): number | undefined {
  const t = cpuTimes(pid);
  return t === undefined ? undefined : t.user + t.system;
}

/** A process' CPU time so far in seconds, split into user and system (kernel) time. */
export function cpuTimes(pid: number): { readonly user: number; readonly system: number } | undefined {
  try {
    const line = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = line.slice(line.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of /proc/<pid>/stat (11 and 12 after the command name).
    return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
  } catch {
    return undefined;
  }
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
