/** Regenerates the capability matrix in README.md from the vendors' manifests: `npm run docs`. */
import { readFileSync, writeFileSync } from 'node:fs';
import { withCapabilityTable } from '../src/capability-table.js';

const file = new URL('../README.md', import.meta.url);
writeFileSync(file, withCapabilityTable(readFileSync(file, 'utf8')));
console.log('README.md capability table updated');
