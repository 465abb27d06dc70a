/**
 * X.509 certificates with EC P-256 keys: Node's crypto makes the keys and signatures (native and
 * fast: an RSA key pair takes ~0.5 s, a P-256 one ~1 ms), node-forge's ASN.1 module encodes the
 * DER. node-forge's own certificate API only signs with RSA, hence the hand-built structure.
 */
import * as crypto from 'crypto';
import * as forge from 'node-forge';

const asn1 = forge.asn1;
const { UNIVERSAL, CONTEXT_SPECIFIC } = asn1.Class;
const T = asn1.Type;

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
};

export interface CertificateRequest {
  readonly commonName: string;
  readonly publicKey: crypto.KeyObject;
  /** Key that signs the certificate (the CA's, or the subject's own for a self-signed CA). */
  readonly signingKey: crypto.KeyObject;
  /** Issuer name and key identifier (the subject's own for a self-signed CA). */
  readonly issuer: { readonly commonName: string; readonly publicKey: crypto.KeyObject };
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly isCa: boolean;
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
}

const bin = (buf: Buffer): string => buf.toString('binary');
const seq = (items: forge.asn1.Asn1[]) => asn1.create(UNIVERSAL, T.SEQUENCE, true, items);
const oid = (id: string) => asn1.create(UNIVERSAL, T.OID, false, asn1.oidToDer(id).getBytes());
const octets = (data: string) => asn1.create(UNIVERSAL, T.OCTETSTRING, false, data);
const der = (obj: forge.asn1.Asn1) => asn1.toDer(obj).getBytes();

function name(commonName: string): forge.asn1.Asn1 {
  const rdn = (type: string, value: string) =>
    asn1.create(UNIVERSAL, T.SET, true, [seq([oid(type), asn1.create(UNIVERSAL, T.UTF8, false, forge.util.encodeUtf8(value))])]);
  return seq([rdn(OID.organization, 'cdk-elasticache simulator'), rdn(OID.commonName, commonName)]);
}

/** UTCTime until 2049, GeneralizedTime after, as RFC 5280 asks. */
function time(date: Date): forge.asn1.Asn1 {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  return date.getUTCFullYear() < 2050
    ? asn1.create(UNIVERSAL, T.UTCTIME, false, iso.slice(2))
    : asn1.create(UNIVERSAL, T.GENERALIZEDTIME, false, iso);
}

function extension(id: string, critical: boolean, value: forge.asn1.Asn1): forge.asn1.Asn1 {
  const parts = [oid(id)];
  if (critical) parts.push(asn1.create(UNIVERSAL, T.BOOLEAN, false, '\xff'));
  parts.push(octets(der(value)));
  return seq(parts);
}

/** The key identifier of RFC 5280 method 1: SHA-1 of the subjectPublicKey bits. */
function keyIdentifier(key: crypto.KeyObject): string {
  const spki = key.export({ type: 'spki', format: 'der' });
  const bits = asn1.fromDer(bin(spki)).value as forge.asn1.Asn1[];
  const keyBits = (bits[1].value as string).slice(1);
  return bin(crypto.createHash('sha1').update(Buffer.from(keyBits, 'binary')).digest());
}

function ipBytes(ip: string): string {
  if (ip.includes(':')) throw new Error(`IPv6 addresses are not supported in certificates: ${ip}`);
  return String.fromCharCode(...ip.split('.').map(Number));
}

function extensions(req: CertificateRequest): forge.asn1.Asn1 {
  const list = [
    extension(OID.basicConstraints, true, seq(req.isCa ? [asn1.create(UNIVERSAL, T.BOOLEAN, false, '\xff')] : [])),
    // keyCertSign + cRLSign for the CA (bits 5, 6), digitalSignature (bit 0) for servers.
    extension(OID.keyUsage, true, asn1.create(UNIVERSAL, T.BITSTRING, false, req.isCa ? '\x01\x06' : '\x07\x80')),
    extension(OID.subjectKeyIdentifier, false, octets(keyIdentifier(req.publicKey))),
    extension(OID.authorityKeyIdentifier, false, seq([asn1.create(CONTEXT_SPECIFIC, 0, false, keyIdentifier(req.issuer.publicKey))])),
  ];
  if (!req.isCa) {
    list.push(extension(OID.extKeyUsage, false, seq([oid(OID.serverAuth)])));
    const names = [
      ...(req.dnsNames ?? []).map((dns) => asn1.create(CONTEXT_SPECIFIC, 2, false, dns)),
      ...(req.ipAddresses ?? []).map((ip) => asn1.create(CONTEXT_SPECIFIC, 7, false, ipBytes(ip))),
    ];
    list.push(extension(OID.subjectAltName, false, seq(names)));
  }
  return asn1.create(CONTEXT_SPECIFIC, 3, true, [seq(list)]);
}

/** Serial numbers: 16 random bytes, positive. */
function serial(): forge.asn1.Asn1 {
  const bytes = crypto.randomBytes(16);
  bytes[0] = bytes[0] % 0x80 || 1;
  return asn1.create(UNIVERSAL, T.INTEGER, false, bin(bytes));
}

/** Issues a certificate; returns it in PEM. */
export function createCertificate(req: CertificateRequest): string {
  const algorithm = seq([oid(OID.ecdsaWithSha256)]);
  const spki = asn1.fromDer(bin(req.publicKey.export({ type: 'spki', format: 'der' })));
  const tbs = seq([
    asn1.create(CONTEXT_SPECIFIC, 0, true, [asn1.create(UNIVERSAL, T.INTEGER, false, '\x02')]),
    serial(),
    algorithm,
    name(req.issuer.commonName),
    seq([time(req.notBefore), time(req.notAfter)]),
    name(req.commonName),
    spki,
    extensions(req),
  ]);
  const tbsDer = der(tbs);
  const signature = crypto.sign('sha256', Buffer.from(tbsDer, 'binary'), req.signingKey);
  const certificate = seq([tbs, seq([oid(OID.ecdsaWithSha256)]), asn1.create(UNIVERSAL, T.BITSTRING, false, '\x00' + bin(signature))]);
  const body = Buffer.from(der(certificate), 'binary').toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}

/** A new P-256 key pair. */
export function newKeyPair(): { publicKey: crypto.KeyObject; privateKey: crypto.KeyObject } {
  return crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
}
