// What a host is: a name, the ssh destination `ssh` is given (user@box, or a Host alias from the
// user's ssh_config) and the command that runs `launch` there; plus the checks that keep a
// malformed destination from ever reaching ssh (where `-oProxyCommand=...` would be an option).
import { z } from 'zod';
import { err, ok, type Result } from '../util/result.js';

/** A destination ssh accepts and we pass on as its one positional argument. */
export function checkDestination(text: string): Result<string, string> {
  if (text === '') return err('a host cannot be empty');
  if (text.startsWith('-'))
    return err(
      `a host cannot start with "-", got ${JSON.stringify(text)} (ssh would read an option)`,
    );
  if (/[\s\u0000-\u001f\u007f-\u009f]/.test(text))
    return err(`a host cannot contain spaces or control characters, got ${JSON.stringify(text)}`);
  return ok(text);
}

const destination = () =>
  z.string().superRefine((text, context) => {
    const checked = checkDestination(text);
    if (!checked.ok) context.addIssue({ code: 'custom', message: checked.error });
  });

/** A host's display name (also the `host` in `host:run`): no ':' so `host:run` splits cleanly. */
const hostName = () => z.string().regex(/^[A-Za-z0-9_.@-]+$/);

/** One path word, or an argv (e.g. ["env", "PATH=/opt/node/bin:/usr/bin", "launch"]). */
const launchCommand = () =>
  z.union([
    z
      .string()
      .min(1)
      .refine((word) => !/[\u0000-\u001f\u007f]/.test(word)),
    z.array(z.string().refine((word) => !/[\u0000-\u001f\u007f]/.test(word))).min(1),
  ]);

/**
 * One host. Built on first use (z.lazy): most runs have no hosts, and every command that reads the
 * run settings would otherwise pay for building it at start-up.
 */
const hostEntrySchema = z.lazy(() =>
  z.strictObject({
    name: hostName().describe('Name shown in `launch ls --all-hosts` and used in `host:run`.'),
    ssh: destination().describe(
      'What `ssh` is given: user@box, or a Host alias from ~/.ssh/config.',
    ),
    launch: launchCommand()
      .optional()
      .describe('The `launch` command on that host: a path, or an argv. Default: "launch".'),
  }),
);
export type HostEntry = z.output<typeof hostEntrySchema>;

export const hostsSchema = z
  .array(hostEntrySchema)
  .refine((hosts) => new Set(hosts.map((host) => host.name)).size === hosts.length, {
    message: 'host names must be unique',
  });

/** A host ready to be reached: its name, destination and the remote launch argv. */
export interface Host {
  readonly name: string;
  readonly ssh: string;
  readonly launch: readonly string[];
}

export function toHost(entry: HostEntry): Host {
  const launch = entry.launch ?? 'launch';
  return {
    name: entry.name,
    ssh: entry.ssh,
    launch: typeof launch === 'string' ? [launch] : launch,
  };
}

/**
 * LAUNCH_HOSTS: a comma list of `name=destination` or a bare destination (its own name),
 * e.g. `a=me@box-a,box-b`.
 */
export function parseHostsEnv(raw: string): unknown {
  return raw
    .split(',')
    .map((word) => word.trim())
    .filter((word) => word !== '')
    .map((word) => {
      const at = word.indexOf('=');
      return at > 0
        ? { name: word.slice(0, at), ssh: word.slice(at + 1) }
        : { name: word, ssh: word };
    });
}

/**
 * The host `ref` names: a configured host's name, else the ref itself taken as an ssh
 * destination (anything ssh accepts). A malformed destination is an error.
 */
export function resolveHost(ref: string, configured: readonly HostEntry[]): Result<Host, string> {
  const known = configured.find((host) => host.name === ref);
  if (known) return ok(toHost(known));
  const checked = checkDestination(ref);
  if (!checked.ok) return err(checked.error);
  return ok({ name: ref, ssh: ref, launch: ['launch'] });
}
