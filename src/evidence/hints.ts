// Where a fact would show: built from the collectors' own hints, for the engine's `unknown` messages.
import type { Collector } from './collector.js';
import { PLATFORM_HINTS } from './platform.js';
import type { EvidenceHint } from './types.js';

/**
 * An EvidenceHint over the collectors given. A path is looked up as written, without its list
 * indexes ($.languages[0].version -> $.languages.version), then at each parent in turn.
 */
export function evidenceHints(collectors: readonly Collector[], options: { platform?: boolean } = {}): EvidenceHint {
  const table = new Map<string, string[]>();
  const add = (path: string, text: string) => {
    const list = table.get(path) ?? [];
    if (!list.includes(text)) list.push(text);
    table.set(path, list);
  };
  for (const collector of collectors) for (const [path, text] of Object.entries(collector.hints)) add(path, text);
  if (options.platform ?? true) for (const [path, text] of Object.entries(PLATFORM_HINTS)) add(path, text);
  return (path) => {
    let key = path.replace(/\[\d+\]/g, '').replace(/\[\*\]|\.\*/g, '');
    for (;;) {
      const found = table.get(key);
      if (found) return found.join('; or ');
      const cut = key.lastIndexOf('.');
      if (cut <= 0) return undefined;
      key = key.slice(0, cut);
    }
  };
}
