import * as fs from 'fs';
import * as path from 'path';
import { validationError } from '../errors';
import { parseTemplateText } from './parse';
import type { StackSource } from './stack-source';

/** Stack names: a letter, then letters, digits and hyphens, at most 128 characters. */
function stackNameFromFile(file: string): string {
  const base = path.basename(file).replace(/\.(template\.)?(json|ya?ml|template)$/i, '').replace(/[^A-Za-z0-9-]/g, '-');
  const name = /^[A-Za-z]/.test(base) ? base : `Stack-${base}`;
  return name.slice(0, 128);
}

/**
 * A stack from a single template file (JSON or YAML). Nested stacks whose `TemplateURL` is a
 * relative path are read from next to the file, as `aws cloudformation package` expects.
 */
export function readTemplateFile(file: string, options: { stackName?: string; account?: string; region?: string } = {}): StackSource {
  if (!fs.existsSync(file)) throw validationError(`Template file ${file} does not exist`);
  const stackName = options.stackName ?? stackNameFromFile(file);
  const directory = path.dirname(file);
  return {
    id: stackName,
    stackName,
    displayName: stackName,
    template: parseTemplateText(fs.readFileSync(file, 'utf8'), stackName),
    account: options.account,
    region: options.region,
    dependencies: [],
    nestedTemplate: (_logicalId, _resource, templateUrl) => {
      if (!templateUrl || /^[a-z]+:\/\//i.test(templateUrl)) return undefined;
      const child = path.resolve(directory, templateUrl);
      return fs.existsSync(child) ? readTemplateFile(child).template : undefined;
    },
  };
}
