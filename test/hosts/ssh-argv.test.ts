import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { checkDestination, resolveHost } from '../../src/hosts/host-spec.js';
import { controlPath, remoteCommand, sshInvocation } from '../../src/hosts/ssh-argv.js';

const host = { name: 'b', ssh: 'me@box', launch: ['/opt/launch/bin/launch'] };
const options = { connectTimeout: 7, controlDir: '/tmp/plan/.launch/ssh', configFile: null };

describe('ssh argv', () => {
  it('is batch mode, a connect timeout, a shared connection, then -- destination command', () => {
    const invocation = sshInvocation(host, ['status', '--run=shop'], options);
    expect(invocation.ok).toBe(true);
    if (!invocation.ok) return;
    const args = invocation.value.args;
    expect(args).toContain('BatchMode=yes');
    expect(args).toContain('ConnectTimeout=7');
    expect(args).toContain('ControlMaster=auto');
    expect(args).toContain(`ControlPath=${invocation.value.controlPath}`);
    expect(args).toContain('ControlPersist=60');
    expect(args.slice(-3)).toEqual(['--', 'me@box', '/opt/launch/bin/launch status --run\\=shop']);
    expect(args).toContain('-T');
  });

  it('asks for a remote terminal for follows, and passes -F when a config file is set', () => {
    const invocation = sshInvocation(host, ['events', '-f'], {
      ...options,
      configFile: '/etc/x/ssh_config',
      terminal: true,
    });
    if (!invocation.ok) throw new Error(invocation.error);
    expect(invocation.value.args.slice(0, 2)).toEqual(['-F', '/etc/x/ssh_config']);
    expect(invocation.value.args).toContain('-tt');
  });

  it('keeps the socket path short enough for a unix socket, and doubles % for ssh', () => {
    const short = controlPath(host, options);
    expect(short).toMatch(/^\/tmp\/plan\/\.launch\/ssh\/ssh-[0-9a-f]{12}$/);
    const deep = controlPath(host, {
      ...options,
      controlDir: `/home/${'x'.repeat(120)}/.launch/ssh`,
      uid: 1000,
    });
    expect(deep.length).toBeLessThanOrEqual(86);
    expect(deep).toContain('launch-ssh-1000');
    const percent = sshInvocation(host, ['ls'], { ...options, controlDir: '/tmp/100%/ssh' });
    if (!percent.ok) throw new Error(percent.error);
    expect(percent.value.args.find((arg) => arg.startsWith('ControlPath='))).toContain(
      '/tmp/100%%/ssh/',
    );
  });

  it('quotes every word so a real shell reads back exactly the words (hostile ones inert)', async () => {
    const words = [
      '$(touch /tmp/x)',
      '`id`',
      "it's",
      'a b',
      '; rm -rf /',
      '*',
      '~',
      '',
      '"q"',
      '\\',
      '!x',
      '--run=$HOME',
    ];
    const command = remoteCommand(['printf', '%s\\n', ...words]);
    if (!command.ok) throw new Error(command.error);
    const echoed = await execa('sh', ['-c', command.value]);
    expect(String(echoed.stdout).split('\n')).toEqual(words);
  });

  it('refuses control characters in a remote word', () => {
    expect(remoteCommand(['status', 'a\nb'])).toMatchObject({ ok: false });
  });
});

describe('hosts', () => {
  it('checks destinations: not empty, no leading -, no spaces or control characters', () => {
    expect(checkDestination('me@box')).toEqual({ ok: true, value: 'me@box' });
    expect(checkDestination('ssh://me@box:2222')).toMatchObject({ ok: true });
    for (const bad of ['', '-oProxyCommand=x', 'a b', 'a\tb', 'a\u001b[2Jb'])
      expect(checkDestination(bad), bad).toMatchObject({ ok: false });
  });

  it('resolves a configured name to its destination and launch command, else uses the ref', () => {
    const configured = [
      { name: 'b', ssh: 'me@box', launch: ['env', 'PATH=/opt/node/bin', 'launch'] },
    ];
    expect(resolveHost('b', configured)).toEqual({
      ok: true,
      value: { name: 'b', ssh: 'me@box', launch: ['env', 'PATH=/opt/node/bin', 'launch'] },
    });
    expect(resolveHost('other', configured)).toEqual({
      ok: true,
      value: { name: 'other', ssh: 'other', launch: ['launch'] },
    });
    expect(resolveHost('-x', configured)).toMatchObject({ ok: false });
  });
});
