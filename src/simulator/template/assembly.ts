import * as fs from 'fs';
import * as path from 'path';
import { validationError } from '../errors';
import { parseTemplateText } from './parse';
import type { StackSource } from './stack-source';
import { CfnTemplate, isJsonObject, JsonObject, TemplateResource } from './types';

interface ManifestArtifact {
  readonly type: string;
  readonly environment?: string;
  readonly properties?: JsonObject;
  readonly dependencies?: string[];
  readonly displayName?: string;
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** `aws://123456789012/us-east-1`; `unknown-account`/`unknown-region` mean "not pinned". */
function parseEnvironment(environment: string | undefined): { account?: string; region?: string } {
  const match = /^aws:\/\/([^/]+)\/([^/]+)$/.exec(environment ?? '');
  if (!match) return {};
  return {
    account: match[1] === 'unknown-account' ? undefined : match[1],
    region: match[2] === 'unknown-region' ? undefined : match[2],
  };
}

/**
 * Every stack of a cloud assembly (a `cdk.out` directory), including stacks of nested assemblies
 * (CDK stages). Nested stack templates are found through the stack's asset manifest.
 */
export function readCloudAssembly(directory: string): StackSource[] {
  const manifestFile = path.join(directory, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw validationError(`${directory} is not a cloud assembly: it has no manifest.json`);
  const manifest = readJson(manifestFile) as { artifacts?: Record<string, ManifestArtifact> };
  const artifacts = manifest.artifacts ?? {};
  const assetFiles = assetPathsByObjectKey(directory, artifacts);
  const stacks: StackSource[] = [];
  for (const [id, artifact] of Object.entries(artifacts)) {
    const properties = artifact.properties ?? {};
    if (artifact.type === 'cdk:cloud-assembly' && typeof properties.directoryName === 'string') {
      stacks.push(...readCloudAssembly(path.join(directory, properties.directoryName)));
    } else if (artifact.type === 'aws:cloudformation:stack' && typeof properties.templateFile === 'string') {
      const templateFile = path.join(directory, properties.templateFile);
      const stackName = typeof properties.stackName === 'string' ? properties.stackName : id;
      stacks.push({
        id,
        stackName,
        displayName: artifact.displayName ?? id,
        template: parseTemplateText(fs.readFileSync(templateFile, 'utf8'), stackName, { allowNoResources: true }),
        ...parseEnvironment(artifact.environment),
        dependencies: (artifact.dependencies ?? []).filter((dep) => artifacts[dep]?.type === 'aws:cloudformation:stack'),
        nestedTemplate: (_logicalId, resource, templateUrl) => nestedFromAssets(directory, resource, templateUrl, assetFiles),
      });
    }
  }
  return stacks;
}

interface AssetManifest {
  readonly files?: Record<string, { source?: { path?: string }; destinations?: Record<string, { objectKey?: string }> }>;
}

/** Asset manifests map each uploaded object key to the file it came from. */
function assetPathsByObjectKey(directory: string, artifacts: Record<string, ManifestArtifact>): Map<string, string> {
  const byKey = new Map<string, string>();
  for (const artifact of Object.values(artifacts)) {
    const file = artifact.properties?.file;
    if (artifact.type !== 'cdk:asset-manifest' || typeof file !== 'string') continue;
    const assets = readJson(path.join(directory, file)) as AssetManifest;
    for (const asset of Object.values(assets.files ?? {})) {
      const source = asset.source?.path;
      if (!source) continue;
      for (const destination of Object.values(asset.destinations ?? {})) {
        if (destination.objectKey) byKey.set(destination.objectKey, path.join(directory, source));
      }
    }
  }
  return byKey;
}

function nestedFromAssets(
  directory: string,
  resource: TemplateResource,
  templateUrl: string | undefined,
  assetFiles: Map<string, string>,
): CfnTemplate | undefined {
  const assetPath = isJsonObject(resource.Metadata) ? resource.Metadata['aws:asset:path'] : undefined;
  const candidates: string[] = [];
  if (typeof assetPath === 'string') candidates.push(path.join(directory, assetPath));
  if (templateUrl) {
    const objectKey = templateUrl.split('/').pop() ?? '';
    const fromManifest = assetFiles.get(objectKey);
    if (fromManifest) candidates.push(fromManifest);
  }
  const file = candidates.find((candidate) => fs.existsSync(candidate));
  return file ? parseTemplateText(fs.readFileSync(file, 'utf8'), path.basename(file)) : undefined;
}
