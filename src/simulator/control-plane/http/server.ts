/**
 * The control plane's HTTP endpoint: the ElastiCache Query protocol (`Action=…&Version=2015-02-02`
 * form-encoded in a POST body, or in the query string of a GET), the SigV4 check, and responses in
 * the service's XML: `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>` on success,
 * `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>` with the code's HTTP status
 * on failure.
 */
import { randomUUID } from 'crypto';
import type * as http from 'http';
import { ApiError, toApiError } from './errors';
import { RequestParams } from './params';
import { parseQueryParams } from './query';
import { verifySignature } from './sigv4';
import { element, escapeXml, XmlObject } from './xml';
import { LocalApiServer, readBody } from '../../http/local-endpoint';

export const API_VERSION = '2015-02-02';
const NAMESPACE = `http://elasticache.amazonaws.com/doc/${API_VERSION}/`;
/** Request bodies above this size are refused (the largest real requests are a few kilobytes). */

/** One API call, parsed. */
export interface ApiRequest {
  readonly action: string;
  readonly params: RequestParams;
  /** Region of the signature's scope, else the simulator's default region. */
  readonly region: string;
  readonly requestId: string;
}

/** Runs an action; `undefined` for actions whose response has no result element. */
export type ActionHandler = (request: ApiRequest) => Promise<XmlObject | undefined> | XmlObject | undefined;

export interface ControlPlaneServerOptions {
  readonly host: string;
  /** Port to listen on (0: a free port). */
  readonly port: number;
  readonly defaultRegion: string;
  /** Access key id → secret access key; undefined accepts any request. */
  readonly credentials?: Readonly<Record<string, string>>;
  readonly actions: Readonly<Record<string, ActionHandler>>;
  /** Called with every failure that is the simulator's fault (InternalFailure). */
  readonly onInternalError?: (err: unknown, action: string) => void;
}

function errorXml(err: ApiError, requestId: string): string {
  const type = err.status >= 500 ? 'Receiver' : 'Sender';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>${type}</Type>`
    + `<Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}

function successXml(action: string, result: XmlObject | undefined, requestId: string): string {
  const body = result === undefined ? '' : element(`${action}Result`, result);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${NAMESPACE}">${body}`
    + `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
}

export class ControlPlaneServer extends LocalApiServer {
  constructor(private readonly options: ControlPlaneServerOptions) {
    super(options.host, options.port, 'control plane');
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requestId = randomUUID();
    let action = '';
    try {
      const body = await readBody(req, (message) => new ApiError('RequestEntityTooLarge', message));
      const url = new URL(req.url ?? '/', 'http://localhost');
      const scope = verifySignature({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body }, this.options.credentials);
      const tree = req.method === 'POST' ? parseQueryParams(body.toString('utf8')) : parseQueryParams(url.search.slice(1));
      const params = new RequestParams(tree);
      action = params.string('Action') ?? '';
      if (action === '') throw new ApiError('MissingAction', 'The request must contain the parameter Action.');
      const handler = Object.prototype.hasOwnProperty.call(this.options.actions, action) ? this.options.actions[action] : undefined;
      if (!handler) throw new ApiError('InvalidAction', `The action ${action} is not valid for this web service.`);
      const version = params.string('Version');
      if (version !== undefined && version !== API_VERSION) throw new ApiError('InvalidParameterValue', `Version ${version} is not supported: use ${API_VERSION}.`);
      const result = await handler({ action, params, region: scope.region ?? this.options.defaultRegion, requestId });
      this.send(res, 200, successXml(action, result, requestId), requestId);
    } catch (err) {
      const apiError = toApiError(err);
      if (apiError.code === 'InternalFailure') this.options.onInternalError?.(err, action);
      this.send(res, apiError.status, errorXml(apiError, requestId), requestId);
    }
  }

  private send(res: http.ServerResponse, status: number, xml: string, requestId: string): void {
    res.writeHead(status, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(xml), 'x-amzn-RequestId': requestId });
    res.end(xml);
  }
}
