/**
 * Values of `Fn::ImportValue` in assertions. An assertion that names a resource of the test stack
 * by token (a generated secret's ARN, a parameter group's generated name) synthesizes as an export
 * of the test stack imported by the assertion stack; the runner reads the export from the test
 * stack's template and takes the `Ref` value the simulator gave that resource.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Simulator } from '../../src';
import type { Origin } from '../../src/simulator/model';

type Output = { Value?: unknown; Export?: { Name?: unknown } };

/** Export name → the exported value as the template writes it, for the stacks of a test case. */
export function readExports(outdir: string, stacks: readonly string[]): Map<string, { stack: string; value: unknown }> {
  const exports = new Map<string, { stack: string; value: unknown }>();
  for (const stack of stacks) {
    const file = path.join(outdir, `${stack}.template.json`);
    if (!fs.existsSync(file)) continue;
    const outputs = (JSON.parse(fs.readFileSync(file, 'utf8')) as { Outputs?: Record<string, Output> }).Outputs ?? {};
    for (const output of Object.values(outputs)) {
      if (typeof output.Export?.Name === 'string') exports.set(output.Export.Name, { stack, value: output.Value });
    }
  }
  return exports;
}

/** The `Ref` value of every simulated resource, by stack and logical id. */
function refValues(sim: Simulator): Map<string, string> {
  const runtime = sim._runtime;
  const topology = runtime.topology;
  const refs = new Map<string, string>();
  const add = (origin: Origin | undefined, value: string) => {
    if (origin) refs.set(`${origin.stack}/${origin.logicalId}`, value);
  };
  topology.secrets.forEach((s) => add(s.origin, s.arn));
  topology.parameterGroups.forEach((g) => add(g.origin, g.name));
  topology.subnetGroups.forEach((g) => add(g.origin, g.name));
  topology.users.forEach((u) => add(u.origin, u.userId));
  topology.userGroups.forEach((g) => add(g.origin, g.userGroupId));
  runtime.caches.forEach((c) => add(c.model.origin, c.id));
  return refs;
}

/** Resolves `Fn::ImportValue` of an export whose value is a `Ref` to a simulated resource. */
export function importValue(sim: Simulator, exports: ReadonlyMap<string, { stack: string; value: unknown }>, name: unknown): string {
  const exported = typeof name === 'string' ? exports.get(name) : undefined;
  if (!exported) throw new Error(`cannot resolve Fn::ImportValue ${JSON.stringify(name)}: no test stack exports it`);
  const ref = (exported.value as { Ref?: unknown } | undefined)?.Ref;
  const value = typeof ref === 'string' ? refValues(sim).get(`${exported.stack}/${ref}`) : undefined;
  if (value === undefined) {
    throw new Error(`cannot resolve Fn::ImportValue ${name}: the runner resolves exports of a Ref to a simulated ElastiCache resource or secret, `
      + `and this one exports ${JSON.stringify(exported.value)}`);
  }
  return value;
}
