import { parseOther } from './runtime/sql/mysql/parser.js';
for (const s of ['DELETE u FROM users u', 'DELETE u, o FROM users u JOIN orders o ON u.id = o.user_id', 'DELETE FROM u USING users u JOIN orders o ON u.id = o.user_id', 'DELETE users FROM users']) {
  const r = parseOther(s, 'mysql');
  console.log(s, r.ok ? JSON.stringify(r.tableList) + JSON.stringify((r.ast as any).table) : r.message.slice(0, 100));
}
