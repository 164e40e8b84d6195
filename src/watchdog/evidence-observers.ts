// The observers of the evidence beside the screen, as observe uses them every tick: the agent's own
// signals (<log-dir>/signals/<session>.jsonl) and its transcript file. They keep what makes a tick
// cheap (each transcript's located file and tail, read again only when it changed) between ticks.
// A source that fails or is absent is a fact in the snapshot, never an exception.
import { startOpencodeObserver, type OpencodeObserver } from '../evidence/opencode-events.js';
import { readSignalEvidence } from '../evidence/signals.js';
import {
  newTranscriptCache,
  readTranscriptEvidence,
  type TranscriptCache,
} from '../evidence/transcript.js';
import type { TranscriptEnv } from '../evidence/transcript-locate.js';
import type { SignalEvidence, TranscriptEvidence } from '../evidence/types.js';
import type { Backend, Settings } from '../config/fields.js';
import { roleDir, type Role } from '../config/roles.js';

export interface EvidenceLook {
  readonly role: Role;
  readonly session: string;
  /** When the session was (re)started (ms); null when the watchdog has not started it itself. */
  readonly startedAt: number | null;
}

export class EvidenceObservers {
  private readonly transcripts = new Map<string, TranscriptCache>();
  private readonly streams: OpencodeObserver[] = [];

  constructor(
    private readonly settings: Pick<
      Settings,
      'logDir' | 'backend' | 'builderDir' | 'advDir' | 'planDir' | 'opencodeServer'
    >,
    private readonly env: TranscriptEnv,
    private readonly zone: string,
    /** Each role's client (teams mix them); default: the run's backend for every role. */
    private readonly backendOf: (role: Role) => Backend = () => settings.backend,
  ) {}

  signals(look: EvidenceLook): SignalEvidence {
    try {
      return readSignalEvidence(this.settings.logDir, look.session, look.startedAt ?? 0);
    } catch (error) {
      return { kind: 'absent', reason: `signals unreadable: ${(error as Error).message}` };
    }
  }

  transcript(look: EvidenceLook, signals: SignalEvidence, now: number): TranscriptEvidence {
    let cache = this.transcripts.get(look.session);
    if (cache === undefined) {
      cache = newTranscriptCache();
      this.transcripts.set(look.session, cache);
    }
    try {
      return readTranscriptEvidence(
        {
          backend: this.backendOf(look.role),
          workdir: roleDir(this.settings, look.role),
          sessionStartedAt: look.startedAt,
          hintPath: signals.kind === 'seen' ? signals.transcriptPath : null,
          env: this.env,
        },
        cache,
        now,
        this.zone,
      );
    } catch (error) {
      return { kind: 'absent', reason: `transcript unreadable: ${(error as Error).message}` };
    }
  }

  /**
   * opencode sessions tell what they do through OPENCODE_SERVER's event stream, not hooks: follow
   * it for each session's directory for the watchdog's lifetime (the directory outlives restarts).
   */
  followOpencode(
    sessions: readonly Omit<EvidenceLook, 'startedAt'>[],
    onError: (message: string) => void,
  ): void {
    if (this.settings.opencodeServer === '') return;
    for (const { role, session } of sessions) {
      if (this.backendOf(role) !== 'opencode') continue;
      this.streams.push(
        startOpencodeObserver({
          server: this.settings.opencodeServer,
          directory: roleDir(this.settings, role),
          logDir: this.settings.logDir,
          session,
          onError: (message) => onError(`${session}: ${message}`),
        }),
      );
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.streams.splice(0).map((stream) => stream.stop()));
  }
}
