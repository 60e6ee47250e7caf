// Types, enums and domains: CREATE TYPE / DOMAIN, ALTER TYPE ... ADD / RENAME VALUE, ALTER DOMAIN.
import type { PgHelpers } from './helpers.js';
import { addAction, addDdl, collationOf, nameParts, qualifyParts } from './ddl-common.js';
import { normalizeTypeName } from './types-normalize.js';
import { exprVolatility } from './volatility.js';

export function typeTarget(h: PgHelpers, names: any[] | undefined): string {
  return qualifyParts(h, nameParts(names)).name;
}

export function extractAlterEnum(node: any, h: PgHelpers): void {
  const target = typeTarget(h, node.typeName);
  const span = h.statementSpan;
  let objectName: string = node.newVal ?? '';
  let column: string | null = null;
  if (node.oldVal !== undefined) {
    // RENAME VALUE 'old' TO 'new': the old value in `column`, the new one in `objectName`
    column = node.oldVal;
  } else if (node.newValNeighbor !== undefined) {
    objectName += node.newValIsAfter ? ` after ${node.newValNeighbor}` : ` before ${node.newValNeighbor}`;
  }
  addAction(h, 'alter_enum', target, span);
  addDdl(h, 'alter_enum', target, span, {
    createdInFile: h.createdInFile(target),
    ifNotExists: node.skipIfNewValExists === true,
    column,
    objectName,
  });
}

export function extractCreateType(h: PgHelpers, names: any[] | undefined, kind: string, span = h.statementSpan): void {
  const target = typeTarget(h, names);
  h.markCreated(target);
  addAction(h, 'create_type', target, span);
  addDdl(h, 'create_type', target, span, { createdInFile: true, columnType: kind });
}

export function extractCreateDomain(node: any, h: PgHelpers): void {
  const target = typeTarget(h, node.domainname);
  const span = h.statementSpan;
  h.markCreated(target);
  let notNull = false;
  let hasDefault = false;
  let defaultVolatility = null as ReturnType<typeof exprVolatility>;
  let constraintType: 'check' | null = null;
  let objectName: string | null = null;
  for (const c of (node.constraints ?? []) as any[]) {
    const k = c?.Constraint;
    if (!k) continue;
    if (k.contype === 'CONSTR_NOTNULL') notNull = true;
    else if (k.contype === 'CONSTR_DEFAULT') {
      hasDefault = true;
      defaultVolatility = exprVolatility(k.raw_expr);
      h.walkExpr(k.raw_expr);
    } else if (k.contype === 'CONSTR_CHECK') {
      constraintType = 'check';
      objectName = k.conname ?? null;
      h.walkExpr(k.raw_expr);
    }
  }
  addAction(h, 'create_domain', target, span);
  addDdl(h, 'create_domain', target, span, {
    createdInFile: true,
    columnType: normalizeTypeName(node.typeName),
    // CREATE DOMAIN d AS text COLLATE "C": every column of the domain compares with it
    collation: collationOf(node.collClause),
    notNull,
    hasDefault,
    defaultVolatility,
    constraintType,
    objectName,
  });
}

export function extractAlterDomain(node: any, h: PgHelpers): void {
  const target = typeTarget(h, node.typeName);
  const span = h.statementSpan;
  const f: Parameters<typeof addDdl>[4] = {
    createdInFile: h.createdInFile(target),
    ifExists: node.missing_ok === true,
    cascade: node.behavior === 'DROP_CASCADE',
  };
  switch (node.subtype) {
    case 'T': // SET / DROP DEFAULT
      if (node.def) {
        h.walkExpr(node.def);
        Object.assign(f, { hasDefault: true, defaultVolatility: exprVolatility(node.def) });
      }
      break;
    case 'O': // SET NOT NULL: every column of the domain is checked under SHARE
      Object.assign(f, { notNull: true, constraintType: 'not_null', scan: true, lock: 'SHARE' });
      break;
    case 'C': {
      const k = node.def?.Constraint ?? {};
      if (k.raw_expr) h.walkExpr(k.raw_expr);
      const notValid = k.skip_validation === true;
      Object.assign(f, {
        constraintType: k.contype === 'CONSTR_NOTNULL' ? 'not_null' : 'check',
        notValid,
        objectName: k.conname ?? null,
        scan: !notValid,
        lock: notValid ? 'NONE' : 'SHARE',
      });
      break;
    }
    case 'V':
      Object.assign(f, { objectName: node.name ?? null, scan: true, lock: 'SHARE' });
      break;
    case 'X':
      f.objectName = node.name ?? null;
      break;
  }
  addAction(h, 'alter_domain', target, span);
  addDdl(h, 'alter_domain', target, span, f);
}
