import type { Clock } from '../clock.js';
import { AppError, isAppError } from '../errors.js';
import { OidcClient, type OidcDiscoverOptions, type OidcSettings } from './oidc/index.js';

/**
 * Keeps the OpenID Provider connection. Discovery starts with the server; while the IdP is
 * down the server still runs (local break-glass accounts and API tokens keep working),
 * `/readyz` says why SSO is unavailable, and discovery is retried until it succeeds.
 */
export class OidcConnector {
  private client: OidcClient | undefined;
  private lastError: string | undefined = 'discovery not finished';
  private stopped = false;
  private cancelRetry: (() => void) | undefined;

  constructor(
    private readonly settings: OidcSettings,
    private readonly opts: OidcDiscoverOptions & { retryAfterMs?: number },
  ) {}

  /** Starts discovery in the background; resolves after the first round (success or not). */
  async start(): Promise<void> {
    try {
      this.client = await OidcClient.discover(this.settings, this.opts);
      this.lastError = undefined;
      this.opts.logger.info({ issuer: this.settings.issuer }, 'OIDC provider discovered');
    } catch (err) {
      this.lastError = (err as Error).message;
      // A missing secret or key file will not fix itself: say so once, do not retry.
      const permanent = isAppError(err, 'oidc_not_configured');
      this.opts.logger.error(
        { err, issuer: this.settings.issuer },
        permanent ? 'OIDC is misconfigured' : 'OIDC discovery failed; will retry',
      );
      if (!this.stopped && !permanent) {
        const clock: Clock = this.opts.clock;
        this.cancelRetry = clock.setTimeout(() => void this.start(), this.opts.retryAfterMs ?? 60_000);
      }
    }
  }

  /** The client, or `oidc_unavailable` while the IdP has not been reached. */
  require(): OidcClient {
    if (this.client) return this.client;
    throw new AppError('oidc_unavailable', `Single sign-on is unavailable: ${this.lastError ?? 'unknown'}`);
  }

  /** The IdP's end-session URL, when it has one and is reachable. */
  endSessionUrl(): string | undefined {
    return this.client?.endSessionUrl();
  }

  /** For /readyz: null when ready, else the reason. */
  status(): string | null {
    return this.client ? null : (this.lastError ?? 'unknown');
  }

  /** Stops retrying. */
  stop(): void {
    this.stopped = true;
    this.cancelRetry?.();
  }
}
