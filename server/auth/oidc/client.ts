// The only importer of openid-client in Parley, and so the only module that talks to the
// network on its own: every outbound call (discovery, JWKS, token, userinfo) starts here.
import { createHash } from 'node:crypto';
import { setTimeout as sleepFor } from 'node:timers/promises';
import * as oidc from 'openid-client';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import { AppError } from '../../errors.js';
import { retryWithBackoff } from './backoff.js';
import { type Claims, identityFromClaims, wantedClaims } from './claims.js';
import { type ClientCredentials, loadClientCredentials } from './credentials.js';
import { OidcProtocolError, toProtocolError } from './failures.js';
import { parseIssuer } from './issuer.js';
import type { OidcIdentity, OidcSettings, PendingLogin } from './types.js';

/** Seconds allowed for each request to the IdP. */
const REQUEST_TIMEOUT_S = 10;

/** A fetch with openid-client's signature; see {@link OidcDiscoverOptions.unsafeTestFetch}. */
export type OidcFetch = oidc.CustomFetch;

export interface OidcDiscoverOptions {
  clock: Clock;
  logger: Logger;
  /** Waits between discovery attempts; tests inject one that records and returns at once. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * TESTS ONLY. Replaces fetch for every request to the IdP so a test can play a hostile IdP
   * (forged ID tokens, bad JWKS). All of openid-client's checks stay on. Never set in production.
   */
  unsafeTestFetch?: OidcFetch;
}

/** A relying party for one OpenID Provider: discovery, Authorization Code + PKCE, logout. */
export class OidcClient {
  private constructor(
    private readonly config: oidc.Configuration,
    private readonly settings: OidcSettings,
    private readonly logger: Logger,
  ) {}

  /**
   * Discovers the issuer's metadata, retrying with exponential back-off while the IdP is
   * unreachable (`discoveryAttempts`, `discoveryBackoffMs`). Fails with `oidc_unavailable`
   * naming the issuer and the cause; invalid metadata fails at once, without retrying.
   */
  static async discover(settings: OidcSettings, opts: OidcDiscoverOptions): Promise<OidcClient> {
    const issuer = parseIssuer(settings, opts.logger);
    const credentials = await loadClientCredentials(settings, opts.logger);
    // A ref'd timer: at start-up nothing else may keep the process alive while we wait.
    const sleep = opts.sleep ?? ((ms: number) => sleepFor(ms));
    const metadata: Partial<oidc.ClientMetadata> = {
      // Tells openid-client's exp/iat/nbf checks what time it is by the injected clock (as
      // of discovery: openid-client freezes client metadata).
      [oidc.clockSkew]: Math.round((opts.clock.now() - Date.now()) / 1000),
    };
    const options: oidc.DiscoveryRequestOptions = {
      timeout: REQUEST_TIMEOUT_S,
      execute: [
        // openid-client trusts TLS alone for an ID token from the token endpoint (OIDC Core
        // 3.1.3.7 allows it) and skips its signature unless told; Parley verifies it always.
        oidc.enableNonRepudiationChecks,
        ...(settings.allowInsecureIssuer ? [oidc.allowInsecureRequests] : []),
      ],
      ...(opts.unsafeTestFetch ? { [oidc.customFetch]: opts.unsafeTestFetch } : {}),
    };
    try {
      const config = await retryWithBackoff(
        () =>
          oidc
            .discovery(issuer, settings.clientId, metadata, clientAuth(credentials), options)
            .catch((err: unknown) => {
              throw toProtocolError(err);
            }),
        {
          attempts: settings.discoveryAttempts,
          baseMs: settings.discoveryBackoffMs,
          sleep,
          isTransient: (err) => err instanceof OidcProtocolError && err.transient,
          onRetry: ({ attempt, delayMs, err }) =>
            opts.logger.warn(
              { issuer: settings.issuer, attempt, delayMs, cause: (err as Error).message },
              'OIDC discovery failed; retrying',
            ),
        },
      );
      opts.logger.info(
        { issuer: settings.issuer, clientAuth: settings.clientAuth },
        'OIDC issuer discovered',
      );
      // PKCE is sent regardless; an IdP that ignores it leaves only state and nonce standing.
      const pkce = config.serverMetadata().code_challenge_methods_supported;
      if (pkce && !pkce.includes('S256'))
        opts.logger.warn({ issuer: settings.issuer }, 'OIDC issuer lacks PKCE S256');
      return new OidcClient(config, settings, opts.logger);
    } catch (err) {
      const cause = toProtocolError(err);
      const what = cause.transient ? 'cannot reach' : 'invalid discovery metadata from';
      throw new AppError('oidc_unavailable', `OIDC: ${what} issuer ${settings.issuer}: ${cause.message}`, {
        cause,
      });
    }
  }

  /** A fresh authorization URL with new random `state`, `nonce` and PKCE (S256) verifier. */
  startLogin(): { url: string; pending: PendingLogin } {
    const pending: PendingLogin = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
    };
    // S256 by hand: openid-client's helper is async and this is a one-line hash (RFC 7636 4.2).
    const challenge = createHash('sha256').update(pending.codeVerifier).digest('base64url');
    const url = oidc.buildAuthorizationUrl(this.config, {
      response_type: 'code',
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes.join(' '),
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    return { url: url.href, pending };
  }

  /**
   * Completes a login from the IdP's redirect. `callbackUrl` is attacker-controlled: only its
   * query is used, on top of the configured redirect URI. Every check (state, PKCE, ID token
   * signature, iss, aud, exp, nonce) is openid-client's and on. Fails with
   * `oidc_callback_invalid` (cause: {@link OidcProtocolError}), or `oidc_unavailable` when the
   * IdP cannot be reached.
   */
  async finishLogin(callbackUrl: URL, pending: PendingLogin | undefined): Promise<OidcIdentity> {
    if (!pending?.state || !pending.nonce || !pending.codeVerifier) {
      throw new AppError(
        'oidc_callback_invalid',
        'OIDC login rejected: no login in progress for this browser',
      );
    }
    // Never derive redirect_uri from the request (Host headers lie); openid-client takes it
    // from the URL it is given, so hand it the configured one with the IdP's parameters.
    const current = new URL(this.settings.redirectUri);
    current.search = callbackUrl.search;
    try {
      const tokens = await oidc.authorizationCodeGrant(this.config, current, {
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        pkceCodeVerifier: pending.codeVerifier,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims || !tokens.id_token) throw new Error('no ID token in the token response');
      const extra = await this.userinfoIfNeeded(idClaims, tokens.access_token);
      return identityFromClaims(idClaims, extra, this.settings, tokens.id_token);
    } catch (err) {
      const cause = toProtocolError(err);
      if (cause.transient) {
        throw new AppError('oidc_unavailable', `OIDC: cannot reach issuer ${this.settings.issuer}`, {
          cause,
        });
      }
      this.logger.debug({ code: cause.code, oauthError: cause.oauthError }, 'OIDC callback rejected');
      throw new AppError('oidc_callback_invalid', `OIDC login rejected: ${cause.message}`, { cause });
    }
  }

  /**
   * The IdP's logout URL (RP-initiated logout), or undefined when it advertises no
   * `end_session_endpoint`. Local logout must happen regardless.
   */
  endSessionUrl(idTokenHint?: string): string | undefined {
    if (!this.config.serverMetadata().end_session_endpoint) return undefined;
    const params: Record<string, string> = {};
    if (idTokenHint) params.id_token_hint = idTokenHint;
    if (this.settings.postLogoutRedirectUri)
      params.post_logout_redirect_uri = this.settings.postLogoutRedirectUri;
    return oidc.buildEndSessionUrl(this.config, params).href;
  }

  /**
   * Many IdPs release profile and group claims only at userinfo for the code flow (OIDC Core
   * 5.4). Ask it only when the ID token lacks a wanted claim; openid-client checks its `sub`.
   */
  private async userinfoIfNeeded(idClaims: Claims & { sub: string }, accessToken: string): Promise<Claims> {
    const missing = wantedClaims(this.settings).some((name) => idClaims[name] === undefined);
    if (!missing || !this.config.serverMetadata().userinfo_endpoint) return {};
    return oidc.fetchUserInfo(this.config, accessToken, idClaims.sub);
  }
}

function clientAuth(credentials: ClientCredentials): oidc.ClientAuth {
  switch (credentials.method) {
    case 'client_secret_basic':
      return oidc.ClientSecretBasic(credentials.secret);
    case 'client_secret_post':
      return oidc.ClientSecretPost(credentials.secret);
    case 'private_key_jwt':
      return oidc.PrivateKeyJwt(
        credentials.kid ? { key: credentials.key, kid: credentials.kid } : credentials.key,
      );
  }
}
