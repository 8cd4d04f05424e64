import { defineConfig } from "vite";

// The service worker, built on its own into one classic script (browsers do not all run
// module service workers), at the root so that its scope is the whole app.
export default defineConfig({
  build: {
    outDir: "dist",
    emptyOutDir: false,
    sourcemap: true,
    lib: {
      entry: "src/sw.ts",
      formats: ["iife"],
      name: "kringServiceWorker",
      fileName: () => "sw.js",
    },
  },
});
