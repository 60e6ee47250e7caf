// Schema changes of a statement no parser accepted, from the classifier's actions (fail closed):
// the destructive ones get a DdlFact, so rules written on `statement.ddl` (ban-drop-table, ...)
// still see `garbage garbage DROP TABLE users`. Their details are unknown: the strongest lock is
// assumed, every flag is false.
import type { Action } from '../../facts/types.js';
import type { FileState } from '../file-state.js';
import type { FactSink } from '../sink.js';
import { ddlFact } from '../ddl-fact.js';

const DESTRUCTIVE = new Set<Action>([
  'drop_table', 'drop_view', 'drop_index', 'drop_schema', 'drop_database', 'drop_sequence', 'drop_column', 'drop_constraint', 'truncate',
]);

export function fallbackDdl(sink: FactSink, file: FileState): void {
  // a change the token reader already described (same operation on the same object, or at the
  // same place: its `DROP INDEX i ON t` names the table where the action names the index)
  const have = new Set(sink.ddl.flatMap((d) => [`${d.operation}\u0000${d.table}`, `${d.operation}\u0000@${d.span.start}`]));
  for (const a of sink.actions) {
    if (!DESTRUCTIVE.has(a.action)) continue;
    const key = `${a.action}\u0000${a.target}`;
    if (have.has(key) || have.has(`${a.action}\u0000@${a.span.start}`)) continue;
    have.add(key);
    sink.ddl.push(
      ddlFact(a.action, a.target, a.span, {
        createdInFile: a.target !== null && file.created.has(a.target),
        lock: 'ACCESS EXCLUSIVE',
        nested: a.nested,
        via: a.via,
      }),
    );
  }
}
