import { createHash, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { AppError } from '../errors.js';

/** SHA-256 of a file, streamed (model files are gigabytes). */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Refuses a model file whose SHA-256 differs from the catalog's: a swapped or corrupted
 * model must never answer. The message names the file and both hashes.
 */
export async function verifyModelFile(file: string, expectedSha256: string): Promise<void> {
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new Error('not a regular file');
  } catch (err) {
    throw new AppError('model_file_missing', `Model file ${file} is missing or unreadable`, { cause: err });
  }
  const actual = await sha256File(file);
  const a = Buffer.from(actual, 'hex');
  const b = Buffer.from(expectedSha256, 'hex');
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new AppError(
      'model_hash_mismatch',
      `Refusing to load model file ${file}: its SHA-256 is ${actual} but the catalog pins ${expectedSha256}`,
    );
  }
}
