/** `npm run gen:provisioning-schema`: writes docs/provisioning.schema.json from the document's zod schema (test/provisioning/schema.test.ts keeps it current). */
import { writeFileSync } from 'node:fs';
import { desiredStateJsonSchema } from '../src/provisioning/document.js';

const path = new URL('../docs/provisioning.schema.json', import.meta.url);
writeFileSync(path, `${JSON.stringify(desiredStateJsonSchema(), null, 2)}\n`);
console.log(`wrote ${path.pathname}`);
