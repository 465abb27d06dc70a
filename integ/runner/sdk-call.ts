/**
 * SDK calls of assertions, sent to the simulator's endpoints with the AWS SDK for JavaScript v3
 * (as the assertion provider sends them with its SDK adapter): the service's client pointed at
 * the local ElastiCache, CloudWatch or Secrets Manager endpoint, the API's command, the decoded parameters. The
 * response comes back as the provider returns it (no `$metadata`, dates as ISO strings).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import * as cloudwatch from '@aws-sdk/client-cloudwatch';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import * as elasticache from '@aws-sdk/client-elasticache';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as secretsmanager from '@aws-sdk/client-secrets-manager';

/** Where the simulator answers each service. */
export interface ServiceEndpoints {
  readonly elastiCache: string;
  readonly cloudWatch: string;
  readonly secretsManager: string;
  readonly region: string;
}

/** A call the simulator cannot answer (service or operation not simulated). */
export class NotSimulated extends Error {}

type Client = { send(command: unknown): Promise<Record<string, unknown>>; destroy(): void };
type Module = Record<string, unknown>;

const CREDENTIALS = { accessKeyId: 'integ', secretAccessKey: 'integ' };

function serviceKey(service: string): string {
  return service.replace(/^@aws-sdk\/client-/, '').replace(/[^a-zA-Z0-9]/g, '').toLowerCase();
}

/** The command class name of an API (`describeReplicationGroups` → `DescribeReplicationGroupsCommand`). */
export function commandName(api: string): string {
  const base = api.endsWith('Command') ? api.slice(0, -'Command'.length) : api;
  return `${base.charAt(0).toUpperCase()}${base.slice(1)}Command`;
}

export async function sdkCall(
  endpoints: ServiceEndpoints, service: string, api: string, parameters: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  let module: Module;
  let client: Client;
  switch (serviceKey(service)) {
    case 'elasticache':
      module = elasticache as unknown as Module;
      client = new ElastiCacheClient({ endpoint: endpoints.elastiCache, region: endpoints.region, credentials: CREDENTIALS }) as unknown as Client;
      break;
    case 'cloudwatch':
      module = cloudwatch as unknown as Module;
      client = new CloudWatchClient({ endpoint: endpoints.cloudWatch, region: endpoints.region, credentials: CREDENTIALS }) as unknown as Client;
      break;
    case 'secretsmanager':
      module = secretsmanager as unknown as Module;
      client = new SecretsManagerClient({
        endpoint: endpoints.secretsManager, region: endpoints.region, credentials: CREDENTIALS,
      }) as unknown as Client;
      break;
    default:
      throw new NotSimulated(`${service} is not simulated locally (assertions can call ElastiCache, CloudWatch and Secrets Manager)`);
  }
  try {
    const Command = module[commandName(api)] as (new (input: unknown) => unknown) | undefined;
    if (!Command) throw new Error(`${service} has no API ${api}`);
    let response: Record<string, unknown>;
    try {
      response = await client.send(new Command(parameters));
    } catch (err) {
      const e = err as Error & { name?: string };
      if (e.name === 'InvalidAction' || e.name === 'UnknownOperationException') {
        throw new NotSimulated(`the simulator's ${service} endpoint does not answer ${commandName(api).replace(/Command$/, '')} (${e.message})`);
      }
      throw err;
    }
    const plain = JSON.parse(JSON.stringify(response)) as Record<string, unknown>;
    delete plain.$metadata;
    return plain;
  } finally {
    client.destroy();
  }
}
