/**
 * Signature Version 4 on requests to the control plane. With no credentials configured every
 * request is accepted (signed or not), which lets the SDK run with any credentials; with
 * credentials, the Authorization header must name a known access key and carry the signature the
 * service would compute for the request.
 */
import { createHash, createHmac, timingSafeEqual } from 'crypto';
import type { IncomingHttpHeaders } from 'http';
import { ApiError } from './errors';

/** Who signed a request and for which region. */
export interface SignatureScope {
  readonly accessKeyId?: string;
  readonly region?: string;
}

export interface SignedRequest {
  readonly method: string;
  /** Path and query string as received (`/`, `/?Action=…`). */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

interface AuthorizationHeader {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: string[];
  readonly signature: string;
}

const AUTH = /^AWS4-HMAC-SHA256\s+Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]{64})$/;

function parseAuthorization(header: string): AuthorizationHeader {
  const match = AUTH.exec(header.trim());
  if (!match) throw new ApiError('IncompleteSignature', 'Authorization header requires \'Credential\', \'SignedHeaders\' and \'Signature\' parameters (AWS4-HMAC-SHA256).');
  return {
    accessKeyId: match[1],
    date: match[2],
    region: match[3],
    service: match[4],
    signedHeaders: match[5].split(';'),
    signature: match[6],
  };
}

/** The scope of a request's signature, without checking it (unsigned requests have none). */
export function signatureScope(headers: IncomingHttpHeaders): SignatureScope {
  const header = headers.authorization;
  if (!header) return {};
  const match = AUTH.exec(header.trim());
  return match ? { accessKeyId: match[1], region: match[3] } : {};
}

/** RFC 3986 encoding as SigV4 wants it (unreserved characters kept, everything else %XX). */
function encode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalQuery(search: string): string {
  const pairs = [...new URLSearchParams(search)].map(([k, v]) => [encode(k), encode(v)]);
  pairs.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function canonicalPath(path: string): string {
  // Non-S3 services encode each segment twice: once by the client, once in the canonical form.
  return path.split('/').map((segment) => encode(segment)).join('/') || '/';
}

function headerValue(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  const text = Array.isArray(value) ? value.join(',') : value ?? '';
  return text.trim().replace(/\s+/g, ' ');
}

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** The signature the service computes for a request with the given secret key. */
export function expectedSignature(request: SignedRequest, auth: AuthorizationHeader, secretAccessKey: string): string {
  const url = new URL(request.url, 'http://localhost');
  const canonicalHeaders = auth.signedHeaders.map((name) => `${name}:${headerValue(request.headers, name)}\n`).join('');
  const payloadHash = headerValue(request.headers, 'x-amz-content-sha256') || sha256(request.body);
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalPath(decodeURIComponent(url.pathname)),
    canonicalQuery(url.search),
    canonicalHeaders,
    auth.signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  const amzDate = headerValue(request.headers, 'x-amz-date');
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  let key = hmac(`AWS4${secretAccessKey}`, auth.date);
  key = hmac(key, auth.region);
  key = hmac(key, auth.service);
  key = hmac(key, 'aws4_request');
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
}

/**
 * Checks a request against the configured credentials (access key id → secret access key).
 * Returns the signature's scope; throws the service's authentication errors.
 */
export function verifySignature(request: SignedRequest, credentials: Readonly<Record<string, string>> | undefined): SignatureScope {
  const header = request.headers.authorization;
  if (credentials === undefined) return signatureScope(request.headers);
  if (!header) throw new ApiError('MissingAuthenticationToken', 'Request is missing Authentication Token');
  const auth = parseAuthorization(header);
  const secret = credentials[auth.accessKeyId];
  if (secret === undefined) throw new ApiError('InvalidClientTokenId', 'The security token included in the request is invalid.');
  if (!auth.signedHeaders.includes('host') || !request.headers['x-amz-date']) {
    throw new ApiError('IncompleteSignature', 'The request signature must sign the host header and carry X-Amz-Date.');
  }
  const expected = Buffer.from(expectedSignature(request, auth, secret), 'hex');
  const given = Buffer.from(auth.signature, 'hex');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new ApiError(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  }
  return { accessKeyId: auth.accessKeyId, region: auth.region };
}
