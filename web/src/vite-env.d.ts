/// <reference types="vite/client" />

/** The web app's version from web/package.json, set at build time. */
declare const __FOYER_WEB_VERSION__: string;
