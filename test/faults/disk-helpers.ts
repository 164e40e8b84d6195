// Disk faults for the fault-injection suite (root only): a small tmpfs as a run's log dir, filled
// until ENOSPC or made read-only (a read-only bind mount over it, so writers that already hold a file
// open keep theirs, as on a real remount), and every mount undone at the end.
import { mkdirSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';

export interface TmpfsLogDir {
  readonly dir: string;
  /** Fills the file system until it refuses a write (ENOSPC). */
  readonly fill: () => Promise<void>;
  readonly unfill: () => Promise<void>;
  readonly readOnly: () => Promise<void>;
  readonly writable: () => Promise<void>;
  /** Temp files (`.<name>.<pid>.<ms>.tmp`) in the dir. */
  readonly tempFiles: () => string[];
  readonly unmount: () => Promise<void>;
}

const run = async (command: string, args: readonly string[]): Promise<void> => {
  const result = await execa(command, [...args], { reject: false });
  if (result.exitCode !== 0)
    throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
};

export async function mountTmpfsLogDir(dir: string, sizeMb = 16): Promise<TmpfsLogDir> {
  mkdirSync(dir, { recursive: true });
  await run('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir]);
  const filler = join(dir, 'filler.bin');
  let boundReadOnly = false;
  let mounted = true;
  const unmountOnce = async (): Promise<void> => {
    const plain = await execa('umount', [dir], { reject: false });
    if (plain.exitCode !== 0) await execa('umount', ['-l', dir], { reject: false });
  };
  return {
    dir,
    fill: async () => {
      // dd stops at ENOSPC with a non-zero status: that is the point
      await execa('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { reject: false });
    },
    unfill: async () => {
      await run('rm', ['-f', filler]);
    },
    readOnly: async () => {
      await run('mount', ['--bind', dir, dir]);
      boundReadOnly = true;
      await run('mount', ['-o', 'remount,ro,bind', dir]);
    },
    writable: async () => {
      if (!boundReadOnly) return;
      await unmountOnce();
      boundReadOnly = false;
    },
    tempFiles: () => readdirSync(dir).filter((name) => /\.\d+\.\d+\.tmp$/.test(name)),
    unmount: async () => {
      if (boundReadOnly) await unmountOnce();
      boundReadOnly = false;
      if (mounted) await unmountOnce();
      mounted = false;
    },
  };
}

/** Whether some process holds `file` open (a pane's log pipe writer, `cat >> file`). */
export function hasOpenWriter(file: string): boolean {
  let target: string;
  try {
    target = realpathSync(file);
  } catch {
    return false;
  }
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === target) return true;
      } catch {
        // closed meanwhile
      }
    }
  }
  return false;
}
