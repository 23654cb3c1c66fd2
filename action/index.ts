// The bundle's entry (dist/index.js): run the Action.
import { run } from './main.js';
import { loadExemptions } from '../github/exceptions/store.js';
import { baselineWasmOnly } from '../src/evidence/hcl.js';

baselineWasmOnly();
void run({ loadExemptions });
