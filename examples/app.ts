// The example CDK app (`cdk synth --app "npx ts-node --transpile-only examples/app.ts"`); the
// README's main job synthesizes it and prints a summary of the caches it defines.
import { App } from 'aws-cdk-lib';
import { addExampleStacks } from './example-app';

const app = new App();
addExampleStacks(app);
app.synth();
