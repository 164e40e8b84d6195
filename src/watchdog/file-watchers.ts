// File watchers (chokidar) that ask the watchdog for an early tick: a burst of relevant changes is
// gathered for the debounce time, then reported once. They never decide anything — the tick they
// cause observes and decides exactly as a polling tick does. A watcher error closes the watcher and
// is reported; the watchdog then goes on polling.
import { watch as chokidarWatch, type ChokidarOptions, type FSWatcher } from 'chokidar';
import { sameWatchSet, watchFilter, type WatchSet } from './watch-paths.js';

export type WatchFactory = (paths: string[], options: ChokidarOptions) => FSWatcher;

export interface FileWatcherOptions {
  readonly debounceMs: number;
  /** Relevant paths changed (gathered over the debounce time): tick now. */
  readonly onChange: (paths: readonly string[]) => void;
  /** The watcher failed and was closed. */
  readonly onError: (error: Error) => void;
  /** chokidar's `watch` (tests pass one that can be made to fail). */
  readonly factory?: WatchFactory;
}

export type WatchResult = 'ready' | 'unchanged' | 'failed' | 'closed';

const asError = (error: unknown): Error =>
  error instanceof Error ? error : new Error(String(error));

/**
 * chokidar's close() drops every listener, yet it may still emit 'error' for an fs.watch handle
 * that fails late — with no listener, Node would throw it and end the watchdog. Keep one that
 * ignores it.
 */
async function closeQuietly(watcher: FSWatcher): Promise<void> {
  const closing = watcher.close();
  watcher.on('error', () => undefined);
  try {
    await closing;
  } catch {
    // closing is best effort
  }
}

export class FileWatchers {
  private watcher: FSWatcher | null = null;
  private current: WatchSet | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly changed = new Set<string>();
  /** Watchers being set up (not ready yet): close() closes them too. */
  private readonly starting = new Set<FSWatcher>();
  /** Watchers already failed and closed (chokidar may report several errors). */
  private readonly failed = new WeakSet<FSWatcher>();
  private closed = false;

  constructor(private readonly options: FileWatcherOptions) {}

  /** The set being watched; null before the first watch and after a failure. */
  get watching(): WatchSet | null {
    return this.current;
  }

  /**
   * Watches `set`. A different set gets a new watcher; the old one keeps watching until the new one
   * is ready, so a change made during the switch is not lost.
   */
  async watch(set: WatchSet): Promise<WatchResult> {
    if (this.closed) return 'closed';
    if (this.watcher !== null && sameWatchSet(this.current, set)) return 'unchanged';
    const filter = watchFilter(set);
    const factory = this.options.factory ?? chokidarWatch;
    const next = factory([...set.roots], { ignoreInitial: true, ignored: filter.ignored });
    this.starting.add(next);
    const outcome = await new Promise<{ readonly failing: Promise<void> } | null>((resolve) => {
      next.once('ready', () => resolve(null));
      next.on('error', (error) => resolve({ failing: this.fail(next, asError(error)) }));
      next.on('all', (_event, path) => {
        if (filter.relevant(path)) this.schedule(path);
      });
    });
    this.starting.delete(next);
    if (outcome !== null) {
      await outcome.failing;
      return 'failed';
    }
    if (this.closed) {
      await closeQuietly(next);
      return 'closed';
    }
    const previous = this.watcher;
    this.watcher = next;
    this.current = set;
    if (previous) await closeQuietly(previous);
    return 'ready';
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const watcher = this.watcher;
    this.watcher = null;
    this.current = null;
    const closing = [...this.starting, ...(watcher ? [watcher] : [])];
    this.starting.clear();
    await Promise.all(closing.map((one) => closeQuietly(one)));
  }

  private schedule(path: string): void {
    if (this.closed) return;
    this.changed.add(path);
    // Gather a burst (git writes several files per push) into one tick, started from its first change.
    this.timer ??= setTimeout(() => {
      this.timer = null;
      const paths = [...this.changed];
      this.changed.clear();
      if (!this.closed) this.options.onChange(paths);
    }, this.options.debounceMs);
  }

  /** Any failure ends all watching (a half-watched set would be trusted wrongly): polling goes on. */
  private async fail(watcher: FSWatcher, error: Error): Promise<void> {
    if (this.failed.has(watcher)) return;
    this.failed.add(watcher);
    const current = this.watcher;
    this.watcher = null;
    this.current = null;
    for (const closing of new Set([watcher, current])) {
      if (closing === null) continue;
      this.failed.add(closing);
      await closeQuietly(closing);
    }
    if (!this.closed) this.options.onError(error);
  }
}
