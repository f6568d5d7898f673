import type Router from '@koa/router';
import Koa from 'koa';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { auditRouter } from '../routes/audit/index.js';
import { localAuthRouter } from '../routes/auth/local.js';
import { oidcRouter } from '../routes/auth/oidc.js';
import { conversationsRouter } from '../routes/conversations/index.js';
import { documentsRouter } from '../routes/documents/index.js';
import { healthRouter } from '../routes/health/index.js';
import { openAiRouter } from '../routes/openai/index.js';
import { sessionsRouter } from '../routes/sessions/index.js';
import { auditGate } from './middleware/auditGate.js';
import { errorHandler } from './middleware/errors.js';
import { observe } from './middleware/observe.js';
import { requestId } from './middleware/requestId.js';
import { securityHeaders } from './middleware/securityHeaders.js';
import type { AppState } from './types.js';

/** Builds the Koa application: global middleware once, then each resource's router. */
export function createApp(deps: Deps): Koa<AppState> {
  const app = new Koa<AppState>({ proxy: false });
  app.silent = true; // errors are logged by errorHandler, with the request id
  app.use(requestId(deps.logger));
  app.use(observe(deps.metrics));
  app.use(securityHeaders());
  app.use(errorHandler());
  app.use(auditGate(deps.auditLog.health));
  for (const router of apiRouters(deps)) {
    app.use(router.routes());
    app.use(
      router.allowedMethods({
        throw: true,
        methodNotAllowed: () =>
          new AppError('method_not_allowed', 'This method is not allowed on this route.'),
        notImplemented: () =>
          new AppError('method_not_allowed', 'This HTTP method is not supported by Parley.'),
      }),
    );
  }
  return app;
}

/** Every router of the API; the route-walk test checks each route declares a permission. */
export function apiRouters(deps: Deps): Router<AppState>[] {
  return [
    healthRouter(deps),
    sessionsRouter(deps),
    oidcRouter(deps),
    localAuthRouter(deps),
    conversationsRouter(deps),
    openAiRouter(deps),
    auditRouter(deps),
    documentsRouter(deps),
  ];
}
