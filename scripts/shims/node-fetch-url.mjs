// In place of `url` for node-fetch in the bundles. node-fetch 2 reads each request's address with
// url.parse(), which Node 24 deprecates with a warning written to the log (DEP0169, "prone to errors
// that have security implications"). This gives it the same fields from the WHATWG parser, through
// Node's own urlToHttpOptions (the options http.request takes). node-fetch makes every address
// absolute with `new URL` before parsing it, so nothing else changes.
import { URL, urlToHttpOptions } from 'node:url';

export { URL };

/** The fields node-fetch reads and hands to http.request (protocol, hostname, port, path, auth, href). */
export function parse(address) {
  const url = new URL(address);
  return { ...urlToHttpOptions(url), slashes: true, host: url.host, query: url.search ? url.search.slice(1) : null };
}

/** node-fetch formats only what parse() returned: its address as written by the WHATWG parser. */
export function format(parsed) {
  return parsed.href;
}

export default { URL, parse, format };
