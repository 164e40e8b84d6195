// The observers of the evidence beside the screen, as observe uses them every tick: the agent's own
// signals (<log-dir>/signals/<session>.jsonl) and its transcript file. They keep what makes a tick
// cheap (each transcript's located file and tail, read again only when it changed) between ticks.
// A source that fails or is absent is a fact in the snapshot, never an exception.
import { readSignalEvidence } from '../evidence/signals.js';
import {
  newTranscriptCache,
  readTranscriptEvidence,
  type TranscriptCache,
} from '../evidence/transcript.js';
import type { TranscriptEnv } from '../evidence/transcript-locate.js';
import type { SignalEvidence, TranscriptEvidence } from '../evidence/types.js';
import type { Settings } from '../config/fields.js';
import { roleDir, type Role } from '../config/roles.js';

export interface EvidenceLook {
  readonly role: Role;
  readonly session: string;
  /** When the session was (re)started (ms); null when the watchdog has not started it itself. */
  readonly startedAt: number | null;
}

export class EvidenceObservers {
  private readonly transcripts = new Map<string, TranscriptCache>();

  constructor(
    private readonly settings: Pick<
      Settings,
      'logDir' | 'backend' | 'builderDir' | 'advDir' | 'planDir'
    >,
    private readonly env: TranscriptEnv,
    private readonly zone: string,
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
          backend: this.settings.backend,
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
}
