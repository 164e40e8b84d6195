// Ctrl-C (SIGINT) or SIGTERM while ssh runs: resolves a promise so the caller closes the connection
// and returns, instead of the process dying. The listeners stay until `dispose`: execa's exit
// cleanup (signal-exit) re-raises a signal when it finds no other listener left, which would kill
// us mid-cleanup if they were removed the moment the signal came.
export interface Interrupt {
  readonly interrupted: Promise<void>;
  readonly dispose: () => void;
}

export function onInterrupt(): Interrupt {
  let resolve: () => void = () => undefined;
  const interrupted = new Promise<void>((done) => (resolve = done));
  const handler = (): void => resolve();
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    interrupted,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
