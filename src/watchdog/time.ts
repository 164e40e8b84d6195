// State keeps instants as ISO strings (readable in state.json); rules compute in ms.
export const toIso = (ms: number): string => new Date(ms).toISOString();
export const toMs = (iso: string): number => Date.parse(iso);
export const seconds = (value: number): number => value * 1000;
