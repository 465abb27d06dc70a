import { execSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Command } from 'commander';
import * as YAML from 'yaml';
import { formatTable, summarizeTemplate, SummaryRow, TemplateLike } from './summary-rows';

/**
 * `cdk-elasticache summary`: prints the ElastiCache resources a synthesized app defines, from a
 * CDK app command, a cloud assembly directory or a single template.
 */
export function registerSummaryCommand(program: Command): void {
  program
    .command('summary')
    .description('summarize the ElastiCache resources of a CDK app, cloud assembly or CloudFormation template')
    .option('--app <command>', 'a command that synthesizes a CDK app (run with CDK_OUTDIR set to a temporary directory)')
    .option('--assembly <dir>', 'a cloud assembly directory (e.g. cdk.out)')
    .option('--template <file>', 'a CloudFormation template (JSON or YAML)')
    .option('--json', 'print the rows as JSON instead of a table')
    .action((opts: SummaryOptions) => {
      const rows = summaryRows(opts);
      process.stdout.write(opts.json ? JSON.stringify(rows, null, 2) + '\n' : renderSummary(rows) + '\n');
    });
}

export interface SummaryOptions {
  readonly app?: string;
  readonly assembly?: string;
  readonly template?: string;
  readonly json?: boolean;
}

/** Reads the chosen source; exactly one of app, assembly and template must be given. */
export function summaryRows(opts: SummaryOptions): SummaryRow[] {
  const given = [opts.app, opts.assembly, opts.template].filter((o) => o !== undefined).length;
  if (given !== 1) throw new Error('give exactly one of --app <command>, --assembly <dir> or --template <file>');
  if (opts.template) return summarizeTemplate(path.basename(opts.template), readTemplate(opts.template));
  if (opts.assembly) return summarizeAssembly(opts.assembly);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-elasticache-summary-'));
  try {
    synthesize(opts.app!, outdir);
    return summarizeAssembly(outdir);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

export function renderSummary(rows: readonly SummaryRow[]): string {
  if (rows.length === 0) return 'No ElastiCache resources found.';
  const caches = rows.filter((r) => ['ServerlessCache', 'CacheCluster', 'ReplicationGroup', 'GlobalReplicationGroup'].includes(r.type)).length;
  return `${formatTable(rows)}\n\n${caches} cache(s), ${rows.length} ElastiCache resource(s).`;
}

export function synthesize(command: string, outdir: string): void {
  try {
    execSync(command, { env: { ...process.env, CDK_OUTDIR: outdir }, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`the app command failed: ${command}${stderr ? '\n' + stderr : ''}`);
  }
}

/** Every stack of a cloud assembly (nested assemblies of stages included), in manifest order. */
export function summarizeAssembly(dir: string): SummaryRow[] {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new Error(`${dir} is not a cloud assembly (no manifest.json)`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { artifacts?: Record<string, Artifact> };
  const rows: SummaryRow[] = [];
  for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (artifact.type === 'aws:cloudformation:stack' && artifact.properties?.templateFile) {
      const name = artifact.properties.stackName ?? artifact.displayName ?? id;
      rows.push(...summarizeTemplate(name, readTemplate(path.join(dir, artifact.properties.templateFile))));
    } else if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      rows.push(...summarizeAssembly(path.join(dir, artifact.properties.directoryName)));
    }
  }
  return rows;
}

interface Artifact {
  readonly type: string;
  readonly displayName?: string;
  readonly properties?: { templateFile?: string; stackName?: string; directoryName?: string };
}

/** CloudFormation short-form YAML tags, read as their long JSON forms. */
const CFN_TAGS: YAML.ScalarTag[] | YAML.CollectionTag[] = [
  ...['Ref', 'Condition'].map((name) => shortTags(name, name)),
  ...['GetAtt', 'Sub', 'Join', 'Select', 'Split', 'If', 'Equals', 'And', 'Or', 'Not', 'FindInMap', 'Base64', 'Cidr', 'GetAZs', 'ImportValue']
    .map((name) => shortTags(name, `Fn::${name}`)),
].flat() as YAML.ScalarTag[];

/** The scalar, sequence and mapping forms of one short tag (`!Ref X`, `!Join [...]`, `!Sub {...}`). */
function shortTags(tag: string, key: string): Array<YAML.ScalarTag | YAML.CollectionTag> {
  const wrap = (value: unknown) => ({ [key]: tag === 'GetAtt' && typeof value === 'string' ? value.split('.') : value });
  return [
    { tag: `!${tag}`, resolve: (v: string) => wrap(v) } as YAML.ScalarTag,
    { tag: `!${tag}`, collection: 'seq', resolve: (v: YAML.YAMLSeq) => wrap(v.toJSON()) } as unknown as YAML.CollectionTag,
    { tag: `!${tag}`, collection: 'map', resolve: (v: YAML.YAMLMap) => wrap(v.toJSON()) } as unknown as YAML.CollectionTag,
  ];
}

export function readTemplate(file: string): TemplateLike {
  const text = fs.readFileSync(file, 'utf8');
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) return JSON.parse(text) as TemplateLike;
  return YAML.parse(text, { customTags: CFN_TAGS }) as TemplateLike;
}
