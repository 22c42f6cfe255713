// The CLI commands compared side by side. A weft case with `probe` runs only when
// `weft <probe> --help` succeeds, so commands still being built elsewhere show as
// "not available in this build" instead of failing or being faked.

const ALL_CASES = [
  { id: 'version', label: '`--version`', weft: ['--version'], openclaw: ['--version'] },
  { id: 'help', label: '`--help`', weft: ['--help'], openclaw: ['--help'] },
  {
    id: 'security-audit',
    label: '`security audit`',
    weft: ['security', 'audit'],
    probe: ['security', 'audit'],
    openclaw: ['security', 'audit'],
    // Findings may set a non-zero exit (1 failure-level, 8 blocked); a crash or usage error still fails.
    weftOk: [0, 1, 8],
    slow: true,
  },
  {
    id: 'skill-list',
    label: '`skill list` (OpenClaw: `skills list`)',
    weft: ['skill', 'list'],
    probe: ['skill', 'list'],
    openclaw: ['skills', 'list'],
    slow: true,
  },
];

/** BENCH_CASES=version,skill-list limits a run to some cases (e.g. to re-measure one command). */
export const CLI_CASES = process.env.BENCH_CASES
  ? ALL_CASES.filter((c) => process.env.BENCH_CASES.split(',').includes(c.id))
  : ALL_CASES;
