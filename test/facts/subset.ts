// "Expected is a subset of actual", as docs/facts.md defines it for its examples: objects match
// on the keys they list; arrays of objects match element by element in any order (each expected
// element against a different actual one); `[]` must be empty; arrays of scalars must hold the
// same values in any order. Returns the mismatches, as paths, for a readable failure.
export function subsetMismatches(expected: unknown, actual: unknown, path = '$'): string[] {
  if (expected === null || typeof expected !== 'object') {
    return Object.is(expected, actual) ? [] : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${JSON.stringify(actual)}`];
    if (expected.length === 0) return actual.length === 0 ? [] : [`${path}: expected [], got ${actual.length} elements`];
    if (expected.every((e) => e === null || typeof e !== 'object')) {
      const a = [...actual].map((v) => JSON.stringify(v)).sort();
      const e = [...expected].map((v) => JSON.stringify(v)).sort();
      return JSON.stringify(a) === JSON.stringify(e) ? [] : [`${path}: expected [${e.join(', ')}] in any order, got [${a.join(', ')}]`];
    }
    return matchElements(expected, actual, path);
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual))
    return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
  const out: string[] = [];
  for (const [k, v] of Object.entries(expected)) {
    if (!(k in actual)) out.push(`${path}.${k}: missing`);
    else out.push(...subsetMismatches(v, (actual as Record<string, unknown>)[k], `${path}.${k}`));
  }
  return out;
}

/** Each expected element needs its own matching actual element (a small bipartite matching). */
function matchElements(expected: unknown[], actual: unknown[], path: string): string[] {
  const candidates = expected.map((e) => actual.map((a, j) => (subsetMismatches(e, a).length === 0 ? j : -1)).filter((j) => j >= 0));
  const owner = new Map<number, number>();
  const assign = (i: number, seen: Set<number>): boolean => {
    for (const j of candidates[i]) {
      if (seen.has(j)) continue;
      seen.add(j);
      const current = owner.get(j);
      if (current === undefined || assign(current, seen)) {
        owner.set(j, i);
        return true;
      }
    }
    return false;
  };
  const out: string[] = [];
  expected.forEach((e, i) => {
    if (assign(i, new Set())) return;
    // explain with the closest actual element
    let best: string[] | null = null;
    for (const a of actual) {
      const m = subsetMismatches(e, a, `${path}[?]`);
      if (!best || m.length < best.length) best = m;
    }
    out.push(`${path}: no element matches ${JSON.stringify(e)}${best ? ` (closest: ${best.join('; ')})` : ' (array is empty)'}`);
  });
  return out;
}
