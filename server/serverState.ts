import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What a running server tells CLI commands on the same machine (`parley policy apply`). */
export interface ServerState {
  pid: number;
  url: string;
}

/** Writes `<dataDir>/server.json` (mode 0600); returns its path. */
export function writeServerState(dataDir: string, state: ServerState): string {
  const file = path.join(dataDir, 'server.json');
  writeFileSync(file, `${JSON.stringify(state)}\n`, { mode: 0o600 });
  return file;
}

/** Removes the state file on shutdown. */
export function removeServerState(file: string): void {
  rmSync(file, { force: true });
}

/** Reads the state of the server using `dataDir`, if one is running. */
export function readServerState(dataDir: string): ServerState | undefined {
  try {
    const value = JSON.parse(readFileSync(path.join(dataDir, 'server.json'), 'utf8')) as Partial<ServerState>;
    if (typeof value.pid === 'number' && typeof value.url === 'string')
      return { pid: value.pid, url: value.url };
  } catch {
    // No server, or a half-written file: treat as not running.
  }
  return undefined;
}
