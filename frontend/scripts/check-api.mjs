// Fails when src/api/schema.d.ts is not what `npm run gen:api` makes from ../openapi/openapi.json,
// so a changed API contract cannot reach the SPA without its types being regenerated and reviewed.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const committed = "src/api/schema.d.ts";
const dir = mkdtempSync(join(tmpdir(), "actionplan-api-"));
try {
  const fresh = join(dir, "schema.d.ts");
  execFileSync("node_modules/.bin/openapi-typescript", ["../openapi/openapi.json", "-o", fresh], { stdio: "ignore" });
  if (readFileSync(fresh, "utf8") !== readFileSync(committed, "utf8")) {
    console.error(`${committed} is stale: openapi/openapi.json changed. Run \`npm run gen:api\` in frontend/ and commit the result.`);
    process.exit(1);
  }
  console.log(`${committed} matches openapi/openapi.json.`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
