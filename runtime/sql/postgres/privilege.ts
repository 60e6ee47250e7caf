// Postgres privilege facts: GRANT/REVOKE (objects and roles), roles and their attributes,
// SET ROLE / SESSION AUTHORIZATION, default privileges, ALTER SYSTEM, row-level security
// policies and ownership changes.
import type { PrivilegeFact, RoleAttribute } from '../../facts/types.js';
import type { PgHelpers } from './helpers.js';
import { addAction, addDdl, addTable, nameParts, qualifyParts, roleName, spanAt } from './ddl-common.js';
import { STATEMENT_LOCKS } from './locks.js';

/** `OBJECT_FOREIGN_SERVER` -> `foreign_server` */
function objectTypeName(objtype: string | undefined): string {
  if (!objtype) return 'unknown';
  return (objtype.startsWith('OBJECT_') ? objtype.slice(7) : objtype).toLowerCase();
}

/** Qualified name of a GRANT/ALTER OWNER object node, and whether it is a table. */
function objectName(h: PgHelpers, obj: any): { name: string; table: boolean } | null {
  if (!obj) return null;
  if (obj.RangeVar) return { name: h.qualify(obj.RangeVar).name, table: true };
  if (obj.String) return { name: String(obj.String.sval), table: false };
  if (obj.Integer) return { name: String(obj.Integer.ival ?? 0), table: false };
  if (obj.ObjectWithArgs) return { name: qualifyParts(h, nameParts(obj.ObjectWithArgs.objname)).name, table: false };
  if (obj.TypeName) return { name: qualifyParts(h, nameParts(obj.TypeName.names)).name, table: false };
  if (obj.List) return { name: qualifyParts(h, nameParts(obj.List.items)).name, table: false };
  return null;
}

function privilegeNames(privs: any[] | undefined): string[] {
  // no list means ALL [PRIVILEGES]
  if (!privs || privs.length === 0) return ['all'];
  const out: string[] = [];
  for (const p of privs) {
    const name = p?.AccessPriv?.priv_name;
    const n = typeof name === 'string' ? name.toLowerCase() : 'all';
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

function roleList(list: any[] | undefined): string[] {
  const out: string[] = [];
  if (list) for (const r of list) out.push(roleName(r));
  return out;
}

function extractGrant(node: any, h: PgHelpers): void {
  const operation = node.is_grant ? 'grant' : 'revoke';
  const span = h.statementSpan;
  const allInSchema = node.targtype === 'ACL_TARGET_ALL_IN_SCHEMA';
  const objectType = allInSchema ? `all_${objectTypeName(node.objtype)}s_in_schema` : objectTypeName(node.objtype);
  const objects: string[] = [];
  for (const o of (node.objects ?? []) as any[]) {
    const n = objectName(h, o);
    if (!n) continue;
    objects.push(n.name);
    const rv = o.RangeVar;
    if (n.table && node.objtype === 'OBJECT_TABLE') {
      addTable(h, h.qualify(rv), ['ddl'], spanAt(h, rv.location));
    }
    addAction(h, operation, n.name, rv ? spanAt(h, rv.location) : span);
  }
  if (objects.length === 0) addAction(h, operation, null, span);
  h.out.privileges.push({
    kind: 'privilege',
    span,
    operation,
    privileges: privilegeNames(node.privileges),
    objectType,
    objects,
    grantees: roleList(node.grantees),
    withGrantOption: node.grant_option === true,
    revoke: operation === 'revoke',
  });
}

function adminOption(opts: any[] | undefined): boolean {
  if (!opts) return false;
  for (const o of opts) {
    const d = o?.DefElem;
    if (d?.defname === 'admin') return d.arg?.Boolean?.boolval === true || d.arg === undefined;
  }
  return false;
}

function extractGrantRole(node: any, h: PgHelpers): void {
  const operation = node.is_grant ? 'grant_role' : 'revoke_role';
  const span = h.statementSpan;
  const granted: string[] = [];
  for (const r of (node.granted_roles ?? []) as any[]) {
    const n = r?.AccessPriv?.priv_name;
    if (typeof n === 'string') granted.push(n.toLowerCase());
  }
  for (const g of granted) addAction(h, operation, g, span);
  h.out.privileges.push({
    kind: 'privilege',
    span,
    operation,
    privileges: granted,
    objectType: 'role',
    objects: granted,
    grantees: roleList(node.grantee_roles),
    withGrantOption: adminOption(node.opt),
    revoke: operation === 'revoke_role',
  });
}

function membership(h: PgHelpers, span: PrivilegeFact['span'], operation: 'grant_role' | 'revoke_role', granted: string[], grantees: string[], admin: boolean): void {
  if (granted.length === 0 || grantees.length === 0) return;
  h.out.privileges.push({ kind: 'privilege', span, operation, privileges: granted, objectType: 'role', objects: granted, grantees, withGrantOption: admin, revoke: operation === 'revoke_role' });
}

function boolArg(arg: any): boolean {
  if (arg === undefined) return true;
  if (arg.Boolean) return arg.Boolean.boolval === true;
  if (arg.Integer) return arg.Integer.ival !== 0;
  return true;
}

/** Role attributes from CREATE/ALTER ROLE options; membership options become grant_role facts. */
function roleOptions(h: PgHelpers, role: string, options: any[] | undefined, attrs: RoleAttribute[], revoke: boolean): void {
  const span = h.statementSpan;
  const add = (a: RoleAttribute): void => {
    if (!attrs.includes(a)) attrs.push(a);
  };
  const drop = (a: RoleAttribute): void => {
    const i = attrs.indexOf(a);
    if (i >= 0) attrs.splice(i, 1);
  };
  if (!options) return;
  for (const o of options) {
    const d = o?.DefElem;
    if (!d) continue;
    const on = boolArg(d.arg);
    switch (d.defname) {
      case 'superuser':
        if (on) add('superuser');
        else add('nosuperuser');
        break;
      case 'createrole':
      case 'createdb':
      case 'bypassrls':
      case 'inherit':
        if (on) add(d.defname);
        else drop(d.defname);
        break;
      case 'isreplication':
        if (on) add('replication');
        else drop('replication');
        break;
      case 'canlogin':
        if (on) add('login');
        else drop('login');
        break;
      case 'password':
        // PASSWORD NULL removes it
        if (d.arg !== undefined && d.arg !== null) add('password');
        break;
      case 'addroleto': // IN ROLE a, b: the new role joins a and b
        membership(h, span, 'grant_role', roleList(d.arg?.List?.items), [role], false);
        break;
      case 'rolemembers': // ROLE x / ALTER GROUP g ADD USER x: x joins this role
        membership(h, span, revoke ? 'revoke_role' : 'grant_role', [role], roleList(d.arg?.List?.items), false);
        break;
      case 'adminmembers':
        membership(h, span, 'grant_role', [role], roleList(d.arg?.List?.items), true);
        break;
    }
  }
}

function extractCreateRole(node: any, h: PgHelpers): void {
  const role = String(node.role ?? '').toLowerCase();
  const span = h.statementSpan;
  // CREATE USER is CREATE ROLE ... LOGIN
  const attributes: RoleAttribute[] = node.stmt_type === 'ROLESTMT_USER' ? ['login'] : [];
  roleOptions(h, role, node.options, attributes, false);
  addAction(h, 'create_role', role, span);
  h.out.roles.push({ kind: 'role', span, operation: 'create_role', role, attributes });
}

function extractAlterRole(node: any, h: PgHelpers): void {
  const role = node.role ? roleName(node.role) : 'all';
  const span = h.statementSpan;
  const attributes: RoleAttribute[] = [];
  roleOptions(h, role, node.options, attributes, node.action === -1);
  addAction(h, 'alter_role', role, span);
  h.out.roles.push({ kind: 'role', span, operation: 'alter_role', role, attributes });
}

function extractDropRole(node: any, h: PgHelpers): void {
  const span = h.statementSpan;
  for (const r of (node.roles ?? []) as any[]) {
    const role = roleName(r);
    addAction(h, 'drop_role', role, span);
    h.out.roles.push({ kind: 'role', span, operation: 'drop_role', role, attributes: [] });
  }
}

/** SET ROLE / RESET ROLE / SET SESSION AUTHORIZATION; any other SET is the walker's. */
function extractSetRole(node: any, h: PgHelpers): boolean {
  const name: string | undefined = node.name;
  if (name !== 'role' && name !== 'session_authorization') return false;
  const operation = name === 'role' ? 'set_role' : 'set_session_authorization';
  const span = node.location !== undefined && node.location >= 0 ? h.span(node.location) : h.statementSpan;
  let role: string;
  if (node.kind === 'VAR_SET_VALUE') {
    const c = node.args?.[0]?.A_Const;
    role = String(c?.sval?.sval ?? c?.ival?.ival ?? '').toLowerCase();
  } else {
    // RESET ROLE is SET ROLE NONE; SET SESSION AUTHORIZATION DEFAULT / RESET go back to the login role
    role = name === 'role' ? 'none' : 'default';
  }
  addAction(h, operation, role, span);
  h.out.roles.push({ kind: 'role', span, operation, role, attributes: [] });
  return true;
}

function extractDefaultPrivileges(node: any, h: PgHelpers): void {
  const span = h.statementSpan;
  const a = node.action ?? {};
  let schemas: string[] = [];
  for (const o of (node.options ?? []) as any[]) {
    const d = o?.DefElem;
    if (d?.defname === 'schemas') schemas = nameParts(d.arg?.List?.items);
  }
  addAction(h, 'alter_default_privileges', schemas[0] ?? null, span);
  h.out.privileges.push({
    kind: 'privilege',
    span,
    operation: 'alter_default_privileges',
    privileges: privilegeNames(a.privileges),
    objectType: objectTypeName(a.objtype),
    objects: schemas,
    grantees: roleList(a.grantees),
    withGrantOption: a.grant_option === true,
    // GRANT and REVOKE share the operation: `is_grant` tells them apart (absent when false)
    revoke: a.is_grant !== true,
  });
}

function extractPolicy(node: any, h: PgHelpers, op: 'create_policy' | 'alter_policy'): void {
  const rv = node.table ?? {};
  const q = h.qualify(rv);
  const span = spanAt(h, rv.location);
  if (node.qual) h.walkExpr(node.qual);
  if (node.with_check) h.walkExpr(node.with_check);
  addAction(h, op, q.name, span);
  addTable(h, q, ['ddl'], span);
  addDdl(h, op, q.name, span, {
    createdInFile: h.createdInFile(q.name),
    lock: STATEMENT_LOCKS.policy,
    objectName: node.policy_name ?? null,
  });
}

function extractAlterOwner(node: any, h: PgHelpers): void {
  const span = h.statementSpan;
  const rv = node.relation;
  let target: string | null = null;
  if (rv) {
    const q = h.qualify(rv);
    target = q.name;
    addTable(h, q, ['ddl'], spanAt(h, rv.location));
  } else {
    target = objectName(h, node.object)?.name ?? null;
  }
  addAction(h, 'alter_owner', target, span);
  addDdl(h, 'alter_owner', target, span, {
    createdInFile: target ? h.createdInFile(target) : false,
    lock: rv ? 'ACCESS EXCLUSIVE' : 'NONE',
    objectName: roleName(node.newowner),
  });
}

/** Fills `h.out` for a privilege-related node; false for anything else (including a SET that is
 * not SET ROLE / SET SESSION AUTHORIZATION). */
export function extractPrivilege(nodeType: string, node: any, h: PgHelpers): boolean {
  switch (nodeType) {
    case 'GrantStmt':
      extractGrant(node, h);
      return true;
    case 'GrantRoleStmt':
      extractGrantRole(node, h);
      return true;
    case 'CreateRoleStmt':
      extractCreateRole(node, h);
      return true;
    case 'AlterRoleStmt':
      extractAlterRole(node, h);
      return true;
    case 'AlterRoleSetStmt': {
      const role = node.role ? roleName(node.role) : 'all';
      addAction(h, 'alter_role', role, h.statementSpan);
      h.out.roles.push({ kind: 'role', span: h.statementSpan, operation: 'alter_role', role, attributes: [] });
      return true;
    }
    case 'DropRoleStmt':
      extractDropRole(node, h);
      return true;
    case 'VariableSetStmt':
      return extractSetRole(node, h);
    case 'AlterDefaultPrivilegesStmt':
      extractDefaultPrivileges(node, h);
      return true;
    case 'AlterSystemStmt': {
      const s = node.setstmt ?? {};
      addAction(h, 'alter_system', s.name ?? null, h.statementSpan);
      return true;
    }
    case 'CreatePolicyStmt':
      extractPolicy(node, h, 'create_policy');
      return true;
    case 'AlterPolicyStmt':
      extractPolicy(node, h, 'alter_policy');
      return true;
    case 'AlterOwnerStmt':
      extractAlterOwner(node, h);
      return true;
    default:
      return false;
  }
}
