// The CLI's script run as bin/assure.js runs it, but compiled without V8's code cache, as the Action's
// bundle always is: the bench prints its cold start beside the Action's, to show what the cache is worth.
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { packageFile } from '../../src/package-root.js';

setFlagsFromString('--liftoff-only');
const cli = createRequire(import.meta.url)(packageFile('build/assure.cjs')) as { main(argv: string[]): Promise<number> };
process.exitCode = await cli.main(process.argv.slice(2));
