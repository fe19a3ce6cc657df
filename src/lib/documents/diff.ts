/** A row of a side-by-side comparison: left is the older text, right the newer. */
export interface DiffRow {
  kind: 'same' | 'changed' | 'removed' | 'added';
  left: string | null;
  right: string | null;
}

// Beyond this many differing lines per side the table would be unreadable anyway; show them as replaced.
const MAX_LCS_LINES = 2000;

function splitLines(text: string): string[] {
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
}

/** Line-based comparison (longest common subsequence), paired for side-by-side display. */
export function diffLines(older: string, newer: string): DiffRow[] {
  const a = splitLines(older);
  const b = splitLines(newer);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) endA--, endB--;

  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const ops: { op: 'same' | 'del' | 'ins'; line: string }[] = [];
  if (midA.length <= MAX_LCS_LINES && midB.length <= MAX_LCS_LINES) {
    const n = midA.length;
    const m = midB.length;
    const lcs = new Uint32Array((n + 1) * (m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * (m + 1) + j] = midA[i] === midB[j] ? lcs[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && midA[i] === midB[j]) ops.push({ op: 'same', line: midA[i++]! }), j++;
      // On a tie delete first, so a replaced line pairs up as "changed".
      else if (i < n && (j === m || lcs[(i + 1) * (m + 1) + j]! >= lcs[i * (m + 1) + j + 1]!)) ops.push({ op: 'del', line: midA[i++]! });
      else ops.push({ op: 'ins', line: midB[j++]! });
    }
  } else {
    for (const line of midA) ops.push({ op: 'del', line });
    for (const line of midB) ops.push({ op: 'ins', line });
  }

  const rows: DiffRow[] = a.slice(0, start).map((line) => ({ kind: 'same', left: line, right: line }));
  // Pair a run of deletions with the following run of insertions as changed lines.
  for (let k = 0; k < ops.length; ) {
    const op = ops[k]!;
    if (op.op === 'same') {
      rows.push({ kind: 'same', left: op.line, right: op.line });
      k++;
      continue;
    }
    const dels: string[] = [];
    const ins: string[] = [];
    while (k < ops.length && ops[k]!.op === 'del') dels.push(ops[k++]!.line);
    while (k < ops.length && ops[k]!.op === 'ins') ins.push(ops[k++]!.line);
    for (let x = 0; x < Math.max(dels.length, ins.length); x++) {
      const left = dels[x] ?? null;
      const right = ins[x] ?? null;
      rows.push({ kind: left !== null && right !== null ? 'changed' : left !== null ? 'removed' : 'added', left, right });
    }
  }
  for (const line of a.slice(endA)) rows.push({ kind: 'same', left: line, right: line });
  return rows;
}
