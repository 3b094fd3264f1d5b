// Test diagrams made here, so the tests need no files from elsewhere.

/** The decision flow of the Eventlet guide's "Preparing for Migration" page. */
export const SEED = `graph TD;
    A[Start] --> B{Condition?};
    B -- Yes --> C[Do something];
    B -- No --> D[Do something else];
    C --> E[End];
    D --> E;
`;

const WORDS = ['fetch', 'parse', 'build', 'sign', 'deploy', 'cache', 'verify', 'merge', 'route', 'encode', 'flush', 'sort', 'scan', 'emit', 'sync', 'render'];

/** Mulberry32: a small seeded generator, the same numbers on every machine. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A random layered flowchart of `nodes` nodes and about 1.5 edges a node,
 * shaped like the shared layout corpus's rand_NNNN graphs: about
 * 1.2 * sqrt(nodes) layers of uneven width; every node has a parent in the
 * layer above and a child in the layer below; then long edges skipping 2-4
 * layers (12%), back edges closing cycles (5%) and edges between adjacent
 * layers. One node in ten is a decision, one edge in twenty has a label.
 */
export function randomFlowchart(nodes, seed = 1) {
  const next = random(seed);
  const below = (n) => Math.floor(next() * n);
  const pick = (list) => list[below(list.length)];
  const layerCount = Math.max(2, Math.round(1.2 * Math.sqrt(nodes)));
  const weights = Array.from({ length: layerCount }, () => 0.5 + next());
  const total = weights.reduce((a, b) => a + b, 0);
  const layers = [];
  let id = 0;
  for (let l = 0; l < layerCount; l++) {
    const width = l === layerCount - 1 ? nodes - id : Math.max(1, Math.min(nodes - id - (layerCount - 1 - l), Math.round((weights[l] / total) * nodes)));
    layers.push(Array.from({ length: width }, () => id++));
  }
  const edges = new Map(); // "a b" -> [a, b], in the order made
  const join = (a, b) => a !== b && !edges.has(`${a} ${b}`) && !edges.has(`${b} ${a}`) && edges.set(`${a} ${b}`, [a, b]);
  for (let l = 1; l < layerCount; l++) for (const n of layers[l]) join(pick(layers[l - 1]), n);
  for (let l = 0; l < layerCount - 1; l++) {
    const parents = new Set([...edges.values()].map(([a]) => a));
    for (const n of layers[l]) if (!parents.has(n)) join(n, pick(layers[l + 1]));
  }
  const wanted = Math.round(1.5 * nodes);
  for (let k = 0; k < 0.12 * wanted && layerCount > 2; k++) {
    const from = below(layerCount - 2);
    join(pick(layers[from]), pick(layers[Math.min(layerCount - 1, from + 2 + below(3))]));
  }
  for (let k = 0; k < 0.05 * wanted; k++) {
    const from = 1 + below(layerCount - 1);
    join(pick(layers[from]), pick(layers[Math.max(0, from - 1 - below(3))]));
  }
  for (let tries = 0; edges.size < wanted && tries < 10 * wanted; tries++) {
    const from = below(layerCount - 1);
    join(pick(layers[from]), pick(layers[from + 1]));
  }
  const layerOf = new Map(layers.flatMap((layer, l) => layer.map((n) => [n, l])));
  const label = () => Array.from({ length: 1 + below(3) }, () => pick(WORDS)).join(' ');
  const declared = new Set();
  const node = (n) => {
    if (declared.has(n)) return `n${n}`;
    declared.add(n);
    return next() < 0.1 ? `n${n}{${label()}}` : `n${n}[${label()}]`;
  };
  const lines = ['graph TD'];
  const ordered = [...edges.values()].sort(([a], [b]) => layerOf.get(a) - layerOf.get(b));
  for (const [a, b] of ordered) {
    const arrow = next() < 0.05 ? `-->|${pick(['yes', 'no', 'next', 'retry'])}|` : '-->';
    lines.push(`    ${node(a)} ${arrow} ${node(b)}`);
  }
  return lines.join('\n') + '\n';
}
