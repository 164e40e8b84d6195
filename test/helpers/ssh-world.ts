// Real OpenSSH for tests: one sshd per "host" on 127.0.0.1 (a free port, a throw-away host key),
// each letting in one throw-away local user by key, and a client ssh_config passed with `-F` so
// nothing reads or writes ~/.ssh. Needs root (useradd) and /usr/sbin/sshd; `skipReason` says why not.
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { makeTempDir } from './temp-dir.js';
import { waitFor } from './wait-for.js';

const SSHD = '/usr/sbin/sshd';
const HOST_KEY_ALIAS = 'launch-test-host';

export interface SshHost {
  /** The Host alias in the client config (what `ssh -F <config>` is given). */
  readonly alias: string;
  readonly user: string;
  readonly home: string;
  readonly uid: number;
  readonly port: number;
  /** The sshd listener's pid. */
  readonly pid: () => number | null;
  /** Kills this host's sshd and its connections (the host "goes down"). */
  readonly stop: () => Promise<void>;
}

export interface SshWorld {
  readonly dir: string;
  /** Client ssh_config with every host's alias (for `ssh -F` / LAUNCH_SSH_CONFIG). */
  readonly clientConfig: string;
  readonly hosts: readonly SshHost[];
  /** Runs `argv` as the host's user (files it should own: plan dirs, registries). */
  readonly asUser: (host: SshHost, file: string, args: readonly string[]) => Promise<string>;
  readonly cleanup: () => Promise<void>;
}

export function sshSkipReason(): string | null {
  if (process.getuid?.() !== 0) return 'needs root to create the two test users (useradd)';
  if (!existsSync(SSHD)) return `${SSHD} missing: install openssh-server (.ci/run does)`;
  for (const tool of ['/usr/sbin/useradd', '/usr/bin/ssh', '/usr/bin/ssh-keygen'])
    if (!existsSync(tool)) return `${tool} missing`;
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Children of `pid` (sshd's per-connection processes), from /proc. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Every process of a uid (to end what a test user left, by pid). */
export function pidsOfUid(uid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const line = /^Uid:\s+(\d+)/m.exec(status);
      if (line && Number(line[1]) === uid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

async function removeUser(user: string): Promise<void> {
  const known = await execa('id', ['-u', user], { reject: false });
  if (known.exitCode !== 0) return;
  const uid = Number(String(known.stdout).trim());
  for (const pid of pidsOfUid(uid)) kill(pid, 'SIGKILL');
  await execa('userdel', [user], { reject: false });
}

export async function startSshWorld(names: readonly string[]): Promise<SshWorld> {
  const { dir, remove } = makeTempDir('lsw-');
  chmodSync(dir, 0o755);
  // Debian's sshd refuses to start without its privilege separation folder.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const hostKey = join(dir, 'host_key');
  const clientKey = join(dir, 'client_key');
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', clientKey]);
  const hostPub = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
  const clientPub = readFileSync(`${clientKey}.pub`, 'utf8').trim();
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, `${HOST_KEY_ALIAS} ${hostPub}\n`);

  const hosts: SshHost[] = [];
  const daemons = new Map<string, ResultPromise>();
  const users: string[] = [];
  const clientLines: string[] = [];

  const cleanup = async (): Promise<void> => {
    for (const host of hosts) await host.stop();
    for (const user of users) await removeUser(user);
    remove();
  };

  try {
    for (const name of names) {
      const user = `launch-test-${name}`;
      await removeUser(user); // a leftover from a run that was killed
      const home = join(dir, `home-${name}`);
      await execa('useradd', ['-M', '-d', home, '-s', '/bin/sh', user]);
      users.push(user);
      // "!" (useradd's locked password) makes sshd refuse even a key; "*" is "no password".
      await execa('usermod', ['-p', '*', user]);
      const uid = Number(String((await execa('id', ['-u', user])).stdout).trim());
      const gid = Number(String((await execa('id', ['-g', user])).stdout).trim());
      // StrictModes: home and ~/.ssh owned by the user, not writable by others.
      mkdirSync(join(home, '.ssh'), { recursive: true });
      writeFileSync(join(home, '.ssh', 'authorized_keys'), `${clientPub}\n`);
      chmodSync(home, 0o755);
      chmodSync(join(home, '.ssh'), 0o700);
      chmodSync(join(home, '.ssh', 'authorized_keys'), 0o600);
      for (const path of [home, join(home, '.ssh'), join(home, '.ssh', 'authorized_keys')])
        chownSync(path, uid, gid);

      const port = await freePort();
      const config = join(dir, `sshd_config-${name}`);
      writeFileSync(
        config,
        [
          `Port ${port}`,
          'ListenAddress 127.0.0.1',
          `HostKey ${hostKey}`,
          'PidFile none',
          'AuthorizedKeysFile .ssh/authorized_keys',
          'PubkeyAuthentication yes',
          'PasswordAuthentication no',
          'KbdInteractiveAuthentication no',
          'UsePAM no',
          'StrictModes yes',
          'PermitRootLogin no',
          `AllowUsers ${user}`,
          'PrintMotd no',
          'LogLevel ERROR',
          '',
        ].join('\n'),
      );
      const check = await execa(SSHD, ['-t', '-f', config], { reject: false });
      if (check.exitCode !== 0) throw new Error(`sshd -t: ${String(check.stderr)}`);

      const start = (): ResultPromise => {
        const daemon = execa(SSHD, ['-D', '-e', '-f', config], {
          reject: false,
          stdin: 'ignore',
          stdout: 'ignore',
          stderr: 'pipe',
        });
        daemons.set(name, daemon);
        return daemon;
      };
      void start();
      await waitFor(`sshd for ${name} listening on ${port}`, () => accepts(port), {
        timeoutMs: 15_000,
      });

      const host: SshHost = {
        alias: name,
        user,
        home,
        uid,
        port,
        pid: () => daemons.get(name)?.pid ?? null,
        stop: async () => {
          const daemon = daemons.get(name);
          if (!daemon?.pid) return;
          daemons.delete(name);
          const connections = childrenOf(daemon.pid);
          kill(daemon.pid, 'SIGTERM');
          for (const pid of connections) kill(pid, 'SIGTERM');
          await daemon;
          await waitFor(`sshd for ${name} closed`, async () => !(await accepts(port)), {
            timeoutMs: 10_000,
          });
        },
      };
      hosts.push(host);
      clientLines.push(
        `Host ${name}`,
        '  HostName 127.0.0.1',
        `  Port ${port}`,
        `  User ${user}`,
        `  IdentityFile ${clientKey}`,
        '  IdentitiesOnly yes',
        `  UserKnownHostsFile ${knownHosts}`,
        '  GlobalKnownHostsFile /dev/null',
        `  HostKeyAlias ${HOST_KEY_ALIAS}`,
        '  StrictHostKeyChecking yes',
        '',
      );
    }
  } catch (error) {
    await cleanup();
    throw error;
  }
  const clientConfig = join(dir, 'ssh_config');
  writeFileSync(clientConfig, clientLines.join('\n'));
  chmodSync(clientConfig, 0o600);

  const asUser = async (host: SshHost, file: string, args: readonly string[]): Promise<string> => {
    const result = await execa(file, [...args], {
      uid: host.uid,
      gid: host.uid === 0 ? 0 : Number(String((await execa('id', ['-g', host.user])).stdout)),
      cwd: host.home,
      env: { HOME: host.home, PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
      extendEnv: false,
    });
    return String(result.stdout);
  };

  return { dir, clientConfig, hosts, asUser, cleanup };
}
