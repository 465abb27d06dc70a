/**
 * An HTTP endpoint for AWS services that speak the JSON protocol (awsJson 1.0 and 1.1): a POST
 * whose `X-Amz-Target` header names `<TargetPrefix>.<Operation>` and whose body is the input as
 * JSON. Responses are JSON with timestamps as epoch seconds; errors carry `__type` (and, for
 * services compatible with their former Query protocol, the `x-amzn-query-error` header with the
 * Query code and fault).
 */
import { randomUUID } from 'crypto';
import type * as http from 'http';
import { CloudWatchError, CW_ERRORS } from './errors';
import { LocalApiServer, readBody } from '../http/local-endpoint';

/** An operation: the parsed input in, the output out (Dates become epoch seconds). */
export type JsonOperation = (input: Record<string, unknown>) => unknown;

export interface JsonServerOptions {
  readonly host: string;
  /** 0: a free port. */
  readonly port: number;
  /** `GraniteServiceVersion20100801` (CloudWatch), `secretsmanager`… */
  readonly targetPrefix: string;
  /** `application/x-amz-json-1.0` or `-1.1`. */
  readonly contentType: string;
  /** The service's shape namespace for `__type` (`com.amazonaws.cloudwatch`). */
  readonly namespace: string;
  readonly queryCompatible: boolean;
  readonly operations: Readonly<Record<string, JsonOperation>>;
  /** Failures that are the simulator's fault. */
  readonly onInternalError?: (err: unknown, operation: string) => void;
}

/** JSON for the wire: Dates as epoch seconds, undefined members left out. */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v);
    return out;
  }
  return value;
}

export class JsonServer extends LocalApiServer {
  constructor(private readonly options: JsonServerOptions) {
    super(options.host, options.port, 'endpoint');
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requestId = randomUUID();
    let operation = '';
    try {
      const body = await readBody(req, (message) => new CloudWatchError('RequestEntityTooLarge', 'RequestEntityTooLarge', 413, message));
      const target = String(req.headers['x-amz-target'] ?? '');
      const dot = target.lastIndexOf('.');
      if (req.method !== 'POST' || dot < 0 || target.slice(0, dot) !== this.options.targetPrefix) {
        throw new CloudWatchError('UnknownOperationException', 'InvalidAction', 400, `Expected a POST with X-Amz-Target ${this.options.targetPrefix}.<Operation>, got ${req.method} ${target || '(no target)'}`);
      }
      operation = target.slice(dot + 1);
      const handler = Object.prototype.hasOwnProperty.call(this.options.operations, operation) ? this.options.operations[operation] : undefined;
      if (!handler) throw new CloudWatchError('UnknownOperationException', 'InvalidAction', 400, `The operation ${operation} is not supported by the simulator.`);
      let input: unknown;
      try {
        input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
      } catch {
        throw new CloudWatchError('SerializationException', 'MalformedInput', 400, 'The request body is not valid JSON.');
      }
      if (!input || typeof input !== 'object' || Array.isArray(input)) throw new CloudWatchError('SerializationException', 'MalformedInput', 400, 'The request body must be a JSON object.');
      const output = await handler(input as Record<string, unknown>);
      this.send(res, 200, JSON.stringify(toWire(output ?? {})), requestId);
    } catch (err) {
      const error = err instanceof CloudWatchError ? err : CW_ERRORS.internal(`The simulator failed to process the request: ${(err as Error)?.message ?? String(err)}`);
      if (!(err instanceof CloudWatchError)) this.options.onInternalError?.(err, operation);
      const headers: Record<string, string> = {};
      if (this.options.queryCompatible) headers['x-amzn-query-error'] = `${error.code};${error.status >= 500 ? 'Receiver' : 'Sender'}`;
      this.send(res, error.status, JSON.stringify({ __type: `${this.options.namespace}#${error.shape}`, message: error.message }), requestId, headers);
    }
  }

  private send(res: http.ServerResponse, status: number, body: string, requestId: string, headers: Record<string, string> = {}): void {
    res.writeHead(status, {
      'Content-Type': this.options.contentType,
      'Content-Length': Buffer.byteLength(body),
      'x-amzn-RequestId': requestId,
      ...headers,
    });
    res.end(body);
  }
}
