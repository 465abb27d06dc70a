import { AssemblyEvaluation, EvaluationOptions, loadStackSources } from '../../../src/simulator/template';
import { SEED } from '../helpers';

/** Evaluates one template object (stack `S`, account 111122223333, eu-west-1). */
export function evaluate(template: unknown, options: EvaluationOptions = {}): AssemblyEvaluation {
  const sources = loadStackSources({ template, stackName: 'S', account: '111122223333', region: 'eu-west-1' });
  return new AssemblyEvaluation(sources, { seed: SEED, ...options }).run();
}

/** Value of `expression` as an output of a template with the given extra sections. */
export function valueOf(expression: unknown, sections: Record<string, unknown> = {}, options: EvaluationOptions = {}): unknown {
  const resources = { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' }, ...((sections.Resources as object) ?? {}) };
  const evaluation = evaluate({ ...sections, Resources: resources, Outputs: { Out: { Value: expression } } }, options);
  const output = evaluation.stacks[0].outputs().get('Out')!;
  if ('error' in output) throw output.error;
  return output.value;
}
