// The README's main job: synthesize the example app and start it in the simulator, printing every
// endpoint (AWS hostname → local address), its TLS and its users. Straight from the TypeScript
// sources, no build step. It stops after printing; `npm run main -- --keep-running` keeps the
// caches up until Ctrl-C (as `cdk-elasticache simulate --app ...` does).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { addExampleStacks } from './example-app';
import { runSimulate } from '../src/cli/commands/simulate';

async function main(): Promise<void> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-elasticache-example-'));
  try {
    const app = new App({ outdir });
    addExampleStacks(app);
    app.synth();
    const args = process.argv.slice(2);
    await runSimulate({
      assembly: outdir,
      json: args.includes('--json'),
      showSecrets: args.includes('--show-secrets'),
      once: !args.includes('--keep-running'),
      seed: 'example',
    });
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
