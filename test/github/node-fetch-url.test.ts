// The bundles give node-fetch a `url` of WHATWG parsing (scripts/shims/node-fetch-url.mjs), so that
// Node 24 writes no deprecation warning for url.parse() into the Action's log. node-fetch hands what
// parse() returns to http.request: those fields must be the ones url.parse() gave it.
import { join } from 'node:path';
import { format as legacyFormat, parse as legacyParse, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers.js';

interface Shim {
  parse(address: string): Record<string, unknown>;
  format(parsed: Record<string, unknown>): string;
}

const shim = (await import(pathToFileURL(join(root, 'scripts', 'shims', 'node-fetch-url.mjs')).href)) as Shim;

// The addresses the client asks for: github.com's API, a GitHub Enterprise server (a port, a path
// prefix, a literal IPv6 or IPv4 host), escaped path segments and queries, credentials in the address.
const ADDRESSES = [
  'https://api.github.com/repos/DFE-Digital/assure/contents/.github%2Fassure.yml?ref=main',
  'https://api.github.com/search/issues?q=repo%3Aacme%2Farchitecture+label%3Aassure-exception&per_page=100&page=2',
  'https://ghe.example.gov.uk/api/v3/repos/acme/app/git/trees/main?recursive=1',
  'http://127.0.0.1:39595/repos/acme/app/contents/design.yml',
  'http://[::1]:8443/api/v3/graphql',
  'https://user:p%40ss@ghe.example.gov.uk:8443/api/v3/user',
  'https://api.github.com/repos/acme/app/issues/12/comments#frag',
  'https://API.GitHub.com:443/repos/a/b',
];

describe("node-fetch's url in the bundles", () => {
  it.each(ADDRESSES)('reads %s as url.parse() did, in every field http.request takes', (address) => {
    // node-fetch makes an absolute address canonical with `new URL` before it parses it.
    const canonical = new URL(address).toString();
    const legacy = legacyParse(canonical);
    const parsed = shim.parse(canonical);
    expect({ ...parsed, port: parsed.port === undefined ? null : String(parsed.port) }).toMatchObject({
      protocol: legacy.protocol,
      hostname: legacy.hostname,
      port: legacy.port,
      path: legacy.path,
      href: legacy.href,
      ...(legacy.auth ? { auth: legacy.auth } : {}),
    });
    expect(shim.format(parsed)).toBe(legacyFormat(legacy));
  });

  it('refuses an address that is not absolute, as node-fetch refuses it', () => {
    expect(() => shim.parse('/repos/acme/app')).toThrow(TypeError);
  });
});
