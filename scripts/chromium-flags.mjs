// Debian's Chromium as the project runs it (the dashboard's browser test and the README's
// screenshots): where it is, and flags for no network of its own and no first-run work, since this
// machine's network is closed (see env). Plain JavaScript so scripts run after the build can use it.
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
