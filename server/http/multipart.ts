import busboy from 'busboy';
import { AppError } from '../errors.js';
import type { AppContext } from './types.js';

/** The one file of a `multipart/form-data` upload. */
export interface UploadedFile {
  /** As the client sent it: attacker-controlled, cleaned by the command before any use. */
  name: string;
  bytes: Buffer;
}

/**
 * Reads exactly one file part named `file` from a multipart body, streaming, and refuses it
 * with 413 as soon as it passes `maxBytes` (the rest of the body is not buffered). Anything
 * else (no file, several files, not multipart) is 400/415 with a clear message.
 */
export function readUploadedFile(ctx: AppContext, maxBytes: number): Promise<UploadedFile> {
  const type = ctx.get('content-type');
  if (!/^multipart\/form-data\b/i.test(type)) {
    const err = new AppError('unsupported_media_type', 'Upload a file as multipart/form-data, field "file".');
    return drained(ctx).then(() => Promise.reject(err));
  }
  return new Promise<UploadedFile>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: ctx.req.headers,
        limits: { files: 1, fileSize: maxBytes, fields: 10, parts: 12 },
      });
    } catch (err) {
      reject(
        new AppError('invalid_request', `The multipart request is malformed (${(err as Error).message}).`, {
          cause: err,
        }),
      );
      return;
    }
    let file: UploadedFile | undefined;
    let failed: AppError | undefined;
    const fail = (err: AppError) => {
      if (failed) return;
      failed = err;
      ctx.req.unpipe(parser);
      // Drain the rest before answering: a reply sent mid-body would leave unread bytes on a
      // kept-alive connection for the client's next request to trip over.
      ctx.req.resume();
      if (ctx.req.readableEnded) reject(err);
      else {
        ctx.req.once('end', () => reject(err));
        ctx.req.once('close', () => reject(err));
      }
    };
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || file) {
        stream.resume();
        fail(new AppError('invalid_request', 'Send exactly one file, in the field "file".'));
        return;
      }
      const parts: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => parts.push(chunk));
      stream.on('limit', () =>
        fail(new AppError('payload_too_large', `Documents are limited to ${maxBytes} bytes.`)),
      );
      stream.on('end', () => {
        if (!failed) file = { name: info.filename ?? '', bytes: Buffer.concat(parts) };
      });
    });
    parser.on('filesLimit', () => fail(new AppError('invalid_request', 'Send exactly one file.')));
    parser.on('error', (err) =>
      fail(
        new AppError('invalid_request', `The multipart body is malformed (${(err as Error).message}).`, {
          cause: err,
        }),
      ),
    );
    parser.on('close', () => {
      if (failed) return;
      if (!file) reject(new AppError('invalid_request', 'No file in the field "file".'));
      else resolve(file);
    });
    ctx.req.pipe(parser);
  });
}

// Reads and discards the rest of the request body, so that an early answer never leaves
// unread bytes on a kept-alive connection.
function drained(ctx: AppContext): Promise<void> {
  return new Promise((resolve) => {
    if (ctx.req.readableEnded) return resolve();
    ctx.req.once('end', resolve);
    ctx.req.once('close', resolve);
    ctx.req.resume();
  });
}
