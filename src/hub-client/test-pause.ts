/**
 * TEST-ONLY crash hook. With `WEFT_TEST_PAUSE_AT=<step>` (or `<step>:<slug>`)
 * set, the installer stops at that named step, prints
 * `weft-test: paused at <step> <slug>` on stderr and waits forever, so a test
 * can SIGKILL a real process at an exact point between two disk writes and
 * check that the next command repairs the workdir. Unset (always, outside the
 * crash tests) it costs one env lookup. Pausing only delays an install the
 * caller started; it never changes what is written.
 *
 * Steps: install `intent-written`, `staged`, `old-moved-aside`, `renamed`,
 * `dir-committed`, `lockfile-written`, `pinned`; remove `intent-written`,
 * `moved-aside`, `aside-deleted`, `lockfile-written`.
 */
export async function pauseForTest(step: string, slug: string): Promise<void> {
  const want = process.env.WEFT_TEST_PAUSE_AT;
  if (!want) return;
  const [wantStep, wantSlug] = want.split(':');
  if (wantStep !== step || (wantSlug && wantSlug !== slug)) return;
  process.stderr.write(`weft-test: paused at ${step} ${slug}\n`);
  await new Promise<never>(() => {
    setInterval(() => {}, 60_000);
  });
}
