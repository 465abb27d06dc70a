// The README's main job: synthesize the example app and print a summary of the caches it defines,
// straight from the TypeScript sources (no build step). The app is synthesized in this process into
// a temporary cloud assembly, which the `summary` command's reader then summarizes (the same output
// as `cdk-elasticache summary --assembly <dir>`).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { ExampleStack } from './example-stack';
import { renderSummary, summaryRows } from '../src/cli/commands/summary';

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-elasticache-example-'));
try {
  const app = new App({ outdir });
  new ExampleStack(app, 'CdkElastiCacheExample', { env: { region: 'us-east-1' } });
  app.synth();
  const rows = summaryRows({ assembly: outdir });
  process.stdout.write((process.argv.includes('--json') ? JSON.stringify(rows, null, 2) : renderSummary(rows)) + '\n');
} finally {
  fs.rmSync(outdir, { recursive: true, force: true });
}
