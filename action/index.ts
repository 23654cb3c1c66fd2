// The bundle's entry (dist/index.js): run the Action.
import { run } from './main.js';
import { loadExemptions } from '../github/exceptions/store.js';

void run({ loadExemptions });
