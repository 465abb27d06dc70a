/**
 * The simulator's certificate authority: one CA per run (or per state directory, so clients can
 * trust it once), and server certificates for the endpoints of TLS caches, valid for their
 * AWS-format hostnames, `localhost` and 127.0.0.1. Keys are generated on first use only.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as tls from 'tls';
import { createCertificate, newKeyPair } from './x509';

const CA_NAME = 'cdk-elasticache simulator CA';
const DAY = 24 * 60 * 60 * 1000;

interface CaMaterial {
  readonly certPem: string;
  readonly privateKey: crypto.KeyObject;
  readonly publicKey: crypto.KeyObject;
}

function generateCa(): CaMaterial {
  const { publicKey, privateKey } = newKeyPair();
  const now = Date.now();
  const certPem = createCertificate({
    commonName: CA_NAME,
    publicKey,
    signingKey: privateKey,
    issuer: { commonName: CA_NAME, publicKey },
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 3650 * DAY),
    isCa: true,
  });
  return { certPem, privateKey, publicKey };
}

/** A CA cached in the state directory, or undefined when missing, unreadable or expiring. */
function readCachedCa(dir: string): CaMaterial | undefined {
  try {
    const certPem = fs.readFileSync(path.join(dir, 'ca.pem'), 'utf8');
    const privateKey = crypto.createPrivateKey(fs.readFileSync(path.join(dir, 'ca-key.pem'), 'utf8'));
    const x509 = new crypto.X509Certificate(certPem);
    if (Date.parse(x509.validTo) < Date.now() + 30 * DAY || !x509.checkPrivateKey(privateKey)) return undefined;
    return { certPem, privateKey, publicKey: x509.publicKey };
  } catch {
    return undefined;
  }
}

function writeCachedCa(dir: string, ca: CaMaterial): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'ca.pem'), ca.certPem);
  fs.writeFileSync(path.join(dir, 'ca-key.pem'), ca.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
}

export class TlsAuthority {
  private ca: CaMaterial | undefined;
  private readonly contexts = new Map<string, tls.SecureContext>();

  /** @param stateDir where the CA is kept between runs (`<stateDir>/tls`); a new CA per run without one. */
  constructor(private readonly stateDir?: string) {}

  private authority(): CaMaterial {
    if (this.ca) return this.ca;
    const dir = this.stateDir ? path.join(this.stateDir, 'tls') : undefined;
    let ca = dir ? readCachedCa(dir) : undefined;
    if (!ca) {
      ca = generateCa();
      if (dir) writeCachedCa(dir, ca);
    }
    this.ca = ca;
    return ca;
  }

  /** The CA certificate clients trust (PEM). */
  public get caCertificatePem(): string {
    return this.authority().certPem;
  }

  /** A server certificate and key for these hostnames (plus localhost and 127.0.0.1), in PEM. */
  public issue(hostnames: readonly string[]): { certPem: string; keyPem: string } {
    const ca = this.authority();
    const { publicKey, privateKey } = newKeyPair();
    const now = Date.now();
    const dnsNames = [...new Set([...hostnames, 'localhost'])];
    const certPem = createCertificate({
      commonName: hostnames[0] ?? 'localhost',
      publicKey,
      signingKey: ca.privateKey,
      issuer: { commonName: CA_NAME, publicKey: ca.publicKey },
      notBefore: new Date(now - DAY),
      notAfter: new Date(now + 365 * DAY),
      isCa: false,
      dnsNames,
      ipAddresses: ['127.0.0.1'],
    });
    return { certPem, keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
  }

  /** A TLS context serving a certificate for these hostnames (one per distinct set). */
  public secureContext(hostnames: readonly string[]): tls.SecureContext {
    const key = [...hostnames].sort().join(' ');
    let context = this.contexts.get(key);
    if (!context) {
      const { certPem, keyPem } = this.issue(hostnames);
      context = tls.createSecureContext({ cert: certPem + this.authority().certPem, key: keyPem });
      this.contexts.set(key, context);
    }
    return context;
  }
}
