import { defineConfig } from "vite";

// Static files for `parley serve`, which embeds web/dist into the binary. Relative asset paths
// and no public/ copying keep the output small and location-independent.
export default defineConfig({
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: false,
    chunkSizeWarningLimit: 400,
  },
});
