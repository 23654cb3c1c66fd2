// The `uri` format decides a plain web address without ajv-formats' expression (slow to compile) and
// leaves everything else to ajv-formats: what it accepts must be exactly what ajv-formats accepts.
import { createRequire } from 'node:module';
import fc from 'fast-check';
import formatsModule from 'ajv-formats/dist/formats.js';
import { describe, expect, it } from 'vitest';
import { FORMATS_MODULE, PLAIN_WEB_URI, uriFormat } from '../../src/schema/uri.js';
import { packageFile } from '../../src/package-root.js';
import { PRECOMPILED_DIR } from '../../src/schema/precompiled-files.js';

const fullUri = (formatsModule as unknown as { fullFormats: { uri: (text: string) => boolean } }).fullFormats.uri;

const chars = (set: string) => fc.constantFrom(...set.split(''));
const escape = fc.tuple(chars('0123456789abcdefABCDEF'), chars('0123456789abcdefABCDEF')).map(([a, b]) => `%${a}${b}`);
const part = (set: string) => fc.array(fc.oneof(chars(set), escape), { maxLength: 12 }).map((p) => p.join(''));
/** Addresses built from PLAIN_WEB_URI's own grammar, in any case. */
const plainAddress = fc
  .tuple(
    fc.constantFrom('http', 'https', 'HTTPS'),
    fc.stringMatching(/^[a-zA-Z0-9.-]{1,20}$/),
    fc.option(fc.stringMatching(/^\d{0,6}$/)),
    fc.option(fc.array(part("abcXYZ019-._~!$&'()*+,;=:@"), { maxLength: 4 })),
    fc.option(part("abc019-._~!$&'()*+,;=:@/?")),
    fc.option(part("abc019-._~!$&'()*+,;=:@/?")),
  )
  .map(([scheme, host, port, path, query, fragment]) => `${scheme}://${host}${port === null ? '' : `:${port}`}${path === null ? '' : path.map((s) => `/${s}`).join('')}${query === null ? '' : `?${query}`}${fragment === null ? '' : `#${fragment}`}`);

const corpus = [
  '', 'http://', 'https://www.gov.uk/service-manual', 'HTTPS://GOV.UK/A?B=1#C', 'https://exa mple.gov.uk', 'https://[::1]/x', 'https://192.168.0.1:8080/',
  'mailto:someone@example.org', 'urn:isbn:0451450523', 'javascript:alert(1)', 'https://a%zz.example', 'https://example.org/%E2%82%AC', 'https://example.org/a b',
  'https://example.org/<x>', 'https://user@example.org/', 'https://example.org:99999', 'www.gov.uk/privacy', '//example.org/x', 'https://example.org/\u00e9',
];

describe('the uri format', () => {
  it('accepts every plain web address, and ajv-formats accepts each of them too', () => {
    fc.assert(
      fc.property(plainAddress, (address) => {
        expect(PLAIN_WEB_URI.test(address)).toBe(true);
        expect(fullUri(address)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts exactly what ajv-formats accepts, in the process and in the module the build writes', () => {
    const shipped = createRequire(import.meta.url)(packageFile(`${PRECOMPILED_DIR}/${FORMATS_MODULE}`)) as { uri: (text: string) => boolean; date: unknown };
    expect(typeof shipped.date).not.toBe('undefined');
    for (const text of corpus) {
      expect(uriFormat(text), text).toBe(fullUri(text));
      expect(shipped.uri(text), text).toBe(fullUri(text));
    }
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (text) => uriFormat(text) === fullUri(text) && shipped.uri(text) === fullUri(text)), { numRuns: 2000 });
  });

  it('takes time in proportion to the text on a near miss, not more', () => {
    const time = (n: number): number => {
      const text = `https://${'a'.repeat(n)}/${'b/'.repeat(n)}%g`;
      const started = process.hrtime.bigint();
      for (let i = 0; i < 5; i++) PLAIN_WEB_URI.test(text);
      return Number(process.hrtime.bigint() - started);
    };
    time(1_000);
    const small = time(20_000);
    const large = time(200_000);
    // Ten times the text; linear work is about 10x. A backtracking blow-up would be 100x or more.
    expect(large / small).toBeLessThan(40);
  });
});
