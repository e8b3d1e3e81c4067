// The simulated fediverse's certificate authority. Tests and the demo trust it the way an operator would
// trust any private CA: through NODE_EXTRA_CA_CERTS. Leaf certificates are minted per host name on demand
// (SNI), so any simulated name gets a valid certificate without listing names up front.
import { webcrypto } from 'node:crypto';
import { mkdir, readFile, writeFile, rename } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
export const DEFAULT_CA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '.ca');

export interface SimCa {
  readonly certPath: string;
  readonly certPem: string;
  readonly keyPem: string;
}

/** Creates the CA once (kept in sim/.ca, ignored by git) and returns it. */
export async function ensureSimCa(dir: string = DEFAULT_CA_DIR): Promise<SimCa> {
  const certPath = path.join(dir, 'ca.pem');
  const keyPath = path.join(dir, 'ca-key.pem');
  if (existsSync(certPath) && existsSync(keyPath)) {
    return { certPath, certPem: await readFile(certPath, 'utf8'), keyPem: await readFile(keyPath, 'utf8') };
  }
  await mkdir(dir, { recursive: true });
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: 'CN=fedicensus simulated fediverse test CA',
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 10 * 365 * 86_400_000),
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const keyPem = toPem(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY');
  const certPem = cert.toString('pem') + '\n';
  // Write both, then rename, so a concurrent reader never sees half a CA.
  await writeFile(keyPath + '.tmp', keyPem, { mode: 0o600 });
  await writeFile(certPath + '.tmp', certPem);
  await rename(keyPath + '.tmp', keyPath);
  await rename(certPath + '.tmp', certPath);
  return { certPath, certPem, keyPem };
}

export interface LeafCert {
  readonly cert: string;
  readonly key: string;
}

/** Mints leaf certificates signed by the CA; one key pair is shared by all leaves to keep minting cheap. */
export async function createLeafMinter(ca: SimCa): Promise<(hostname: string) => Promise<LeafCert>> {
  const caCert = new x509.X509Certificate(ca.certPem);
  const caKey = await webcrypto.subtle.importKey('pkcs8', fromPem(ca.keyPem), ALG, false, ['sign']);
  const leafKeys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const leafKeyPem = toPem(await webcrypto.subtle.exportKey('pkcs8', leafKeys.privateKey), 'PRIVATE KEY');
  const cache = new Map<string, Promise<LeafCert>>();
  return (hostname: string) => {
    const name = hostname.toLowerCase();
    let leaf = cache.get(name);
    if (!leaf) {
      leaf = (async () => {
        const now = Date.now();
        const cert = await x509.X509CertificateGenerator.create({
          serialNumber: randomSerial(),
          subject: `CN=${name}`,
          issuer: caCert.subject,
          notBefore: new Date(now - 86_400_000),
          notAfter: new Date(now + 365 * 86_400_000),
          publicKey: leafKeys.publicKey,
          signingKey: caKey,
          signingAlgorithm: ALG,
          extensions: [
            new x509.BasicConstraintsExtension(false, undefined, true),
            new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: name }]),
            new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
          ],
        });
        return { cert: cert.toString('pem') + '\n' + ca.certPem, key: leafKeyPem };
      })();
      cache.set(name, leaf);
    }
    return leaf;
  };
}

function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(12));
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return Buffer.from(bytes).toString('hex');
}

function toPem(der: ArrayBuffer, label: string): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

function fromPem(pem: string): ArrayBuffer {
  const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  const buf = Buffer.from(b64, 'base64');
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
}
