// The signals that ask launch to stop in order. SIGHUP counts like SIGTERM: it is what a closed
// terminal or a killed tmux session sends.
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Calls `onSignal` for every stop signal until the returned function is called. */
export function onStopSignals(onSignal: (signal: NodeJS.Signals) => void): () => void {
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  return () => {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
  };
}
