import type { Command } from 'commander';
import { AppError } from '../errors.js';
import { decide, isPermission, loadBundle, runPolicyTests } from '../policy/index.js';
import { RESOURCE_TYPES } from '../policy/schema.js';
import type { AttributeValue, ResourceRef } from '../policy/types.js';
import { resolvePolicyDir } from '../policyLocation.js';
import { readServerState } from '../serverState.js';
import type { CliIo } from './io.js';
import { type CommonFlags, configFrom, withCommonOptions } from './options.js';

/** `key=value` pairs from repeated flags; `a,b` after `[]=` makes a list. */
function attributes(pairs: string[] = []): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new AppError('invalid_request', `Expected key=value, got "${pair}"`);
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    out[key.replace(/\[\]$/, '')] = key.endsWith('[]') ? value.split(',').filter(Boolean) : value;
  }
  return out;
}

function resourceFrom(spec: string | undefined, owner?: string, attrs?: string[]): ResourceRef | undefined {
  if (spec === undefined) return undefined;
  const [type, ...rest] = spec.split(':');
  if (!RESOURCE_TYPES.includes(type as (typeof RESOURCE_TYPES)[number])) {
    throw new AppError('invalid_request', `--resource type must be one of ${RESOURCE_TYPES.join(', ')}`);
  }
  const id = rest.join(':') || undefined;
  return { type: type as ResourceRef['type'], id, ownerId: owner, attributes: attributes(attrs) };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The policy directory: the argument, else the configured `policy.dir` (or the built-in bundle). */
function policyDir(io: CliIo, dir: string | undefined, flags: CommonFlags): string {
  return dir ?? resolvePolicyDir(configFrom(io, flags).policy.dir);
}

/** `parley policy check|hash|test|explain|apply`. */
export function registerPolicy(program: Command, io: CliIo, exit: (code: number) => void): void {
  const policy = program.command('policy').description('Check, test, explain and apply the policy bundle');

  withCommonOptions(
    policy.command('check').description('Validate the bundle and print its hash').argument('[dir]'),
  ).action((dir: string | undefined, flags: CommonFlags) => {
    const bundle = loadBundle(policyDir(io, dir, flags));
    io.stdout(`ok ${bundle.hash} (${bundle.files.length} files in ${bundle.dir})\n`);
  });

  withCommonOptions(
    policy.command('hash').description('Print the bundle version (SHA-256)').argument('[dir]'),
  ).action((dir: string | undefined, flags: CommonFlags) => {
    io.stdout(`${loadBundle(policyDir(io, dir, flags)).hash}\n`);
  });

  withCommonOptions(
    policy.command('test').description("Run the bundle's tests/*.yaml cases").argument('[dir]'),
  ).action((dir: string | undefined, flags: CommonFlags) => {
    const bundle = loadBundle(policyDir(io, dir, flags));
    const report = runPolicyTests(bundle);
    for (const r of report.results) {
      if (r.ok) {
        io.stdout(`PASS ${r.file}: ${r.name}\n`);
      } else {
        io.stdout(
          `FAIL ${r.file}: ${r.name}: expected ${r.expected}, got ${r.decision.allow ? 'allow' : 'deny'} by ${r.decision.rule}\n`,
        );
        for (const step of r.decision.chain) io.stdout(`       ${step}\n`);
      }
    }
    io.stdout(`${report.passed} passed, ${report.failed} failed (bundle ${bundle.hash})\n`);
    exit(report.failed === 0 ? 0 : 1);
  });

  withCommonOptions(policy.command('explain').description('Explain one decision'))
    .requiredOption('--user <name>', 'subject user name (also its id for ownership)')
    .requiredOption('--action <permission>', 'permission, e.g. collection:read')
    .option('--resource <type[:id]>', 'resource, e.g. collection:nursing-procedures')
    .option('--owner <user>', 'owner of the resource (for :own permissions)')
    .option('--group <name>', 'an IdP group of the subject (repeatable)', collect)
    .option('--attr <key=value>', 'a subject attribute (repeatable; key[]=a,b for a list)', collect)
    .option('--resource-attr <key=value>', 'a resource attribute (repeatable)', collect)
    .option('--dir <dir>', 'policy directory (default: configured policy.dir)')
    .option('--json', 'print the decision as JSON')
    .action(
      (
        flags: CommonFlags & {
          user: string;
          action: string;
          resource?: string;
          owner?: string;
          group?: string[];
          attr?: string[];
          resourceAttr?: string[];
          dir?: string;
          json?: boolean;
        },
      ) => {
        if (!isPermission(flags.action))
          throw new AppError('invalid_request', `Unknown permission ${flags.action}`);
        const bundle = loadBundle(policyDir(io, flags.dir, flags));
        const subject = {
          id: flags.user,
          username: flags.user,
          groups: flags.group ?? [],
          attributes: attributes(flags.attr),
        };
        const decision = decide(
          bundle,
          subject,
          flags.action,
          resourceFrom(flags.resource, flags.owner, flags.resourceAttr),
        );
        if (flags.json) {
          io.stdout(`${JSON.stringify(decision, null, 2)}\n`);
          return;
        }
        io.stdout(`${decision.allow ? 'ALLOW' : 'DENY'} ${flags.action} for ${flags.user}\n`);
        io.stdout(
          `rule:   ${decision.rule}\nroles:  ${decision.roles.join(', ') || '(none)'}\nbundle: ${decision.bundleHash}\n`,
        );
        for (const step of decision.chain) io.stdout(`  - ${step}\n`);
      },
    );

  withCommonOptions(
    policy.command('apply').description('Test the bundle, then make the running server reload it'),
  )
    .option('--wait-ms <ms>', 'how long to wait for the server to confirm', '10000')
    .action(async (flags: CommonFlags & { waitMs: string }) => {
      const config = configFrom(io, flags);
      const bundle = loadBundle(resolvePolicyDir(config.policy.dir));
      const report = runPolicyTests(bundle);
      if (report.failed > 0) {
        throw new AppError(
          'policy_tests_failed',
          `${report.failed} policy test(s) fail; not applied (run parley policy test).`,
        );
      }
      const server = readServerState(config.dataDir);
      if (!server) {
        io.stdout(
          `bundle ${bundle.hash} is valid; no running server found for ${config.dataDir}, it loads at start\n`,
        );
        return;
      }
      process.kill(server.pid, 'SIGHUP');
      const deadline = Date.now() + Number(flags.waitMs);
      while (Date.now() < deadline) {
        const ready = (await fetch(`${server.url}/readyz`)
          .then((r) => r.json())
          .catch(() => ({}))) as {
          policy_hash?: string;
        };
        if (ready.policy_hash === bundle.hash) {
          io.stdout(`applied ${bundle.hash}\n`);
          return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      io.stderr(
        `the server did not confirm bundle ${bundle.hash}; see its log (the old bundle stays in force)\n`,
      );
      exit(1);
    });
}
