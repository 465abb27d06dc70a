/**
 * Turns CloudFormation templates into summary rows: one per ElastiCache resource, with its engine,
 * capacity, encryption and authentication in words. Pure functions over template JSON, so the
 * `summary` command and its tests share them.
 */

/** A CloudFormation template, as far as the summary reads it. */
export interface TemplateLike {
  readonly Resources?: Record<string, { Type?: string; Properties?: Record<string, unknown> }>;
}

/** One line of the summary. */
export interface SummaryRow {
  readonly stack: string;
  readonly type: string;
  readonly logicalId: string;
  readonly engine: string;
  readonly capacity: string;
  readonly encryption: string;
  readonly auth: string;
}

type Props = Record<string, unknown>;
type Describe = (p: Props) => Omit<SummaryRow, 'stack' | 'type' | 'logicalId'>;

const PREFIX = 'AWS::ElastiCache::';

/** Renders a template value: literals as they are, intrinsics as short readable forms. */
export function show(value: unknown): string {
  if (value === undefined || value === null) return '-';
  if (typeof value === 'string') return /\{\{resolve:(secretsmanager|ssm-secure)/.test(value) ? '(secret)' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(show).join(', ');
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if ('Ref' in obj) return `Ref(${show(obj.Ref)})`;
    if ('Fn::GetAtt' in obj) {
      const att = obj['Fn::GetAtt'];
      return Array.isArray(att) ? att.map(show).join('.') : show(att);
    }
    if ('Fn::Join' in obj && JSON.stringify(obj).includes('{{resolve:secretsmanager')) return '(secret)';
    const key = Object.keys(obj)[0];
    return key?.startsWith('Fn::') ? `(${key.slice(4)})` : '(object)';
  }
  return String(value);
}

function isTrue(v: unknown): boolean {
  return v === true || v === 'true';
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

function engineAndVersion(engine: unknown, version: unknown, fallback: string): string {
  return `${show(engine ?? fallback)} ${version === undefined ? '(service default)' : show(version)}`;
}

function rangeOf(limits: unknown, unit: string): string | undefined {
  if (!limits || typeof limits !== 'object') return undefined;
  const l = limits as Props;
  if (l.Minimum === undefined && l.Maximum === undefined) return undefined;
  if (l.Minimum === undefined) return `up to ${show(l.Maximum)} ${unit}`;
  if (l.Maximum === undefined) return `at least ${show(l.Minimum)} ${unit}`;
  return `${show(l.Minimum)}-${show(l.Maximum)} ${unit}`;
}

const describers: Record<string, Describe> = {
  ServerlessCache: (p) => {
    const limits = (p.CacheUsageLimits ?? {}) as Props;
    const parts = [rangeOf(limits.DataStorage, 'GB'), rangeOf(limits.ECPUPerSecond, 'ECPU/s')].filter(Boolean);
    const memcached = show(p.Engine) === 'memcached';
    return {
      engine: engineAndVersion(p.Engine, p.MajorEngineVersion, '?'),
      capacity: parts.length ? `serverless, ${parts.join(', ')}` : 'serverless, no limits',
      encryption: `at rest (${p.KmsKeyId === undefined ? 'AWS owned key' : 'KMS ' + show(p.KmsKeyId)}), in transit (TLS)`,
      auth: p.UserGroupId !== undefined ? `user group ${show(p.UserGroupId)}` : memcached ? 'network only' : 'default user',
    };
  },
  CacheCluster: (p) => ({
    engine: engineAndVersion(p.Engine, p.EngineVersion, '?'),
    capacity: `${show(p.NumCacheNodes)} x ${show(p.CacheNodeType)}${p.AZMode === 'cross-az' ? ', cross-AZ' : ''}`,
    encryption: isTrue(p.TransitEncryptionEnabled) ? 'in transit (TLS)' : 'none',
    auth: 'network only',
  }),
  ReplicationGroup: (p) => {
    // A Global Datastore secondary states only its replicas; everything else comes from the primary.
    if (p.GlobalReplicationGroupId !== undefined) {
      const perShard = p.NumCacheClusters !== undefined ? `${show(p.NumCacheClusters)} nodes` : `${1 + Number(p.ReplicasPerNodeGroup ?? 0)} nodes per shard`;
      return { engine: `secondary of ${show(p.GlobalReplicationGroupId)}`, capacity: perShard, encryption: 'as the primary', auth: 'as the primary' };
    }
    const shards = p.NumNodeGroups ?? list(p.NodeGroupConfiguration).length;
    const nodes = p.NumCacheClusters !== undefined
      ? `${show(p.NumCacheClusters)} nodes`
      : `${show(shards || 1)} shards x ${1 + Number(p.ReplicasPerNodeGroup ?? 0)} nodes`;
    const encryption = [
      isTrue(p.AtRestEncryptionEnabled) ? `at rest${p.KmsKeyId !== undefined ? ' (KMS ' + show(p.KmsKeyId) + ')' : ''}` : undefined,
      isTrue(p.TransitEncryptionEnabled) ? `in transit${p.TransitEncryptionMode ? ' (' + show(p.TransitEncryptionMode) + ')' : ''}` : undefined,
    ].filter(Boolean);
    const auth = p.UserGroupIds !== undefined ? `user groups ${show(p.UserGroupIds)}` : p.AuthToken !== undefined ? 'AUTH token' : 'none';
    return {
      engine: engineAndVersion(p.Engine, p.EngineVersion, 'redis'),
      capacity: `${nodes} x ${show(p.CacheNodeType)}${isTrue(p.MultiAZEnabled) ? ', Multi-AZ' : ''}`,
      encryption: encryption.length ? encryption.join(', ') : 'none',
      auth,
    };
  },
  GlobalReplicationGroup: (p) => ({
    engine: p.GlobalReplicationGroupIdSuffix !== undefined && p.EngineVersion === undefined
      ? `global datastore ${show(p.GlobalReplicationGroupIdSuffix)}`
      : engineAndVersion(undefined, p.EngineVersion, 'global'),
    capacity: `${list(p.Members).length} members${p.CacheNodeType ? ' x ' + show(p.CacheNodeType) : ''}`,
    encryption: '-',
    auth: '-',
  }),
  User: (p) => {
    const mode = (p.AuthenticationMode ?? {}) as Props;
    const type = mode.Type ?? (isTrue(p.NoPasswordRequired) ? 'no-password-required' : p.Passwords ? 'password' : '-');
    return { engine: show(p.Engine), capacity: `user ${show(p.UserName)}`, encryption: '-', auth: show(type) };
  },
  UserGroup: (p) => ({ engine: show(p.Engine), capacity: `${list(p.UserIds).length} users: ${show(p.UserIds)}`, encryption: '-', auth: '-' }),
  SubnetGroup: (p) => ({ engine: '-', capacity: `${list(p.SubnetIds).length} subnets`, encryption: '-', auth: '-' }),
  ParameterGroup: (p) => {
    const values = (p.Properties ?? {}) as Props;
    const cluster = values['cluster-enabled'] === 'yes' ? ', cluster mode' : '';
    return { engine: show(p.CacheParameterGroupFamily), capacity: `${Object.keys(values).length} parameters${cluster}`, encryption: '-', auth: '-' };
  },
};

/** The rows of one template, in template order; unknown ElastiCache types still get a row. */
export function summarizeTemplate(stack: string, template: TemplateLike): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    if (!resource?.Type?.startsWith(PREFIX)) continue;
    const type = resource.Type.slice(PREFIX.length);
    const describe = describers[type];
    const details = describe ? describe(resource.Properties ?? {}) : { engine: '-', capacity: '-', encryption: '-', auth: '-' };
    rows.push({ stack, type, logicalId, ...details });
  }
  return rows;
}

const COLUMNS: Array<[keyof SummaryRow, string]> = [
  ['stack', 'Stack'], ['type', 'Type'], ['logicalId', 'Logical ID'], ['engine', 'Engine / version'],
  ['capacity', 'Capacity'], ['encryption', 'Encryption'], ['auth', 'Auth'],
];

/** A plain-text table, columns padded to their widest cell. */
export function formatTable(rows: readonly SummaryRow[]): string {
  const cells = [COLUMNS.map(([, title]) => title), ...rows.map((r) => COLUMNS.map(([key]) => r[key]))];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
