import type { SourceLocation } from './types.js';
import type { Segment } from './paths/jsonpath.js';

/** A file's text with the path it was read from (as the user named it, or relative to a repository). */
export interface SourceFile {
  path: string;
  text: string;
}

/** Maps a location in parsed data back to the file and line it was written on. */
export type Locator = (segments: readonly Segment[]) => SourceLocation | undefined;

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes bytes as UTF-8, refusing invalid sequences instead of silently replacing them. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    const text = decoder.decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}
