// Asks every host for its runs at once: `launch ls --json` over ssh on each (and this machine's
// own, run directly), each with a deadline, so one silent host costs its timeout and nothing more.
import { execa } from 'execa';
import { stripTerminalControls } from '../util/terminal-text.js';
import { LOCAL_HOST, readListing, type HostListing } from './fleet-listing.js';
import type { Host } from './host-spec.js';
import { sshInvocation, type SshOptions } from './ssh-argv.js';
import { runCaptured } from './ssh-run.js';

const LS_JSON = ['ls', '--json'] as const;

export interface FleetQuery {
  readonly hosts: readonly Host[];
  readonly ssh: SshOptions;
  /** Per host: connect + answer. */
  readonly timeoutMs: number;
  /** This machine's listing: the `launch` executable and its environment (null: leave it out). */
  readonly local: {
    readonly launchBin: string;
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly cwd: string;
  } | null;
}

function lastLine(text: string): string {
  const lines = stripTerminalControls(text, { keepNewlines: true })
    .split('\n')
    .map((line) => line.trim().replace(/^launch: /, ''))
    .filter((line) => line !== '');
  return (lines[lines.length - 1] ?? '').slice(0, 200);
}

function answered(host: string, exitCode: number, stdout: string, stderr: string): HostListing {
  if (exitCode !== 0)
    return {
      host,
      kind: 'failed',
      reason: `\`launch ls --json\` exited with ${exitCode}${stderr.trim() ? `: ${lastLine(stderr)}` : ''}`,
    };
  return readListing(host, stdout);
}

async function queryLocal(
  local: NonNullable<FleetQuery['local']>,
  timeoutMs: number,
): Promise<HostListing> {
  const result = await execa(local.launchBin, [...LS_JSON], {
    cwd: local.cwd,
    env: { ...local.env },
    extendEnv: false,
    stdin: 'ignore',
    timeout: timeoutMs,
    reject: false,
    encoding: 'utf8',
  });
  if (result.timedOut)
    return { host: LOCAL_HOST, kind: 'failed', reason: `no answer within ${timeoutMs / 1000}s` };
  return answered(LOCAL_HOST, result.exitCode ?? 1, String(result.stdout), String(result.stderr));
}

async function queryHost(host: Host, query: FleetQuery): Promise<HostListing> {
  const invocation = sshInvocation(host, LS_JSON, query.ssh);
  if (!invocation.ok) return { host: host.name, kind: 'failed', reason: invocation.error };
  const answer = await runCaptured(invocation.value, { timeoutMs: query.timeoutMs });
  if (answer.kind === 'unreachable')
    return { host: host.name, kind: 'unreachable', reason: answer.reason };
  return answered(host.name, answer.exitCode, answer.stdout, answer.stderr);
}

/** Every host's listing, this machine first, then the hosts in the order given. */
export async function queryFleet(query: FleetQuery): Promise<HostListing[]> {
  return Promise.all([
    ...(query.local ? [queryLocal(query.local, query.timeoutMs)] : []),
    ...query.hosts.map((host) => queryHost(host, query)),
  ]);
}
