import { defineConfig } from "@playwright/test";
import { execFileSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(__dirname, "../..");

// A free loopback port, chosen once per run: Playwright's workers inherit it through the environment.
const python = path.join(root, ".venv/bin/python");
const freePort = () => execFileSync(python, ["-c",
  "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"]).toString().trim();
process.env.E2E_PORT ??= freePort();
// A second demo backend that signs in with a council identity provider (sign-in-council.spec.ts).
process.env.E2E_OIDC_PORT ??= freePort();
// The demo users' password in this run's throwaway database.
process.env.E2E_PASSWORD ??= "e2e-demo-password";
const baseURL = `http://127.0.0.1:${process.env.E2E_PORT}`;

export default defineConfig({
  testDir: ".",
  outputDir: path.join(root, "test-results/e2e"),
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  use: {
    baseURL,
    viewport: { width: 1280, height: 900 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // Debian's chromium: Playwright's own browser download cannot work on these machines.
      executablePath: "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  webServer: [{
    command: `bash ${path.join(__dirname, "serve-demo.sh")}`,
    url: `${baseURL}/api/v1/ready`,
    env: { PORT: process.env.E2E_PORT, E2E_PASSWORD: process.env.E2E_PASSWORD },
    reuseExistingServer: false,
    timeout: 60_000,
    // SIGTERM, not the default SIGKILL, so the script removes its temporary database.
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
  }, {
    command: `${python} ${path.join(__dirname, "serve-oidc.py")}`,
    url: `http://127.0.0.1:${process.env.E2E_OIDC_PORT}/api/v1/ready`,
    env: { PORT: process.env.E2E_OIDC_PORT, E2E_PASSWORD: process.env.E2E_PASSWORD,
      E2E_SERVER_LOG: path.join(root, "test-results/e2e-oidc-server.log") },
    reuseExistingServer: false,
    timeout: 60_000,
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
  }],
});
