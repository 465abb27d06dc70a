import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The engines' modules keep their exports objects in V8's fast mode. TypeScript compiles
 * `export { x }` of an imported name and `export … from` into an accessor defined over the data
 * property it first declared; that redefinition turns the whole exports object into a dictionary,
 * and every use of the module's names in optimized code (ZADD's flag constants, on every request)
 * into a runtime lookup. Barrels (`index.ts`) re-export by design and are not on request paths.
 */

const ROOT = path.resolve(__dirname, '../..');
const ENGINES = path.join(ROOT, 'src/engines');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') && e.name !== 'index.ts' ? [p] : [];
  });
}

/** Loads each module in a node with V8's natives syntax and lists those whose exports are slow. */
function slowExports(modules: string[]): string[] {
  const probe = `
    const files = JSON.parse(process.argv[1]);
    const slow = [];
    for (const f of files) {
      const exported = require(f);
      if (!%HasFastProperties(exported)) slow.push(f);
    }
    process.stdout.write(JSON.stringify(slow));
  `;
  const out = execFileSync(process.execPath, ['--allow-natives-syntax', '-r', 'ts-node/register/transpile-only', '-e', probe, JSON.stringify(modules)], {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') },
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.toString()) as string[];
}

describe('engine module exports', () => {
  test('no engine module has its exports in dictionary mode', () => {
    const modules = sources(ENGINES);
    expect(modules.length).toBeGreaterThan(100);
    expect(slowExports(modules).map((f) => path.relative(ROOT, f))).toEqual([]);
  }, 120_000);

  test('the probe tells a re-exporting module from a plain one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exports-probe-'));
    try {
      const plain = path.join(dir, 'plain.ts');
      const reexporting = path.join(dir, 'reexporting.ts');
      fs.writeFileSync(plain, 'export const A = 1;\nexport function f(): number { return A; }\n');
      fs.writeFileSync(reexporting, "import { A } from './plain';\nexport const B = 2;\nexport { A };\n");
      expect(slowExports([plain, reexporting])).toEqual([reexporting]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
