// In place of whatwg-url in the bundles: node-fetch 2 imports it only to fall back on when Node has no
// URL of its own, which every Node assure runs on has; bundled, it would be parsed at every start.
export const URL = globalThis.URL;
export default { URL };
