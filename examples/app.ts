// The example CDK app (`cdk synth --app "npx ts-node --transpile-only examples/app.ts"`); the
// README's main job synthesizes it and prints a summary of the caches it defines.
import { App } from 'aws-cdk-lib';
import { ExampleStack } from './example-stack';

const app = new App();
new ExampleStack(app, 'CdkElastiCacheExample', { env: { region: process.env.CDK_DEFAULT_REGION ?? 'us-east-1' } });
app.synth();
