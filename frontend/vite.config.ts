import { createLogger } from "vite";
import { defineConfig } from "vitest/config";

// The API the dev server and `vite preview` pass /api/ to, so the SPA stays same-origin as in production.
const api = process.env.ACTIONPLAN_API_URL ?? "http://127.0.0.1:8000";

// GOV.UK Frontend still ships an IE 9–11 hack, `@media … (min-width: 0\0)`, which lightningcss can only
// drop (errorRecovery below). Dropping it is right for today's browsers: say nothing about it on every build.
const logger = createLogger();
const warn = logger.warn;
logger.warn = (message, options) => {
  if (!(message.includes("[lightningcss minify] Invalid media query") && message.includes("min-width: 0"))) warn(message, options);
};

export default defineConfig({
  customLogger: logger,
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  css: { lightningcss: { errorRecovery: true } },
  server: { proxy: { "/api/": api } },
  preview: { proxy: { "/api/": api } },
  build: {
    target: "es2022",
    // Compiling GOV.UK Frontend's Sass takes ~3 s with the pure-JS `sass` (chosen because it installs
    // the same everywhere, Alpine's musl included): expected, not worth a timing report on every build.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  test: { include: ["src/**/*.test.ts"] },
});
