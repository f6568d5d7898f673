import { AppError } from '../errors.js';
import { errorStatus } from '../http/errorMap.js';

/** An error as every route presents it (OpenAI's shape plus the request id). */
export function presentError(err: unknown, requestId: string) {
  const appErr: AppError | undefined = err instanceof AppError ? (err as AppError) : undefined;
  const [status, type] = appErr ? errorStatus[appErr.code] : [500, 'server_error' as const];
  return {
    status,
    retryAfterSeconds: appErr?.details.retryAfterSeconds,
    body: {
      error: {
        // Unknown errors may carry internals: callers see a generic text, the log the rest.
        message: appErr ? appErr.message : 'Internal server error',
        type,
        code: appErr ? appErr.code : 'internal_error',
        param: appErr?.details.param ?? null,
        request_id: requestId,
      },
    },
  };
}
