/**
 * Where snapshot files, kept data and bucket objects live: a directory tree (`--state-dir`, kept
 * between runs) or memory (no state directory: gone when the simulator stops). Paths are
 * `/`-separated and relative to the root.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface BlobStore {
  put(key: string, data: Buffer): void;
  get(key: string): Buffer | undefined;
  /** Keys under a prefix (`snapshots/us-east-1/`), sorted. */
  list(prefix: string): string[];
  /** Removes a key, or every key under a prefix ending in `/`. */
  remove(keyOrPrefix: string): void;
  /** The file behind a key, when the store is a directory. */
  fileOf(key: string): string | undefined;
}

function checkKey(key: string): void {
  if (key.split('/').some((part) => part === '..' || part === '.') || key.startsWith('/')) throw new Error(`invalid storage key ${key}`);
}

export class MemoryBlobStore implements BlobStore {
  private readonly blobs = new Map<string, Buffer>();

  public put(key: string, data: Buffer): void {
    checkKey(key);
    this.blobs.set(key, Buffer.from(data));
  }

  public get(key: string): Buffer | undefined {
    return this.blobs.get(key);
  }

  public list(prefix: string): string[] {
    return [...this.blobs.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  public remove(keyOrPrefix: string): void {
    if (!keyOrPrefix.endsWith('/')) {
      this.blobs.delete(keyOrPrefix);
      return;
    }
    for (const key of this.list(keyOrPrefix)) this.blobs.delete(key);
  }

  public fileOf(): string | undefined {
    return undefined;
  }
}

export class DirectoryBlobStore implements BlobStore {
  constructor(private readonly root: string) {
    fs.mkdirSync(root, { recursive: true });
  }

  public fileOf(key: string): string {
    checkKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  public put(key: string, data: Buffer): void {
    const file = this.fileOf(key);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Write then rename, so a crash never leaves half a snapshot file behind.
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, data);
    fs.renameSync(temporary, file);
  }

  public get(key: string): Buffer | undefined {
    const file = this.fileOf(key);
    return fs.existsSync(file) && fs.statSync(file).isFile() ? fs.readFileSync(file) : undefined;
  }

  public list(prefix: string): string[] {
    const base = prefix.endsWith('/') ? prefix.slice(0, -1) : path.posix.dirname(prefix);
    const dir = base === '' || base === '.' ? this.root : this.fileOf(base);
    if (!fs.existsSync(dir)) return [];
    const found: string[] = [];
    const walk = (current: string) => {
      for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
        const full = path.join(current, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (!entry.name.endsWith('.tmp')) found.push(path.relative(this.root, full).split(path.sep).join('/'));
      }
    };
    walk(dir);
    return found.filter((k) => k.startsWith(prefix)).sort();
  }

  public remove(keyOrPrefix: string): void {
    const target = this.fileOf(keyOrPrefix.endsWith('/') ? keyOrPrefix.slice(0, -1) : keyOrPrefix);
    fs.rmSync(target, { recursive: true, force: true });
  }
}
