import type { Logger } from 'pino';
import { AppError } from '../../errors.js';
import type { OidcSettings } from './types.js';

/** The issuer as a URL, refusing plain HTTP unless the loudly named test switch is on. */
export function parseIssuer(settings: OidcSettings, logger: Logger): URL {
  const issuer = new URL(settings.issuer);
  if (issuer.href.includes('/.well-known/')) {
    // openid-client skips the issuer check when given a metadata URL; insist on the issuer.
    throw new AppError(
      'oidc_unavailable',
      `OIDC: issuer ${settings.issuer} must be the issuer, not a metadata URL`,
    );
  }
  if (issuer.protocol === 'http:') {
    if (!settings.allowInsecureIssuer) {
      throw new AppError(
        'oidc_unavailable',
        `OIDC: refusing plain-HTTP issuer ${settings.issuer}; use https (set allowInsecureIssuer only for tests)`,
      );
    }
    logger.warn(
      { issuer: settings.issuer },
      'OIDC: plain-HTTP issuer allowed by allowInsecureIssuer (tests only)',
    );
  } else if (issuer.protocol !== 'https:') {
    throw new AppError('oidc_unavailable', `OIDC: issuer ${settings.issuer} must be an https URL`);
  }
  return issuer;
}
