// What changes under a running watchdog between ticks: file watchers that ask for an early tick, and
// the phase manifest, hot-reloaded. The loop asks before each tick for the phases to use and the
// events to record, and after each tick points the watchers at the current phase's status file.
// Decisions stay in decide: a tick a watcher caused is the same tick a timer would have run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Settings } from '../config/fields.js';
import { MANIFEST_PATH } from '../phases/manifest.js';
import { checkManifestEdit } from '../phases/manifest-reload.js';
import type { Phase } from '../phases/phase.js';
import { FileWatchers, type WatchFactory, type WatchResult } from './file-watchers.js';
import { toIso } from './time.js';
import type { LedgerEvent } from './types.js';
import { watchSet, type WatchSet } from './watch-paths.js';

export interface LiveInputsContext {
  readonly settings: Settings;
  readonly phases: readonly Phase[];
  readonly logger: Logger;
  readonly now: () => number;
}

export interface LiveInputsOptions {
  /** Asks the loop for a tick now (the Waker's nudge). */
  readonly nudge: () => void;
  readonly factory?: WatchFactory;
  /** After a watcher failure, how long polling alone runs before watching is tried again. */
  readonly retryMs?: number;
}

const CLOSE_WAIT_MS = 5_000;

function readManifestText(planDir: string): string | null {
  try {
    return readFileSync(join(planDir, MANIFEST_PATH), 'utf8');
  } catch {
    return null;
  }
}

export class LiveInputs {
  private phases: readonly Phase[];
  private readonly manifestFile: boolean;
  private manifestText: string | null;
  private manifestRejected = false;
  private readonly pending: LedgerEvent[] = [];
  private readonly watchers: FileWatchers | null;
  /** When watching failed (polling only since); null while watching works. */
  private failedAt: number | null = null;
  private updating: Promise<void> = Promise.resolve();
  private phaseIndex: number;

  constructor(
    private readonly context: LiveInputsContext,
    phaseIndex: number,
    private readonly options: LiveInputsOptions,
  ) {
    const { settings } = context;
    this.phases = context.phases;
    this.phaseIndex = phaseIndex;
    this.manifestFile = settings.phasesSpec === null;
    this.manifestText = this.manifestFile ? readManifestText(settings.planDir) : null;
    this.watchers = settings.watchEvents
      ? new FileWatchers({
          debounceMs: settings.watchDebounce * 1000,
          factory: options.factory,
          onChange: (paths) => {
            context.logger.debug({ paths }, `changed: ${paths.join(', ')}; ticking now`);
            options.nudge();
          },
          onError: (error) => this.watchFailed(error),
        })
      : null;
    this.follow(phaseIndex, true);
  }

  /** The sequence in force (the last good manifest) and the events gathered since the last tick. */
  beforeTick(phaseIndex: number): { phases: readonly Phase[]; events: LedgerEvent[] } {
    this.phaseIndex = phaseIndex;
    this.reloadManifest(phaseIndex);
    return { phases: this.phases, events: this.pending.splice(0) };
  }

  /** Points the watchers at the current phase (and retries watching after a failure). */
  afterTick(phaseIndex: number): void {
    this.phaseIndex = phaseIndex;
    this.follow(phaseIndex, false);
  }

  /** The sequence in force: the phases the run started with, or the last good manifest edit. */
  get sequence(): readonly Phase[] {
    return this.phases;
  }

  /** The paths watched now; null when not watching (polling only, or after a failure). */
  get watching(): WatchSet | null {
    return this.watchers?.watching ?? null;
  }

  /** Resolves once the watchers caught up with the last follow (tests, the benchmark). */
  settled(): Promise<void> {
    return this.updating;
  }

  /** Stops watching. A watcher still being set up is not waited for long: stopping must not hang. */
  async close(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.updating,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, CLOSE_WAIT_MS);
      }),
    ]);
    clearTimeout(timer);
    await this.watchers?.close();
  }

  private currentSet(phaseIndex: number): WatchSet {
    return watchSet({
      settings: this.context.settings,
      status: this.phases[phaseIndex]?.status ?? null,
    });
  }

  private follow(phaseIndex: number, first: boolean): void {
    const watchers = this.watchers;
    if (watchers === null) return;
    const retryMs = this.options.retryMs ?? this.context.settings.watchInterval * 1000;
    if (this.failedAt !== null && this.context.now() - this.failedAt < retryMs) return;
    const retrying = this.failedAt !== null;
    this.updating = this.updating.then(async () => {
      let set: WatchSet;
      let result: WatchResult;
      try {
        set = this.currentSet(phaseIndex);
        result = await watchers.watch(set);
      } catch (error) {
        // Whatever goes wrong while setting up watching is a watch failure: polling goes on.
        this.watchFailed(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      if (result !== 'ready') return;
      if (retrying) {
        this.failedAt = null;
        this.note({ type: 'watch-restored', reason: 'file events on again' });
      }
      this.context.logger.debug({ watch: set }, 'watching for file changes');
      // A new set (a new phase) or watching again: one tick now looks at what may have changed
      // unwatched, and takes the new phase's handoff baseline before its agents can push.
      if (!first) this.options.nudge();
    });
  }

  private watchFailed(error: Error): void {
    const retrying = this.failedAt !== null;
    this.failedAt = this.context.now();
    const code = (error as NodeJS.ErrnoException).code;
    const detail = `${code ? `${code}: ` : ''}${error.message}`;
    if (retrying) {
      this.context.logger.debug({ err: error }, 'watching failed again; still polling');
      return;
    }
    const { signalInterval, watchInterval } = this.context.settings;
    this.note({
      type: 'watch-failed',
      reason: `${detail} — polling every ${signalInterval}s; watching is retried every ${watchInterval}s`,
    });
    this.options.nudge();
  }

  private reloadManifest(phaseIndex: number): void {
    if (!this.manifestFile) return;
    const text = readManifestText(this.context.settings.planDir);
    if (text === this.manifestText) return;
    this.manifestText = text;
    const edit = checkManifestEdit(this.context.settings, this.phases, phaseIndex);
    switch (edit.kind) {
      case 'unchanged':
        if (this.manifestRejected)
          this.note({
            type: 'phases-reloaded',
            reason: 'phases.json is valid again; the sequence is unchanged',
            phases: this.phases.map((phase) => phase.id),
          });
        this.manifestRejected = false;
        return;
      case 'reloaded':
        this.phases = edit.phases;
        this.manifestRejected = false;
        this.note({
          type: 'phases-reloaded',
          reason: edit.summary,
          phases: edit.phases.map((phase) => phase.id),
        });
        // The current phase's status file may have another name now.
        this.follow(this.phaseIndex, false);
        return;
      case 'rejected':
        this.manifestRejected = true;
        this.note({
          type: 'phases-invalid',
          reason: `${edit.problems.join('; ')} — keeping the last good sequence (${this.phases
            .map((phase) => phase.id)
            .join(' ')})`,
        });
        return;
    }
  }

  private note(event: {
    readonly type: string;
    readonly reason: string;
    readonly phases?: string[];
  }): void {
    this.pending.push({ ts: toIso(this.context.now()), ...event });
  }
}
