import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatPolicyFile, printPolicyFile } from '../../compiler/format.js';
import { parsePolicyFile } from '../../compiler/parse-file.js';
import { fileArb } from './front-arbitraries.js';

const messy = `# head comment

tag pii on users.email,users.ssn # after the tag
policy   p{ # after the header
description "d"
  rule r { category lock
     when (statement.index == 1 or statement.writes) and
       # inside the condition
       statement.reads
     deny "x {statement.text}"   # after the effect

  }
  # before the closing brace
}
test "t" { sql "x" principal { kind agent } expect deny fired [p.r] }
# at the end`;

const canonical = `# head comment

tag pii on users.email, users.ssn # after the tag

policy p { # after the header
  description "d"
  rule r {
    category lock
    # inside the condition
    when (statement.index == 1 or statement.writes) and statement.reads
    deny "x {statement.text}" # after the effect
  }
  # before the closing brace
}

test "t" {
  sql "x"
  principal { kind agent }
  expect deny fired [p.r]
}

# at the end
`;

describe('formatPolicyFile', () => {
  it('prints the canonical layout and keeps every comment', () => {
    const r = formatPolicyFile(messy, 'm.hoop');
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toBe(canonical);
    expect(formatPolicyFile(canonical).value).toBe(canonical);
  });

  it('keeps a trailing comment with the last item of its line', () => {
    expect(formatPolicyFile('policy p { rule r { category lock when true deny # why\n } }\n').value).toBe('policy p {\n  rule r {\n    category lock\n    when true\n    deny # why\n  }\n}\n');
  });

  it('keeps single blank lines between items and drops the rest', () => {
    const text = 'policy p {\n  rule a {\n    category lock\n\n\n    when true\n    deny\n  }\n\n\n\n  rule b {\n    category lock\n    when true\n    deny\n  }\n}\n';
    expect(formatPolicyFile(text).value).toBe('policy p {\n  rule a {\n    category lock\n\n    when true\n    deny\n  }\n\n  rule b {\n    category lock\n    when true\n    deny\n  }\n}\n');
  });

  it('removes redundant parentheses and writes the needed and the clarifying ones', () => {
    const text = 'policy p { rule r { when ((statement.reads)) and (statement.writes or statement.isDdl) and not (statement.index == 1) and (any a in statement.actions where a.nested) and statement.returning deny } }';
    expect(formatPolicyFile(text).value).toContain('when statement.reads and (statement.writes or statement.isDdl) and not (statement.index == 1) and (any a in statement.actions where a.nested) and statement.returning\n');
    const mixed = 'policy p { rule r { when statement.reads and statement.writes or not statement.isDdl or any a in statement.actions where a.nested deny } }';
    expect(formatPolicyFile(mixed).value).toContain('when (statement.reads and statement.writes) or not statement.isDdl or (any a in statement.actions where a.nested)\n');
  });

  it('prints keywords that are enum values as values, stably', () => {
    const text = 'policy p { rule r { category style when any p in statement.patterns where (p.operator in [like,ilike]) and p.operator!=like and (like like "l*") and statement.limit==all warn } }';
    const r = formatPolicyFile(text, 'k.hoop');
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toContain('    when any p in statement.patterns where p.operator in [like, ilike] and p.operator != like and like like "l*" and statement.limit == all\n');
    expect(formatPolicyFile(r.value, 'k.hoop').value).toBe(r.value);
  });

  it('prints `assumeInTransaction` in place, keeps its comments and is idempotent', () => {
    const text = 'test "t" { sql "CREATE INDEX i ON t (a)" # the file\n  # the tool wraps it\n      assumeInTransaction   always # dbmate\n expect deny }\ntest "u" { assumeInTransaction false sql "x" expect allow }\n';
    const r = formatPolicyFile(text, 'a.hoop');
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toBe('test "t" {\n  sql "CREATE INDEX i ON t (a)" # the file\n  # the tool wraps it\n  assumeInTransaction always # dbmate\n  expect deny\n}\n\ntest "u" {\n  assumeInTransaction false\n  sql "x"\n  expect allow\n}\n');
    expect(formatPolicyFile(r.value, 'a.hoop').value).toBe(r.value);
  });

  it('refuses files with errors and returns them unchanged', () => {
    const bad = 'policy p { rule r { when ( deny } }';
    const r = formatPolicyFile(bad, 'bad.hoop');
    expect(r.value).toBe(bad);
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics[0]).toMatchObject({ code: 'policy/syntax', file: 'bad.hoop' });
    const unknown = 'policy p { wat 1 }';
    expect(formatPolicyFile(unknown).value).toBe(unknown);
  });

  it('is idempotent and keeps every comment over generated policies with comments (property)', () => {
    const withComments = fc.tuple(fileArb, fc.array(fc.tuple(fc.nat(), fc.boolean(), fc.string({ maxLength: 8 }).map((s) => s.replace(/[\r\n]/g, ''))), { maxLength: 6 }));
    fc.assert(
      fc.property(withComments, ([ast, comments]) => {
        const lines = printPolicyFile(ast, '').split('\n');
        comments.forEach(([at, own, text], i) => {
          const n = lines.length === 0 ? 0 : at % lines.length;
          if (own || lines[n] === '') lines.splice(n, 0, `# c${i} ${text}`);
          else lines[n] += ` # c${i} ${text}`;
        });
        const text = lines.join('\n');
        const expected = parsePolicyFile(text, 'g.hoop').value.comments.map((c) => c.text.trimEnd());
        const once = formatPolicyFile(text, 'g.hoop');
        expect(once.diagnostics).toEqual([]);
        const twice = formatPolicyFile(once.value, 'g.hoop');
        expect(twice.value).toBe(once.value);
        expect(parsePolicyFile(once.value, 'g.hoop').value.comments.map((c) => c.text)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});
