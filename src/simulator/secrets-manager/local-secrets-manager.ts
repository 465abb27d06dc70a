/**
 * The simulator's Secrets Manager endpoint: the awsJson 1.1 API over the template's secrets, so
 * clients (and integ assertions) read the AUTH tokens and passwords the caches accept.
 */
import { SecretsManagerApi } from './secrets-api';
import { JsonServer } from '../cloudwatch/json-server';
import type { SecretModel } from '../model/types';

const SECRETS_MANAGER_PROTOCOL = {
  targetPrefix: 'secretsmanager',
  contentType: 'application/x-amz-json-1.1',
  namespace: 'com.amazonaws.secretsmanager',
  queryCompatible: false,
} as const;

export class LocalSecretsManager {
  private readonly server: JsonServer;

  constructor(secrets: readonly SecretModel[], createdDate: Date, host = '127.0.0.1', port = 0) {
    const api = new SecretsManagerApi(secrets, createdDate);
    this.server = new JsonServer({ host, port, ...SECRETS_MANAGER_PROTOCOL, operations: api.operations() });
  }

  public async serve(): Promise<string> {
    await this.server.start();
    return this.server.url;
  }

  public get url(): string {
    return this.server.url;
  }

  public stop(): Promise<void> {
    return this.server.stop();
  }
}
