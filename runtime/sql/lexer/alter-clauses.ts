// ALTER TABLE clause → sub-actions, shared by the classifier and the MySQL DDL facts.
import type { Action } from '../../facts/types.js';
import { isName, type Tok } from './cursor.js';

/** The sub-actions of one ALTER TABLE clause. */
export function alterClauseAction(toks: Tok[], from: number, to: number): Action[] {
  const w = (k: number): string => (from + k < to ? toks[from + k].up : '');
  const a = w(0);
  const b = w(1);
  if (a === 'ADD') {
    let k = 1;
    if (b === 'CONSTRAINT') k = isName(toks[from + 2]) && !['FOREIGN', 'PRIMARY', 'UNIQUE', 'CHECK', 'EXCLUDE'].includes(w(2)) ? 3 : 2;
    const c = w(k);
    if (c === 'FOREIGN') return ['add_constraint', 'add_foreign_key'];
    if (c === 'PRIMARY') return ['add_constraint', 'add_primary_key'];
    if (c === 'UNIQUE') return ['add_constraint', 'add_unique'];
    if (c === 'CHECK') return ['add_constraint', 'add_check'];
    if (c === 'EXCLUDE') return ['add_constraint', 'add_exclusion'];
    if (c === 'INDEX' || c === 'KEY' || c === 'FULLTEXT' || c === 'SPATIAL') return ['create_index'];
    if (c === 'PARTITION') return ['other'];
    return ['add_column'];
  }
  if (a === 'DROP') {
    if (b === 'COLUMN') return ['drop_column'];
    if (b === 'CONSTRAINT' || b === 'FOREIGN' || b === 'CHECK' || b === 'PRIMARY') return ['drop_constraint'];
    if (b === 'INDEX' || b === 'KEY') return ['drop_index'];
    if (b === 'PARTITION') return ['other'];
    if (b === 'DEFAULT') return ['drop_default'];
    return ['drop_column'];
  }
  if (a === 'RENAME') {
    if (b === 'TO' || b === 'AS') return ['rename_table'];
    if (b === 'INDEX' || b === 'KEY') return ['rename_index'];
    if (b === 'CONSTRAINT') return ['rename_constraint'];
    return ['rename_column'];
  }
  if (a === 'MODIFY') return ['alter_column_type'];
  if (a === 'CHANGE') {
    let k = 1;
    if (b === 'COLUMN') k = 2;
    const oldName = toks[from + k]?.text.toLowerCase();
    const newName = toks[from + k + 1]?.text.toLowerCase();
    return oldName && newName && oldName !== newName ? ['rename_column', 'alter_column_type'] : ['alter_column_type'];
  }
  if (a === 'ALTER') {
    const k = b === 'COLUMN' ? 3 : 2;
    const c = w(k);
    const d = w(k + 1);
    if (c === 'TYPE' || (c === 'SET' && d === 'DATA')) return ['alter_column_type'];
    if (c === 'SET' && d === 'NOT') return ['set_not_null'];
    if (c === 'DROP' && d === 'NOT') return ['drop_not_null'];
    if (c === 'SET' && d === 'DEFAULT') return ['set_default'];
    if (c === 'DROP' && d === 'DEFAULT') return ['drop_default'];
    return ['other'];
  }
  if (a === 'VALIDATE') return ['validate_constraint'];
  if (a === 'ATTACH') return ['attach_partition'];
  if (a === 'DETACH') return ['detach_partition'];
  if (a === 'OWNER') return ['alter_owner'];
  if ((a === 'ENABLE' || a === 'FORCE') && b === 'ROW') return ['enable_rls'];
  if ((a === 'DISABLE' || a === 'NO') && (b === 'ROW' || b === 'FORCE')) return ['disable_rls'];
  if (a === 'ALGORITHM' || a === 'LOCK') return [];
  return ['other'];
}

