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

import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import jsonld from 'jsonld';

import {makeDocumentLoader} from './loader.mjs';

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
  // Nothing may fall back to jsonld's default (network) loader.
  jsonld.documentLoader = async url => {
    throw new Error(`Refusing to fetch ${url}: verification is offline.`);
  };

  const result = await vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({cryptosuite: eddsaRdfc2022}),
    // The default purpose, spelled out: the method must be an assertionMethod
    // of the issuer; the proof's `created` may be any time in the past (the
    // 1EdTech vector's is in 2010), as may `validFrom`, which is checked
    // against the current time.
    purpose: new vc.CredentialIssuancePurpose({maxTimestampDelta: Infinity}),
    documentLoader,
    // Status is deliberately not checked: it would need the network. The
    // library insists on a function when credentialStatus is present.
    checkStatus: async () => ({verified: true}),
  });
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
