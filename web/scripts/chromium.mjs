// The browser that the e2e suite and the Lighthouse run both drive: Debian's Chromium (apt-get install chromium);
// nothing here ever downloads a browser. The flags keep it from reaching out on its own (updates, sync, QUIC).
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
