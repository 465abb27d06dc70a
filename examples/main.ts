// The README's main job: synthesize the example app and print a summary of the caches it defines,
// straight from the TypeScript sources (no build step). The app is synthesized in this process into
// a temporary cloud assembly, which the `summary` command's reader then summarizes (the same output
// as `cdk-elasticache summary --assembly <dir>`), followed by the alarms per stack and the result of
// cdk-nag's AwsSolutions pack on the app.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addExampleStacks } from './example-app';
import { readTemplate, renderSummary, summaryRows } from '../src/cli/commands/summary';

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-elasticache-example-'));
try {
  const app = new App({ outdir });
  const { primary, secondary } = addExampleStacks(app);
  const assembly = app.synth();
  const rows = summaryRows({ assembly: outdir });
  if (process.argv.includes('--json')) {
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
  } else {
    const alarms = [primary, secondary].map((stack) => {
      const template = readTemplate(path.join(outdir, assembly.getStackByName(stack.stackName).templateFile));
      const count = Object.values(template.Resources ?? {}).filter((r) => r.Type === 'AWS::CloudWatch::Alarm').length;
      return `${stack.stackName} ${count}`;
    });
    const findings = new AwsSolutionsChecks().validateScope(app).violations;
    const nag = findings.length === 0
      ? 'no findings (the acknowledged ones are listed in the README)'
      : findings.map((v) => `${v.ruleName} on ${v.violatingResources.map((r) => r.constructPath).join(', ')}`).join('; ');
    process.stdout.write(`${renderSummary(rows)}\nRecommended alarms: ${alarms.join(', ')}.\ncdk-nag AwsSolutions: ${nag}\n`);
  }
} finally {
  fs.rmSync(outdir, { recursive: true, force: true });
}
