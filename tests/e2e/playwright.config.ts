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
// A third, for the journeys run again at phone width: a database of their own, so that they find the
// demo as it starts and change nothing the desktop journeys running beside them rely on.
process.env.E2E_PHONE_PORT ??= freePort();
// The demo users' password in this run's throwaway database.
process.env.E2E_PASSWORD ??= "e2e-demo-password";
const baseURL = `http://127.0.0.1:${process.env.E2E_PORT}`;
const phoneURL = `http://127.0.0.1:${process.env.E2E_PHONE_PORT}`;

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
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // Debian's chromium: Playwright's own browser download cannot work on these machines.
      executablePath: "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [{
    name: "desktop",
    grepInvert: /@phone-only/,
    use: { viewport: { width: 1280, height: 900 } },
  }, {
    // The journeys tagged @phone again at a phone's width (390 × 844 CSS pixels, as an iPhone 12 to 15):
    // every page with a table, none scrolling sideways (checkPage), axe at zero. The layout depends only
    // on the CSS pixels. Not Chromium's mobile emulation (`isMobile`): after a page focuses its banner it
    // leaves the visual viewport offset from the layout one, and Playwright's clicks then land on the
    // wrong row; nor a device pixel ratio above 1, which only makes the screenshots bigger.
    name: "phone",
    grep: /@phone/,
    outputDir: path.join(root, "test-results/e2e-phone"),
    use: { baseURL: phoneURL, viewport: { width: 390, height: 844 } },
  }],
  webServer: [{
    command: `bash ${path.join(__dirname, "serve-demo.sh")}`,
    url: `${baseURL}/api/v1/ready`,
    env: { PORT: process.env.E2E_PORT, E2E_PASSWORD: process.env.E2E_PASSWORD },
    reuseExistingServer: false,
    timeout: 60_000,
    // SIGTERM, not the default SIGKILL, so the script removes its temporary database.
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
  }, {
    command: `bash ${path.join(__dirname, "serve-demo.sh")}`,
    url: `${phoneURL}/api/v1/ready`,
    env: { PORT: process.env.E2E_PHONE_PORT, E2E_PASSWORD: process.env.E2E_PASSWORD,
      E2E_SERVER_LOG: path.join(root, "test-results/e2e-phone-server.log") },
    reuseExistingServer: false,
    timeout: 60_000,
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
