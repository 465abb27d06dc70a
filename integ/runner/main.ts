/**
 * `npm run integ`: every integ/integ.*.ts app (or the files named on the command line) started in
 * the simulator with its IntegTest assertions and data-plane checks. Prints each check, what
 * differed for each failure, and exits non-zero when one failed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runApp } from './run-app';

async function main(): Promise<number> {
  const dir = path.join(__dirname, '..');
  const named = process.argv.slice(2);
  const files = named.length > 0 ? named : fs.readdirSync(dir).filter((f) => /^integ\..+\.ts$/.test(f)).sort().map((f) => path.join(dir, f));
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const file of files) {
    const result = await runApp(file);
    const bad = result.checks.filter((c) => c.failure !== undefined);
    process.stdout.write(`${bad.length > 0 ? 'FAIL' : 'PASS'} ${path.basename(file)} (${result.seconds.toFixed(1)} s)\n`);
    for (const check of result.checks) {
      if (check.failure !== undefined) {
        failed++;
        process.stdout.write(`  ✗ ${check.name}\n${check.failure.split('\n').map((l) => `      ${l}`).join('\n')}\n`);
      } else if (check.skipped !== undefined) {
        skipped++;
        process.stdout.write(`  - ${check.name} (not run: ${check.skipped})\n`);
      } else {
        passed++;
        process.stdout.write(`  ✓ ${check.name}\n`);
      }
    }
  }
  process.stdout.write(`\n${files.length} integ apps: ${passed} checks passed, ${failed} failed, ${skipped} not run\n`);
  return failed > 0 ? 1 : 0;
}

main().then((code) => process.exit(code), (err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
