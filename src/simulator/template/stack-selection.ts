import { validationError } from '../errors';
import type { StackSource } from './stack-source';

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

/**
 * The stacks named by `patterns` (stack name, artifact id or construct path; `*` and `?` glob),
 * plus the stacks they depend on, in assembly order. No patterns selects every stack.
 */
export function selectStacks(stacks: readonly StackSource[], patterns: readonly string[] = []): StackSource[] {
  if (patterns.length === 0) return [...stacks];
  const chosen = new Set<StackSource>();
  for (const pattern of patterns) {
    const regex = globToRegExp(pattern);
    const matches = stacks.filter((s) => regex.test(s.stackName) || regex.test(s.id) || regex.test(s.displayName));
    if (matches.length === 0) {
      const names = stacks.map((s) => s.displayName).join(', ') || '(none)';
      throw validationError(`No stack matches '${pattern}'. Stacks in the input: ${names}`);
    }
    matches.forEach((s) => chosen.add(s));
  }
  const byId = new Map(stacks.map((s) => [s.id, s]));
  const addDependencies = (stack: StackSource) => {
    for (const dep of stack.dependencies) {
      const dependency = byId.get(dep);
      if (dependency && !chosen.has(dependency)) {
        chosen.add(dependency);
        addDependencies(dependency);
      }
    }
  };
  [...chosen].forEach(addDependencies);
  return stacks.filter((s) => chosen.has(s));
}
