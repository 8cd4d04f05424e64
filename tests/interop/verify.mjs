// Verifies a Kring credential's eddsa-rdfc-2022 proof with Digital Bazaar's
// independent JavaScript stack, entirely offline.
//
//   node verify.mjs <credential.json> <did-document.json>
//
// Prints one JSON line, {"verified": true|false, "error": null|"..."}, and exits
// 0 when the credential verifies, 1 when it does not, 2 on a usage error.
//
// The only documents it can load are the JSON-LD contexts Kring bundles in
// badges/contexts/ and the DID (controller) document given on the command line,
// with its verification methods; anything else is refused, never fetched.
import {readFileSync} from 'node:fs';

import {makeDocumentLoader} from './loader.mjs';
import {verifyOffline} from './verifier.mjs';

class UsageError extends Error {}

function report(verified, error, code) {
  process.stdout.write(JSON.stringify({verified, error}) + '\n');
  process.exitCode = code;
}

function readJson(path, what) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch(e) {
    throw new UsageError(`Cannot read the ${what} ${path}: ${e.message}`);
  }
  try {
    return JSON.parse(text);
  } catch(e) {
    throw new UsageError(`The ${what} ${path} is not JSON: ${e.message}`);
  }
}

function loaderFor(didDocument) {
  if(typeof didDocument?.id !== 'string') {
    throw new UsageError('The DID document has no "id".');
  }
  return makeDocumentLoader([didDocument]);
}

function describe(error) {
  if(!error) {
    return 'The credential did not verify.';
  }
  const errors = Array.isArray(error) ? error :
    Array.isArray(error.errors) ? error.errors : [error];
  return errors.map(e => e?.message ?? String(e)).join('; ');
}

async function main(args) {
  if(args.length !== 2) {
    throw new UsageError(
      'usage: node verify.mjs <credential.json> <did-document.json>');
  }
  const credential = readJson(args[0], 'credential');
  const didDocument = readJson(args[1], 'DID document');
  const documentLoader = loaderFor(didDocument);
  const result = await verifyOffline(credential, documentLoader);
  if(result.verified) {
    report(true, null, 0);
  } else {
    report(false, describe(result.error ?? result.results?.[0]?.error), 1);
  }
}

try {
  await main(process.argv.slice(2));
} catch(e) {
  if(e instanceof UsageError) {
    report(false, e.message, 2);
  } else {
    report(false, e?.message ?? String(e), 1);
  }
}
