import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { sshSkipReason, startSshWorld } from '../helpers/ssh-world.js';

describe.skipIf(sshSkipReason() !== null)('ssh world', () => {
  it('lets the client in as each user', async () => {
    const world = await startSshWorld(['a', 'b']);
    try {
      for (const host of world.hosts) {
        const r = await execa(
          'ssh',
          ['-F', world.clientConfig, '-o', 'BatchMode=yes', host.alias, 'id -un'],
          { reject: false },
        );
        expect(r.stderr).toBe('');
        expect(String(r.stdout).trim()).toBe(host.user);
      }
    } finally {
      await world.cleanup();
    }
  }, 60_000);
});
