import { splitStatements } from './runtime/sql/lexer/split.js';
const code = process.argv[2];
for (const s of splitStatements(code, 'postgres').statements) console.log(JSON.stringify(code.slice(s.start, s.end)));
