import { App } from 'aws-cdk-lib';
import { ExampleSecondaryStack, ExampleStack } from './example-stack';

/** The Regions of the example: the Global Datastore needs explicit ones. */
export const PRIMARY_REGION = 'us-east-1';
export const SECONDARY_REGION = 'us-west-2';

/** Adds the example's two stacks to an app (the app, the README's main job and the tests share this). */
export function addExampleStacks(app: App): { primary: ExampleStack; secondary: ExampleSecondaryStack } {
  const primary = new ExampleStack(app, 'CdkElastiCacheExample', { env: { region: PRIMARY_REGION } });
  const secondary = new ExampleSecondaryStack(app, 'CdkElastiCacheExampleWest', primary, { env: { region: SECONDARY_REGION } });
  return { primary, secondary };
}
