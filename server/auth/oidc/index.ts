/**
 * OpenID Connect single sign-on: Parley as a relying party of one IdP (issue 4). The IdP's
 * outbound calls go through `client.ts`, the only importer of openid-client.
 */
export { MAX_BACKOFF_MS } from './backoff.js';
export { OidcClient, type OidcDiscoverOptions, type OidcFetch } from './client.js';
export { OidcProtocolError } from './failures.js';
export type { OidcIdentity, OidcSettings, PendingLogin } from './types.js';
