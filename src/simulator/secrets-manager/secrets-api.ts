/**
 * The Secrets Manager operations the simulator answers, over the secrets it resolved from the
 * template (`AWS::SecretsManager::Secret` with its template, generated or supplied value): read
 * only, one version per secret (`AWSCURRENT`), as CloudFormation left them after deployment.
 */
import { createHash } from 'crypto';
import { CloudWatchError } from '../cloudwatch/errors';
import type { JsonOperation } from '../cloudwatch/json-server';
import type { SecretModel } from '../model/types';

const CURRENT_STAGE = 'AWSCURRENT';
const LIST_PAGE_MAX = 100;

export const SM_ERRORS = {
  notFound: () => new CloudWatchError('ResourceNotFoundException', 'ResourceNotFoundException', 400, 'Secrets Manager can\'t find the specified secret.'),
  invalidParameter: (message: string) => new CloudWatchError('InvalidParameterException', 'InvalidParameterException', 400, message),
  validation: (message: string) => new CloudWatchError('ValidationException', 'ValidationException', 400, message),
} as const;

/** A secret as the API shows it: the model plus the version and date the service would assign. */
interface ServedSecret {
  readonly model: SecretModel;
  readonly versionId: string;
  readonly createdDate: Date;
}

/** A version id shaped like the service's (a UUID), stable for a given secret and value. */
function versionIdOf(secret: SecretModel): string {
  const hex = createHash('sha256').update(`${secret.arn}\n${secret.secretString}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The ARN without the six characters Secrets Manager appends to the name (a partial ARN). */
function partialArn(arn: string): string {
  return arn.replace(/-[A-Za-z0-9]{6}$/, '');
}

export class SecretsManagerApi {
  private readonly secrets: readonly ServedSecret[];

  /** `createdDate`: when the stack created the secrets (the simulator's start). */
  constructor(secrets: readonly SecretModel[], createdDate: Date) {
    this.secrets = secrets.map((model) => ({ model, versionId: versionIdOf(model), createdDate }));
  }

  public operations(): Record<string, JsonOperation> {
    return {
      GetSecretValue: (input) => this.getSecretValue(input),
      DescribeSecret: (input) => this.describeSecret(input),
      ListSecrets: (input) => this.listSecrets(input),
    };
  }

  private getSecretValue(input: Record<string, unknown>): unknown {
    const secret = this.find(input.SecretId);
    this.checkVersion(secret, input);
    return {
      ARN: secret.model.arn,
      Name: secret.model.name,
      VersionId: secret.versionId,
      SecretString: secret.model.secretString,
      VersionStages: [CURRENT_STAGE],
      CreatedDate: secret.createdDate,
    };
  }

  private describeSecret(input: Record<string, unknown>): unknown {
    const secret = this.find(input.SecretId);
    return {
      ARN: secret.model.arn,
      Name: secret.model.name,
      LastChangedDate: secret.createdDate,
      VersionIdsToStages: { [secret.versionId]: [CURRENT_STAGE] },
      CreatedDate: secret.createdDate,
    };
  }

  private listSecrets(input: Record<string, unknown>): unknown {
    const matching = this.secrets.filter((s) => this.matchesFilters(s, input.Filters));
    const max = input.MaxResults === undefined ? LIST_PAGE_MAX : Number(input.MaxResults);
    if (!Number.isInteger(max) || max < 1 || max > LIST_PAGE_MAX) {
      throw SM_ERRORS.validation(`1 validation error detected: Value '${String(input.MaxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and ${LIST_PAGE_MAX}`);
    }
    // The token is the index of the next secret; anything else was not issued by this endpoint.
    const start = input.NextToken === undefined ? 0 : Number(input.NextToken);
    if (!Number.isInteger(start) || start < 0 || start > matching.length) throw SM_ERRORS.invalidParameter('Invalid next token');
    const page = matching.slice(start, start + max);
    return {
      SecretList: page.map((s) => ({
        ARN: s.model.arn,
        Name: s.model.name,
        LastChangedDate: s.createdDate,
        SecretVersionsToStages: { [s.versionId]: [CURRENT_STAGE] },
        CreatedDate: s.createdDate,
      })),
      NextToken: start + max < matching.length ? String(start + max) : undefined,
    };
  }

  /** `name` and `all` filters (prefix match on the name, as the service does); other keys are refused. */
  private matchesFilters(secret: ServedSecret, filters: unknown): boolean {
    if (filters === undefined) return true;
    if (!Array.isArray(filters)) throw SM_ERRORS.invalidParameter('Filters must be a list.');
    return filters.every((filter: { Key?: unknown; Values?: unknown }) => {
      if (filter.Key !== 'name' && filter.Key !== 'all') {
        throw SM_ERRORS.invalidParameter(`The simulator filters secrets by name or all only, not by ${String(filter.Key)}.`);
      }
      const values = Array.isArray(filter.Values) ? filter.Values.map(String) : [];
      return values.some((v) => (v.startsWith('!') ? !secret.model.name.startsWith(v.slice(1)) : secret.model.name.startsWith(v)));
    });
  }

  /** A secret by name, ARN or partial ARN. */
  private find(secretId: unknown): ServedSecret {
    if (typeof secretId !== 'string' || secretId.length === 0) {
      throw SM_ERRORS.validation('1 validation error detected: Value null at \'secretId\' failed to satisfy constraint: Member must not be null');
    }
    const found = this.secrets.find((s) => s.model.name === secretId || s.model.arn === secretId || partialArn(s.model.arn) === secretId);
    if (!found) throw SM_ERRORS.notFound();
    return found;
  }

  /** Only the current version exists, so another id or stage is not found. */
  private checkVersion(secret: ServedSecret, input: Record<string, unknown>): void {
    if (input.VersionId !== undefined && input.VersionId !== secret.versionId) throw SM_ERRORS.notFound();
    if (input.VersionStage !== undefined && input.VersionStage !== CURRENT_STAGE) throw SM_ERRORS.notFound();
  }
}
