import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { AppError } from '../errors.js';

/**
 * A new password, from a file (first line) or typed at an interactive prompt without echo,
 * never from a command-line flag (flags end up in shell history and `ps`).
 */
export async function readNewPassword(file: string | undefined): Promise<string> {
  if (file !== undefined) {
    const text = readFileSync(file, 'utf8');
    return text.split(/\r?\n/)[0] ?? '';
  }
  if (!process.stdin.isTTY) {
    throw new AppError('invalid_request', 'No terminal to ask for the password: use --password-file FILE.');
  }
  const first = await prompt('New password: ');
  const second = await prompt('Repeat it: ');
  if (first !== second) throw new AppError('password_rejected', 'The two passwords differ.');
  return first;
}

function prompt(question: string): Promise<string> {
  process.stderr.write(question);
  // Typed characters go to a sink, so the password never appears on screen.
  const muted = new Writable({ write: (_chunk, _enc, done) => done() });
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  return new Promise((resolve) => {
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}
