// "Did you mean …" suggestions for misspelt keys and values.

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previousPrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, previousPrevious[j - 2] + 1);
      }
      current.push(best);
    }
    previousPrevious = previous;
    previous = current;
  }
  return previous[b.length];
}

/** Case, spaces, hyphens and underscores do not tell App Runner names apart for a human reader. */
function normalize(word: string): string {
  return word.toLowerCase().replace(/[\s_-]+/g, '');
}

/**
 * The candidate closest to `word`, if it is close enough to be a plausible typo: equal after
 * normalizing case and separators, or within an edit distance of about a third of its length.
 * Ties go to the later candidate: for runtimes, the newer major version of the language.
 */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  const wanted = normalize(word);
  if (wanted === '') return undefined;
  const exact = candidates.find((candidate) => normalize(candidate) === wanted);
  if (exact !== undefined) return exact;
  const limit = Math.max(1, Math.floor(wanted.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, normalize(candidate));
    if (distance <= bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
