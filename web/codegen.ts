// Every GraphQL document the app sends is typed from the committed SDL; a document that no
// longer matches the schema fails here, in `make test` and in the build.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "../server/graphql/schema.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/gql/**"],
  ignoreNoDocuments: true,
  generates: {
    "src/gql/": {
      preset: "client",
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        // Documents ship as strings: no GraphQL library in the browser bundle.
        documentMode: "string",
        scalars: { DateTime: "string", JSON: "unknown" },
      },
      presetConfig: {
        fragmentMasking: false,
        // Each document's SHA-256 beside its text, and src/gql/persisted-documents.json (hash ->
        // text), which the build puts in dist/ for the server: the app sends hashes, not text.
        persistedDocuments: true,
      },
    },
  },
};

export default config;
