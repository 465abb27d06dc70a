import { NO_VALUE, Resolved } from './intrinsics';
import type { Environment } from '../naming/arns';

/** Values of the pseudo parameters for a stack; `undefined` when `name` is not one. */
export function pseudoParameter(name: string, env: Environment, stackName: string, stackId: string): Resolved | undefined {
  switch (name) {
    case 'AWS::AccountId': return env.account;
    case 'AWS::Region': return env.region;
    case 'AWS::Partition': return env.partition;
    case 'AWS::URLSuffix': return env.urlSuffix;
    case 'AWS::StackName': return stackName;
    case 'AWS::StackId': return stackId;
    case 'AWS::NotificationARNs': return [];
    case 'AWS::NoValue': return NO_VALUE;
    default: return undefined;
  }
}
