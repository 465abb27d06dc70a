import { ArnFormat, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ValidationError } from './validation';

/**
 * The name and ARN of an imported ElastiCache resource from whichever of the two is given. ElastiCache
 * ARNs end in `:<resource-type>:<name>` (`...:serverlesscache:sessions`, `...:user:app`).
 */
export function importedNameAndArn(
  scope: Construct, resourceType: string, nameProp: string, arnProp: string, name?: string, arn?: string,
): { readonly name: string; readonly arn: string } {
  if (name === undefined && arn === undefined) {
    throw new ValidationError(scope, nameProp, undefined, `give ${nameProp} or ${arnProp} to import it`);
  }
  const stack = Stack.of(scope);
  const fullArn = arn ?? stack.formatArn({ service: 'elasticache', resource: resourceType, resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  return { name: name ?? stack.splitArn(fullArn, ArnFormat.COLON_RESOURCE_NAME).resourceName!, arn: fullArn };
}
