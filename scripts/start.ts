// `npm start`: first the report for the bundled beta-service example (what `assure check` prints on a
// laptop), then the whole story against the local GitHub as a readable transcript. Exits 0 when the
// report ran and every step of the story did what it says, 1 otherwise.
import { main } from '../cli/main.js';
import { playStory } from './demo/story.js';

const example = 'examples/beta-service/design.yml';
console.log(`$ assure check ${example}\n`);
const code = await main(['check', example]);
console.log(`\nassure exited ${code}${code === 1 ? ' (not compliant): this example fails on purpose, on one standard.' : '.'}`);

console.log('\nThe same design in a pull request: the story of one exception, played against a local GitHub by the real App server\n');
const outcome = await playStory((line) => console.log(line));
console.log(outcome.ok ? '\nEvery step did what it says.' : `\n${outcome.failures.length} step(s) did not do what they say:\n${outcome.failures.map((f) => `  - ${f}`).join('\n')}`);
// The example's verdict is the point of the demonstration; only a broken run is a failure here.
process.exitCode = code !== 2 && outcome.ok ? 0 : 1;
