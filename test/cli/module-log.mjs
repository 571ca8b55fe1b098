// `node --import ./module-log.mjs …`: appends the URL of every ES module the process loads
// (and of every CommonJS package entry an ES module imports) to the file $UNIPBX_MODULE_LOG.
import { register } from 'node:module';

const hooks = `
import { appendFileSync } from 'node:fs';
const log = process.env.UNIPBX_MODULE_LOG;
export async function load(url, context, next) {
  if (log && !url.startsWith('node:')) appendFileSync(log, url + '\\n');
  return next(url, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
