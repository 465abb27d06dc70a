import type { CfnTemplate, TemplateResource } from './types';

/** One stack to simulate, wherever it came from (cloud assembly, template file, object). */
export interface StackSource {
  /** Artifact id in a cloud assembly, else the stack name. */
  readonly id: string;
  /** The name CloudFormation deploys the stack under. */
  readonly stackName: string;
  /** Construct path of the stack (`Stage/Stack`), shown to users. */
  readonly displayName: string;
  readonly template: CfnTemplate;
  /** Account and region the stack targets, when it names them. */
  readonly account?: string;
  readonly region?: string;
  /** Ids of the stacks this one depends on (deployed first). */
  readonly dependencies: readonly string[];
  /** Finds the template of an `AWS::CloudFormation::Stack` resource (by asset or local file). */
  nestedTemplate(logicalId: string, resource: TemplateResource, templateUrl: string | undefined): CfnTemplate | undefined;
}

export interface TemplateObjectOptions {
  readonly stackName?: string;
  readonly account?: string;
  readonly region?: string;
  readonly nested?: Record<string, CfnTemplate>;
}

/** A source for a template held in memory (e.g. from `Template.fromStack(...).toJSON()`). */
export function templateObjectSource(template: CfnTemplate, options: TemplateObjectOptions = {}): StackSource {
  const stackName = options.stackName ?? 'Stack';
  return {
    id: stackName,
    stackName,
    displayName: stackName,
    template,
    account: options.account,
    region: options.region,
    dependencies: [],
    nestedTemplate: (logicalId) => options.nested?.[logicalId],
  };
}
