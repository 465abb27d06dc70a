import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The equivalent of integ-runner's dry run, without an AWS account: every `integ/integ.*.ts` app is
 * synthesized again and its templates and test-case manifest are compared with the snapshot checked
 * in beside it (`integ/<name>.js.snapshot/`). Set INTEG_UPDATE_SNAPSHOTS=1 (or run
 * `npm run integ:snapshot`) to rewrite the snapshots on purpose.
 */
const INTEG_DIR = path.join(__dirname, '..', '..', 'integ');
const UPDATE = process.env.INTEG_UPDATE_SNAPSHOTS === '1';
/** Files kept in a snapshot: what integ-runner needs to deploy it, minus bundled asset code. */
const KEPT = /(\.template\.json|\.assets\.json|\.metadata\.json|^manifest\.json|^integ\.json)$/;
/** Files compared: the CloudFormation templates and the test cases. */
const COMPARED = /(\.template\.json|^integ\.json)$/;

/**
 * Assertion custom resources carry a `salt` (the synthesis time, so each deployment re-runs them);
 * integ-runner ignores it too. Everything else must match exactly.
 */
function normalize(text: string): unknown {
  return JSON.parse(text, (key, value) => (key === 'salt' ? '(salt)' : value));
}

// Each app synthesizes in a beforeAll, which takes long on a loaded machine.
jest.setTimeout(180_000);

const apps = fs.readdirSync(INTEG_DIR).filter((f) => /^integ\..+\.ts$/.test(f)).sort();

/** Synthesizes one integ app into a fresh directory, without stack traces (they hold local paths). */
function synthesize(file: string): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'integ-snapshot-'));
  const saved = { out: process.env.CDK_OUTDIR, ctx: process.env.CDK_CONTEXT_JSON };
  process.env.CDK_OUTDIR = outdir;
  process.env.CDK_CONTEXT_JSON = JSON.stringify({ 'aws:cdk:disable-stack-trace': true, 'aws:cdk:disable-creation-stack-traces': true });
  try {
    // A fresh module registry per app: each integ file builds and synthesizes its App when loaded.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    jest.isolateModules(() => require(path.join(INTEG_DIR, file)));
  } finally {
    restore('CDK_OUTDIR', saved.out);
    restore('CDK_CONTEXT_JSON', saved.ctx);
  }
  return outdir;
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name]; else process.env[name] = value;
}

function files(dir: string, pattern: RegExp): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => pattern.test(f)).sort() : [];
}

test('every cache construct has an integ app', () => {
  expect(apps).toEqual([
    'integ.access-and-parameters.ts',
    'integ.cluster-mode-replication-group.ts',
    'integ.global-datastore.ts',
    'integ.memcached-cluster.ts',
    'integ.replication-group-operations.ts',
    'integ.replication-group-rbac.ts',
    'integ.replication-group.ts',
    'integ.serverless-cache.ts',
  ]);
});

describe.each(apps)('%s', (file) => {
  const snapshotDir = path.join(INTEG_DIR, file.replace(/\.ts$/, '.js.snapshot'));
  let outdir: string;
  beforeAll(() => {
    outdir = synthesize(file);
    if (UPDATE) {
      fs.rmSync(snapshotDir, { recursive: true, force: true });
      fs.mkdirSync(snapshotDir, { recursive: true });
      for (const f of files(outdir, KEPT)) fs.copyFileSync(path.join(outdir, f), path.join(snapshotDir, f));
    }
  });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('has a checked-in snapshot with the same files', () => {
    expect(files(snapshotDir, COMPARED).length).toBeGreaterThan(0);
    expect(files(outdir, COMPARED)).toEqual(files(snapshotDir, COMPARED));
  });

  test('synthesizes exactly the snapshot (templates and test cases)', () => {
    for (const f of files(snapshotDir, COMPARED)) {
      const actual = normalize(fs.readFileSync(path.join(outdir, f), 'utf8'));
      const expected = normalize(fs.readFileSync(path.join(snapshotDir, f), 'utf8'));
      expect({ file: f, content: actual }).toEqual({ file: f, content: expected });
    }
  });

  test('the snapshot holds no local paths', () => {
    for (const f of files(snapshotDir, KEPT)) {
      const text = fs.readFileSync(path.join(snapshotDir, f), 'utf8');
      expect({ file: f, hasLocalPath: text.includes(path.join(__dirname, '..', '..')) || text.includes(os.tmpdir() + path.sep) })
        .toEqual({ file: f, hasLocalPath: false });
    }
  });
});
