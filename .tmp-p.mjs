import { loadModule, parseSync } from 'libpg-query';
await loadModule?.();
for (const q of process.argv.slice(2)) console.log(JSON.stringify(parseSync(q), null, 0));
