// Runs before the first paint: applies the color scheme this browser last used (the app keeps it in step with the
// user's `foyer.theme` preference on the server), so a dark-theme user never sees a white flash.
// The key and values are Mantine's localStorageColorSchemeManager's: 'light' | 'dark' | 'auto'.
(function () {
  var stored = null;
  try {
    stored = window.localStorage.getItem('foyer.color-scheme');
  } catch {
    stored = null; // storage blocked: follow the device
  }
  var scheme =
    stored === 'light' || stored === 'dark'
      ? stored
      : window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches
        ? 'dark'
        : 'light';
  document.documentElement.setAttribute('data-mantine-color-scheme', scheme);
})();
