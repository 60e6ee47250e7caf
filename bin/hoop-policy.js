#!/usr/bin/env node
import { run } from '../dist/hoop-policy.js';
// a closed pipe (`hoop-policy ... | head`) ends the run quietly, as other command-line tools do
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
process.exitCode = await run(process.argv.slice(2));
