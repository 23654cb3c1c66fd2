// ajv-formats' `uri` (RFC 3986, its full mode) is one regular expression that V8 takes about 8 ms to
// compile, at the first URI a process checks. Most URIs in a design are plain web addresses: those
// PLAIN_WEB_URI matches are accepted without it, and everything else is judged by ajv-formats, so what
// is accepted does not change. PLAIN_WEB_URI is a part of RFC 3986's grammar (a host of letters,
// digits, dots and hyphens; path, query and fragment characters as the RFC allows them), which
// test/engine/uri-format.test.ts holds to ajv-formats. Each of its repetitions takes one character or one
// escape, so no text can make it backtrack for long.
import formatsModule from 'ajv-formats/dist/formats.js';

export const PLAIN_WEB_URI = /^https?:\/\/[a-z0-9.-]+(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@/]|%[0-9a-f]{2})*)?(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?$/i;

// ajv-formats is CommonJS; under NodeNext its named exports arrive on the default export.
const fullUri = (formatsModule as unknown as { fullFormats: { uri: (text: string) => boolean } }).fullFormats.uri;

/** ajv-formats' full `uri`, a plain web address decided first. */
export function uriFormat(text: string): boolean {
  return PLAIN_WEB_URI.test(text) || fullUri(text);
}

/** The file the build writes formatsModuleSource() to, in the precompiled folder. */
export const FORMATS_MODULE = 'formats.cjs';

/**
 * The same as a CommonJS module for ajv's standalone code (the build writes it beside the generated
 * validators, scripts/precompile.ts): ajv-formats' full formats with this `uri`.
 */
export function formatsModuleSource(): string {
  return [
    '"use strict";',
    '// Written by scripts/precompile.ts from src/schema/uri.ts: ajv-formats\' full formats, a plain web address decided first.',
    'const { fullFormats } = require("ajv-formats/dist/formats");',
    `const PLAIN_WEB_URI = new RegExp(${JSON.stringify(PLAIN_WEB_URI.source)}, ${JSON.stringify(PLAIN_WEB_URI.flags)});`,
    'module.exports = { ...fullFormats, uri: (text) => PLAIN_WEB_URI.test(text) || fullFormats.uri(text) };',
    '',
  ].join('\n');
}
