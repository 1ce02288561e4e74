// Lines that coincide exactly (two variants a setting did not change) would hide all but the
// last drawn. Each group of equal lines is drawn dashed, the dashes of its members offset
// so their colours alternate along the one curve: both are seen, and the legend says so.

const DASH = 8;

/** lines: [{pts}] (any point arrays); sets line.dash (null or 'a b'), line.dashOffset and
 * line.sameAs (the labels' indices of the lines it coincides with). */
export function markIdentical(lines) {
  const groups = new Map();
  lines.forEach((l, i) => {
    const key = JSON.stringify(l.pts);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(i);
  });
  for (const members of groups.values()) {
    const n = members.length;
    members.forEach((i, k) => {
      const l = lines[i];
      l.dash = n > 1 ? `${DASH} ${DASH * (n - 1)}` : null;
      l.dashOffset = n > 1 ? -DASH * k : 0;
      l.sameAs = members.filter((j) => j !== i);
    });
  }
  return lines;
}
