import { Buffer, isUtf8 } from 'node:buffer';
import type { SourceLocation } from './types.js';
import type { Segment } from './paths/jsonpath.js';

/** A file's text with the path it was read from (as the user named it, or relative to a repository). */
export interface SourceFile {
  path: string;
  text: string;
}

/** Maps a location in parsed data back to the file and line it was written on. */
export type Locator = (segments: readonly Segment[]) => SourceLocation | undefined;

/**
 * Decodes bytes as UTF-8, refusing invalid sequences instead of silently replacing them. Checked with
 * node:buffer's validator and decoded by Buffer: a fatal TextDecoder does the same through ICU, several
 * times slower on the files a check reads at start.
 */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  if (!isUtf8(bytes)) return undefined;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
