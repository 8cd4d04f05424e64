// Digital Bazaar's verification of one eddsa-rdfc-2022 credential, offline, with the options
// both verifiers (verify.mjs, verify_many.mjs) use.
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import jsonld from 'jsonld';

// Nothing may fall back to jsonld's default (network) loader.
jsonld.documentLoader = async url => {
  throw new Error(`Refusing to fetch ${url}: verification is offline.`);
};

export function verifyOffline(credential, documentLoader) {
  return vc.verifyCredential({
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
}
