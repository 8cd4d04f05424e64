import { readFileSync } from "node:fs";
import preact from "@preact/preset-vite";
import { defineConfig } from "vitest/config";

// Hashed file names under /assets/ (served immutable); index.html stays unhashed and is
// served uncached by Kring with the Content-Security-Policy.
export default defineConfig({
  plugins: [
    preact(),
    {
      // The server serves index.html at exactly the app's routes: it reads them from here.
      name: "kring-routes",
      generateBundle() {
        const routes = JSON.parse(readFileSync("src/core/routes.json", "utf8")) as unknown;
        this.emitFile({ type: "asset", fileName: "routes.json", source: JSON.stringify(routes) });
      },
    },
    {
      // The server runs the documents the app sends by hash from this manifest (the code
      // generator's, written at every build), so the hashes always match the build.
      name: "kring-persisted-documents",
      generateBundle() {
        const source = readFileSync("src/gql/persisted-documents.json", "utf8");
        this.emitFile({ type: "asset", fileName: "persisted-documents.json", source });
      },
    },
  ],
  build: {
    outDir: "dist",
    assetsDir: "assets",
    sourcemap: true,
    // No inline <script> or module preload polyfill: the CSP allows scripts from 'self' only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  test: {
    include: ["src/**/*.test.ts"],
  },
});
