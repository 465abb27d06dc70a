import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/main';

/** The bin's entry point run in-process: what it writes to stdout and stderr, and its exit code. */
async function run(args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number | undefined }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  });
  const before = process.exitCode;
  try {
    main(args);
    // main() settles its parse promise on its own; let it run to the end.
    await new Promise((resolve) => setImmediate(resolve));
    const exitCode = process.exitCode === undefined ? undefined : Number(process.exitCode);
    return { stdout, stderr, exitCode };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = before;
  }
}

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));

describe('cdk-elasticache --version', () => {
  test.each(['--version', '-v'])('%s prints the package version and exits 0', async (flag) => {
    const result = await run([flag]);
    expect(result).toEqual({ stdout: `${manifest.version}\n`, stderr: '', exitCode: 0 });
  });
});

describe('cdk-elasticache --help', () => {
  test('prints the usage, the description, both options and every subcommand, and exits 0', async () => {
    const { stdout, stderr, exitCode } = await run(['--help']);
    expect(exitCode).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^Usage: cdk-elasticache \[options\] \[command\]\n/);
    // Commander wraps the description to the terminal width.
    expect(stdout.replace(/\s+/g, ' ')).toContain('Amazon ElastiCache constructs for the AWS CDK, and a local simulator that runs them.');
    expect(stdout).toMatch(/-v, --version\s+print the version and exit/);
    expect(stdout).toMatch(/-h, --help\s+display help for command/);
    for (const command of ['summary', 'engine', 'simulate']) expect(stdout).toMatch(new RegExp(`\\n  ${command}\\b`));
  });

  test('an unknown option is an error on stderr with the help after it, exit code 1', async () => {
    const { stdout, stderr, exitCode } = await run(['--frobnicate']);
    expect(exitCode).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain("error: unknown option '--frobnicate'");
    expect(stderr).toContain('Usage: cdk-elasticache [options] [command]');
  });
});
