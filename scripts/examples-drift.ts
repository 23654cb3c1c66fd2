// `npm run examples:drift`: which of the README's example verdicts will change within 30 days of the date
// the table is evaluated as of. It informs maintainers and never fails: the table itself is pinned to its
// date (test/examples.test.ts), so the calendar cannot break CI; this says when to move that date.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../cli/main.js';
import { addDays, packageRoot } from '../src/index.js';

const DAYS = 30;
const root = packageRoot();
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const asOf = /evaluated as of (\d{4}-\d{2}-\d{2})/.exec(readme)?.[1];
const manifests = [...readme.matchAll(/^\| `(examples\/[^`]+)` \|/gm)].map((m) => m[1]!);

/** The verdict line `assure check` prints for a manifest on a day. */
async function verdict(manifest: string, day: string): Promise<string> {
  let out = '';
  await main(['check', join(root, manifest), '--at', day], { out: (t) => void (out += t), err: () => undefined, isTTY: false });
  return out.trim().split('\n').pop() ?? '';
}

if (!asOf) {
  console.log('README.md states no "evaluated as of YYYY-MM-DD" date for its example table.');
} else {
  let changes = 0;
  for (const manifest of manifests) {
    const first = await verdict(manifest, asOf);
    let previous = first;
    for (let day = 1; day <= DAYS; day++) {
      const date = addDays(asOf, day);
      const now = await verdict(manifest, date);
      if (now !== previous) {
        console.log(`${manifest}: from ${date}: ${now} (was: ${previous})`);
        previous = now;
        changes++;
      }
    }
  }
  console.log(changes === 0 ? `No example verdict changes within ${DAYS} days of ${asOf}.` : `${changes} change(s) within ${DAYS} days of ${asOf}: update the table and its date when they come.`);
}
