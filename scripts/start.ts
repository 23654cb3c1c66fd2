// `npm start`: the main job on a bundled example, as a newcomer first sees it.
import { main } from '../cli/main.js';

const example = 'examples/beta-service/design.yml';
console.log(`$ assure check ${example}\n`);
const code = await main(['check', example]);
console.log(
  code === 1
    ? `\nassure exited 1 (not compliant): this example fails on purpose. Compare a compliant design:\n  node bin/assure.js check examples/compliant-service/design.yml`
    : `\nassure exited ${code}.`,
);
// The example's verdict is the point of the demonstration; only a broken run is a failure here.
process.exitCode = code === 2 ? 2 : 0;
