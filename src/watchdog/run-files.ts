// Names of the marker files in a run's log dir, in a module of their own so that readers (status,
// phases, pause) do not load the watchdog's act/observe code just to know a file name.

/** <log-dir>/STOP: the run is paused (the watchdog observes but takes no action). */
export const STOP_FILE = 'STOP';
/** <log-dir>/SEQUENCE-COMPLETE: every phase is DONE; the watchdog has stopped the agents. */
export const SEQUENCE_COMPLETE_FILE = 'SEQUENCE-COMPLETE';
