// `npm start`: the whole story against the local GitHub, as a readable transcript. Exits 0 when every
// step did what it says, 1 otherwise.
import { playStory } from './demo/story.js';

console.log('assure: the story of one exception, played against a local GitHub by the real App server\n');
const outcome = await playStory((line) => console.log(line));
console.log(outcome.ok ? '\nEvery step did what it says.' : `\n${outcome.failures.length} step(s) did not do what they say:\n${outcome.failures.map((f) => `  - ${f}`).join('\n')}`);
console.log('Next: `node bin/assure.js check examples/beta-service/design.yml` checks a design on your laptop.');
process.exitCode = outcome.ok ? 0 : 1;
