import { createPrivateKey, type JsonWebKey, type KeyObject, webcrypto } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { Logger } from 'pino';
import { AppError } from '../../errors.js';
import type { OidcSettings } from './types.js';

/** How Parley authenticates to the IdP's token endpoint, with the secret material loaded. */
export type ClientCredentials =
  | { method: 'client_secret_basic' | 'client_secret_post'; secret: string }
  | { method: 'private_key_jwt'; key: webcrypto.CryptoKey; kid?: string };

/**
 * Reads the client secret or private key named in the settings. A missing or unusable file
 * is a configuration mistake: `oidc_not_configured`, naming the file, never its content.
 */
export async function loadClientCredentials(
  settings: OidcSettings,
  logger: Logger,
): Promise<ClientCredentials> {
  if (settings.clientAuth === 'private_key_jwt') {
    const file = required(settings.privateKeyFile, 'privateKeyFile', settings.clientAuth);
    const { key, kid } = parsePrivateKey(readSecretFile(file, logger), file);
    return { method: 'private_key_jwt', key: await toCryptoKey(key, file), ...(kid ? { kid } : {}) };
  }
  const file = required(settings.clientSecretFile, 'clientSecretFile', settings.clientAuth);
  // Editors and `echo` add a trailing newline; it is never part of the secret.
  const secret = readSecretFile(file, logger).replace(/[\r\n]+$/, '');
  if (!secret) throw new AppError('oidc_not_configured', `auth.oidc.clientSecretFile ${file} is empty`);
  return { method: settings.clientAuth, secret };
}

function required(file: string | undefined, field: string, method: string): string {
  if (!file) throw new AppError('oidc_not_configured', `auth.oidc.${field} is required for ${method}`);
  return file;
}

function readSecretFile(file: string, logger: Logger): string {
  try {
    // Secrets readable by group or others are a finding in any audit; say so, but keep working.
    if ((statSync(file).mode & 0o077) !== 0)
      logger.warn({ file }, 'OIDC credential file is readable by others');
    return readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new AppError('oidc_not_configured', `cannot read OIDC credential file ${file} (${reason})`);
  }
}

/** A PEM private key (PKCS#8, or PKCS#1 / SEC1) or a private JWK, as JSON. */
function parsePrivateKey(text: string, file: string): { key: KeyObject; kid?: string } {
  try {
    if (text.trimStart().startsWith('{')) {
      const jwk = JSON.parse(text) as JsonWebKey;
      const key = createPrivateKey({ key: jwk, format: 'jwk' });
      return { key, ...(typeof jwk.kid === 'string' ? { kid: jwk.kid } : {}) };
    }
    return { key: createPrivateKey(text) };
  } catch {
    // The parser's message could quote the file; say only where and what.
    throw new AppError(
      'oidc_not_configured',
      `auth.oidc.privateKeyFile ${file} is not a PEM or JWK private key`,
    );
  }
}

/** The WebCrypto algorithm for the key's type; openid-client derives the JWS `alg` from it. */
async function toCryptoKey(key: KeyObject, file: string): Promise<webcrypto.CryptoKey> {
  const der = key.export({ format: 'der', type: 'pkcs8' });
  const curve = key.asymmetricKeyDetails?.namedCurve;
  let algorithm: webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams | webcrypto.Algorithm;
  if (key.asymmetricKeyType === 'rsa') algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  else if (key.asymmetricKeyType === 'ec' && curve === 'prime256v1')
    algorithm = { name: 'ECDSA', namedCurve: 'P-256' };
  else if (key.asymmetricKeyType === 'ec' && curve === 'secp384r1')
    algorithm = { name: 'ECDSA', namedCurve: 'P-384' };
  else if (key.asymmetricKeyType === 'ed25519') algorithm = { name: 'Ed25519' };
  else {
    throw new AppError(
      'oidc_not_configured',
      `auth.oidc.privateKeyFile ${file}: unsupported key type (use RSA, EC P-256/P-384 or Ed25519)`,
    );
  }
  return webcrypto.subtle.importKey('pkcs8', der, algorithm, false, ['sign']);
}
