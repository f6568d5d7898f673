import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import type { AppContext } from './types.js';

/**
 * An abort signal for one generation: fires when the client disconnects (its sequence is
 * freed at once), when the request's time limit passes (on the injectable clock), or when
 * shutdown gives up waiting. `dispose` must be called when the work ends.
 */
export function requestSignal(ctx: AppContext, deps: Pick<Deps, 'clock' | 'config' | 'lifecycle'>) {
  if (deps.lifecycle.draining) throw new AppError('shutting_down', 'The server is shutting down.');
  const controller = new AbortController();
  const onClose = () => {
    if (!ctx.res.writableFinished)
      controller.abort(new AppError('client_closed', 'The client closed the connection.'));
  };
  ctx.res.on('close', onClose);
  const limitMs = deps.config.inference.requestTimeoutMs;
  const cancelTimer = deps.clock.setTimeout(
    () =>
      controller.abort(
        new AppError('generation_timeout', `The request exceeded its time limit of ${limitMs} ms.`),
      ),
    limitMs,
  );
  const untrack = deps.lifecycle.track(controller);
  return {
    signal: controller.signal,
    dispose() {
      ctx.res.off('close', onClose);
      cancelTimer();
      untrack();
    },
  };
}
