// How many times each measurement is repeated: the full run's count, or the smaller one of
// `npm run bench -- --quick` (every section still runs, on the same inputs, with fewer repetitions
// and one process for the check sections; figures for a quick look, not for the record).

export const QUICK = process.argv.includes('--quick');

export const reps = (full: number, quick: number): number => (QUICK ? quick : full);
