// The README's main job: synthesize the example app and print a summary of the caches it defines,
// straight from the TypeScript sources (no build step). The app is synthesized in this process into
// a temporary cloud assembly, which the `summary` command then reads.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { ExampleStack } from './example-stack';
import { main } from '../src/cli/main';

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-elasticache-example-'));
const app = new App({ outdir });
new ExampleStack(app, 'CdkElastiCacheExample', { env: { region: 'us-east-1' } });
app.synth();
process.on('exit', () => fs.rmSync(outdir, { recursive: true, force: true }));
main(['summary', '--assembly', outdir, ...process.argv.slice(2)]);
