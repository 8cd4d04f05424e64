// Digital Bazaar's verifier over many credentials in one process, for `make bench`
// (tests/bench/verification.py): how many it verifies per CPU-second.
//
//   node verify_many.mjs <batch.json> <rounds>
//
// batch.json is {"credentials": [...], "documents": [...DID documents]}. Each credential's
// proof and the proof of every credential in its "endorsement" are verified, as Kring does,
// with the same offline document loader as verify.mjs (bundled contexts, the given DID
// documents, nothing fetched). After one warm-up pass it runs `rounds` passes and prints one
// JSON line: {"credentials", "proofs", "failed", "cpu_seconds", "wall_seconds"}.
import {readFileSync} from 'node:fs';

import {makeDocumentLoader} from './loader.mjs';
import {verifyOffline} from './verifier.mjs';

async function pass(credentials, documentLoader) {
  let proofs = 0;
  let failed = 0;
  for(const credential of credentials) {
    for(const document of [credential, ...(credential.endorsement ?? [])]) {
      proofs += 1;
      if(!(await verifyOffline(document, documentLoader)).verified) {
        failed += 1;
      }
    }
  }
  return {proofs, failed};
}

const [batchFile, roundsText] = process.argv.slice(2);
const batch = JSON.parse(readFileSync(batchFile, 'utf8'));
const rounds = Number(roundsText ?? '1');
const documentLoader = makeDocumentLoader(batch.documents);

await pass(batch.credentials, documentLoader);
const cpu = process.cpuUsage();
const started = process.hrtime.bigint();
let proofs = 0;
let failed = 0;
for(let round = 0; round < rounds; round++) {
  const counted = await pass(batch.credentials, documentLoader);
  proofs += counted.proofs;
  failed += counted.failed;
}
const used = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify({
  credentials: batch.credentials.length * rounds,
  proofs,
  failed,
  cpu_seconds: (used.user + used.system) / 1e6,
  wall_seconds: Number(process.hrtime.bigint() - started) / 1e9,
}) + '\n');
