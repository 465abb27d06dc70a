import * as fs from 'fs';
import * as path from 'path';

/**
 * The documentation the catalog cites: `shared/seeds/NNN_*.txt` (cited as `NNN:L<line>`) and
 * `shared/spec/*.md`, in the folder `shared` beside the repository checkout.
 */
export const SHARED_DIR = path.join(__dirname, '..', '..', '..', 'shared');
export const HAS_DOCS = fs.existsSync(path.join(SHARED_DIR, 'seeds'));

/** What the documentation tests do: run with the folder; without it, fail in CI and skip elsewhere. */
export type DocsMode = 'run' | 'fail' | 'skip';

export function docsMode(hasDocs: boolean, ci: string | undefined): DocsMode {
  if (hasDocs) return 'run';
  // CI=false or CI=0 is how some runners say "not CI".
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0' ? 'fail' : 'skip';
}

const MODE = docsMode(HAS_DOCS, process.env.CI);

if (MODE === 'skip') {
  // eslint-disable-next-line no-console
  console.warn(`Documentation folder ${SHARED_DIR} is absent: the catalog-versus-documentation tests are skipped (in CI they fail).`);
}

/**
 * `describe` for tests that read the documentation: runs them when the folder is present; without
 * it, a failing test in CI (a missing folder must not pass silently) and skipped tests elsewhere.
 */
export function describeWithDocs(name: string, body: () => void): void {
  if (MODE === 'run') describe(name, body);
  else if (MODE === 'fail') describe(name, () => test('needs the documentation folder', () => { throw new Error(missingDocsMessage()); }));
  else describe.skip(name, body);
}

/** Why a documentation test cannot run. */
export function missingDocsMessage(): string {
  return `Documentation folder ${SHARED_DIR} (seeds/ and spec/) is absent; CI needs it for the catalog-versus-documentation tests.`;
}

const cache = new Map<string, string[]>();

/** Lines of seed file `id` (e.g. `000`), 1-based: `seedLines('000')[4927]`. */
export function seedLines(id: string): string[] {
  let lines = cache.get(id);
  if (!lines) {
    const file = fs.readdirSync(path.join(SHARED_DIR, 'seeds')).find((f) => f.startsWith(`${id}_`));
    if (!file) throw new Error(`No seed file ${id}_*.txt`);
    lines = ['', ...fs.readFileSync(path.join(SHARED_DIR, 'seeds', file), 'utf8').split('\n')];
    cache.set(id, lines);
  }
  return lines;
}

/** The seed references (`000:L4932`) in a `source` string, ignoring URLs. */
export function seedRefs(source: string): Array<{ file: string; line: number }> {
  return [...source.matchAll(/\b(\d{3}):L(\d+)\b/g)].map((m) => ({ file: m[1], line: Number(m[2]) }));
}

/** The text of one seed reference. */
export function seedLine(file: string, line: number): string {
  const lines = seedLines(file);
  if (line < 1 || line >= lines.length) throw new Error(`${file}:L${line} is beyond the end of the seed (${lines.length - 1} lines)`);
  return lines[line];
}

/** Lines `from`..`to` of a seed, with their numbers. */
export function seedRange(file: string, from: number, to: number): Array<{ line: number; text: string }> {
  const lines = seedLines(file);
  const out = [];
  for (let i = from; i <= to; i++) out.push({ line: i, text: lines[i] });
  return out;
}
