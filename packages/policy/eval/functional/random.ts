/** A small seeded generator (mulberry32 over an FNV-1a hash of the seed): the suites are the same on every run. */
export interface Random {
  /** 0 ≤ n < max */
  int(max: number): number;
  pick<T>(values: readonly T[]): T;
}

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function seeded(seed: string): Random {
  let state = hash(seed);
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const random: Random = {
    int: (max) => Math.floor(next() * max),
    pick: (values) => {
      if (values.length === 0) throw new Error("pick from an empty list");
      return values[random.int(values.length)] as (typeof values)[number];
    },
  };
  return random;
}
