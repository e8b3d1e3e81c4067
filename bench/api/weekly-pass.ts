// Times the weekly pass (weeklyJoinsByMode computed from the census, as publishing stores it) and a day's
// summary, for a checkout of fedicensus given by path, so two versions can be compared on one census.
//
// Usage: npx tsx bench/api/weekly-pass.ts CHECKOUT CENSUS.duckdb   (e.g. . bench/out/census.duckdb)
import path from 'node:path';

const [mod, db] = [path.resolve(process.argv[2]!), process.argv[3]!];
const { openReadOnlyDb } = await import(`${mod}/api/db.ts`);
const { weeklyJoinsByMode } = await import(`${mod}/api/metrics/weekly.ts`);
const { summaryForDay, latestDay } = await import(`${mod}/api/metrics/summary.ts`);
const d = await openReadOnlyDb(db, 1);
const times: number[] = [];
for (let i = 0; i < 3; i++) { const t = performance.now(); const r = await weeklyJoinsByMode(d); times.push(performance.now() - t); if (i === 0) console.log('rows', r.exclude.length); }
const day = await latestDay(d);
const st: number[] = [];
for (let i = 0; i < 5; i++) { const t = performance.now(); await summaryForDay(d, day); st.push(performance.now() - t); }
console.log(mod, 'weekly pass ms', times.map((x) => x.toFixed(0)).join(' '), '| summary ms', st.map((x) => x.toFixed(0)).join(' '));
d.close();
