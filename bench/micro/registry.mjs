// Registry of micro-benchmarks. To add one, create bench/micro/<area>.mjs that calls
// `registerMicro(...)` for each hot path, and add one import line to bench/micro/index.mjs.
// Benchmarks import the built modules from dist/ so they measure what ships.

const entries = [];

/**
 * @param {object} spec
 * @param {string} spec.id      stable id, `<area>.<what>` (e.g. `skills.parse`); baselines key on it
 * @param {string} spec.title   what one iteration does, for the table
 * @param {() => Promise<() => unknown>} spec.setup  builds inputs once; returns the function to time
 * @param {() => Promise<boolean>} [spec.available]  false when the module under test is not in this build
 */
export function registerMicro(spec) {
  if (entries.some((e) => e.id === spec.id)) throw new Error(`duplicate micro-benchmark id ${spec.id}`);
  entries.push(spec);
}

export const microBenchmarks = () => [...entries];
