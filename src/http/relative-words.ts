// Relative times in words for the dashboard ("in 38 min", "2 min ago"). Pure and self-contained on
// purpose: the page runs this very function (its source is put into the page by dashboard-page.ts),
// so the browser and the tests share one implementation.

/** `ms` is target minus now: positive is ahead ("in …"), negative behind ("… ago"). */
export function relativeWords(ms: number): string {
  const seconds = Math.round(Math.abs(ms) / 1000);
  if (seconds < 5) return 'just now';
  let span: string;
  if (seconds < 60) span = `${seconds} s`;
  else if (seconds < 3600) span = `${Math.floor(seconds / 60)} min`;
  else if (seconds < 48 * 3600) {
    const hours = Math.floor(seconds / 3600);
    const minutes = Math.floor((seconds % 3600) / 60);
    span = minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
  } else {
    const days = Math.floor(seconds / 86400);
    const hours = Math.floor((seconds % 86400) / 3600);
    span = hours === 0 ? `${days} d` : `${days} d ${hours} h`;
  }
  return ms > 0 ? `in ${span}` : `${span} ago`;
}
