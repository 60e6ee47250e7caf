import { analyze } from './runtime/index.js';
const r = await analyze("CREATE TABLE x (id int)");
console.log(JSON.stringify(r.statements[0].ddl.map(d => [d.operation, d.table, d.column])));
