// The offline document loader of both verifiers: the contexts Kring bundles and the DID
// documents given, nothing fetched.
import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const CONTEXTS_DIR = join(
  dirname(fileURLToPath(import.meta.url)), '..', '..', 'badges', 'contexts');

// The same URLs as CONTEXT_FILES in badges/jsonld.py.
export const CONTEXT_FILES = {
  'https://www.w3.org/ns/credentials/v2': 'credentials-v2.jsonld',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json':
    'ob-v3p0-3.0.3.json',
  'https://w3id.org/openbadges/v2': 'ob-v2p0.json',
  'https://w3id.org/security/data-integrity/v1': 'data-integrity-v1.jsonld',
  'https://w3id.org/security/data-integrity/v2': 'data-integrity-v2.jsonld',
  'https://w3id.org/security/multikey/v1': 'multikey-v1.jsonld',
  'https://www.w3.org/ns/did/v1': 'did-v1.jsonld',
  'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json':
    'clr-v2p0-2.0.1.json',
  'https://w3id.org/kring/micro-credential/v1': 'kring-micro-credential-v1.jsonld',
  'https://www.w3.org/2018/credentials/v1': 'credentials-v1.jsonld',
  'http://data.europa.eu/snb/model/context/edc-ap': 'edc-ap-context.jsonld',
};

export function makeDocumentLoader(didDocuments) {
  const documents = new Map();
  for(const [url, file] of Object.entries(CONTEXT_FILES)) {
    documents.set(url, JSON.parse(readFileSync(join(CONTEXTS_DIR, file), 'utf8')));
  }
  for(const didDocument of didDocuments) {
    documents.set(didDocument.id, didDocument);
    const methods = didDocument.verificationMethod ?? [];
    for(const method of Array.isArray(methods) ? methods : [methods]) {
      if(typeof method?.id === 'string') {
        // A verification method dereferenced on its own, in the DID document's
        // context (a fragment of that document).
        documents.set(method.id, {'@context': didDocument['@context'], ...method});
      }
    }
  }
  return async url => {
    if(!documents.has(url)) {
      throw new Error(`Refusing to load ${url}: it is not bundled or supplied.`);
    }
    return {
      contextUrl: null,
      documentUrl: url,
      // A copy, so no library can change what the next load returns.
      document: structuredClone(documents.get(url)),
    };
  };
}
