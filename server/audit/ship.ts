import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Config } from '../config/schema.js';

/** Sends one signed checkpoint note somewhere off the box; reports failures through `onError`. */
export type CheckpointShipper = (note: string) => void;

/** A failed delivery, by sink, for the log and the `ship` failure metric. */
export type ShipErrorHandler = (sink: 'file' | 'syslog' | 'command', err: Error) => void;

const COMMAND_TIMEOUT_MS = 10_000;

/**
 * Builds the shippers configured in `audit.ship`. Shipping never blocks or fails an append:
 * the checkpoint is already stored and signed; a failed delivery is an incident to alert on
 * (metric `parley_audit_failures_total{stage="ship"}`), not a reason to stop auditing.
 */
export function checkpointShippers(
  ship: Config['audit']['ship'],
  onError: ShipErrorHandler,
): CheckpointShipper {
  const sinks: CheckpointShipper[] = [];
  if (ship.file) sinks.push(fileShipper(ship.file, onError));
  if (ship.syslog) sinks.push(syslogShipper(ship.syslog, onError));
  if (ship.command) sinks.push(commandShipper(ship.command, onError));
  return (note) => {
    for (const sink of sinks) sink(note);
  };
}

/** Appends the note and fsyncs, so a shipped checkpoint survives a crash right after. */
export function fileShipper(file: string, onError: ShipErrorHandler): CheckpointShipper {
  return (note) => {
    try {
      const fd = openSync(file, 'a', 0o644);
      try {
        writeSync(fd, note.endsWith('\n') ? note : `${note}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch (err) {
      onError('file', err as Error);
    }
  };
}

/** RFC 5424 message over UDP (RFC 5426); the note's lines are joined with " | " (one record). */
export function syslogShipper(
  target: { host: string; port: number },
  onError: ShipErrorHandler,
): CheckpointShipper {
  const host =
    hostname()
      .replace(/[^\x21-\x7e]/g, '')
      .slice(0, 255) || '-';
  return (note) => {
    // PRI 110 = facility 13 (log audit) * 8 + severity 6 (informational), RFC 5424 §6.2.1.
    const msg = `<110>1 ${new Date().toISOString()} ${host} parley - audit-checkpoint - ${note.trimEnd().split('\n').join(' | ')}`;
    const socket = createSocket(target.host.includes(':') ? 'udp6' : 'udp4');
    socket.on('error', (err) => {
      onError('syslog', err);
      socket.close();
    });
    socket.send(Buffer.from(msg, 'utf8'), target.port, target.host, (err) => {
      if (err) onError('syslog', err);
      socket.close();
    });
  };
}

/** Runs `argv` (no shell) with the note on stdin; a non-zero exit or a hang is a failure. */
export function commandShipper(argv: readonly string[], onError: ShipErrorHandler): CheckpointShipper {
  const [program, ...args] = argv as [string, ...string[]];
  return (note) => {
    const child = spawn(program, args, { stdio: ['pipe', 'ignore', 'ignore'], timeout: COMMAND_TIMEOUT_MS });
    child.on('error', (err) => onError('command', err));
    child.on('exit', (code, signal) => {
      if (code !== 0) onError('command', new Error(`${program} exited with ${code ?? signal}`));
    });
    child.stdin.on('error', () => {}); // reported through 'exit'
    child.stdin.end(note);
  };
}

/**
 * Reads the notes appended to a ship file (newest last): a note starts at a line equal to the
 * log's origin (C2SP tlog-checkpoint). Only the last `max` are returned: the newest proves
 * the most against rollback; forks are caught by any. A missing file gives none.
 */
export function readShippedNotes(file: string, origin: string, max = 100): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const notes: string[] = [];
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    if (line === origin) {
      if (current) notes.push(`${current.join('\n').trimEnd()}\n`);
      current = [line];
    } else current?.push(line);
  }
  if (current) notes.push(`${current.join('\n').trimEnd()}\n`);
  return notes.slice(-max);
}
