#!/usr/bin/env node
// `npm test`: make sure the simulated fediverse's test CA exists, then run vitest with Node trusting it
// through NODE_EXTRA_CA_CERTS, the same mechanism an operator uses (Node reads it only at start-up).
import { spawnSync } from 'node:child_process';
import { register } from 'tsx/esm/api';

register();
const { ensureSimCa } = await import('../sim/ca.ts');
const ca = await ensureSimCa();
const args = ['vitest', 'run', ...process.argv.slice(2)];
const result = spawnSync('npx', args, {
  stdio: 'inherit',
  env: { ...process.env, NODE_EXTRA_CA_CERTS: ca.certPath },
});
process.exit(result.status ?? 1);
