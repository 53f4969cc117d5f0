import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../auth/session", () => ({ readToken: () => "the-token" }));
const ended = vi.fn();
vi.mock("./client", () => ({ endSession: () => ended() }));

const { readAnswer, uploadEvidence, uploadForm, uploadUrl, UPLOAD_CANCELLED } = await import("./upload");

/** Just enough of XMLHttpRequest to see what is sent and to answer. */
class FakeRequest {
  method = "";
  url = "";
  headers: Record<string, string> = {};
  body: FormData | null = null;
  status = 0;
  responseText = "";
  upload: { onprogress: ((event: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  open(method: string, url: string) { this.method = method; this.url = url; }
  setRequestHeader(name: string, value: string) { this.headers[name] = value; }
  send(body: FormData) { this.body = body; }
  abort() { this.onabort?.(); }
  answer(status: number, body: unknown) { this.status = status; this.responseText = JSON.stringify(body); this.onload?.(); }
}

const created = { id: 9, title: "Audit summary", state: "submitted" };
let fake: FakeRequest;
const start = (fields = {}, progress: (f: number) => void = () => {}) =>
  uploadEvidence(4, { title: "Audit summary", ...fields }, progress, () => fake as unknown as XMLHttpRequest);

beforeEach(() => {
  fake = new FakeRequest();
  ended.mockClear();
});

describe("uploadUrl", () => {
  it("is the API's upload path for the action", () => {
    expect(uploadUrl(4)).toBe("/api/v1/actions/4/evidence");
  });
});

describe("uploadForm", () => {
  it("sends the file under its name and every field the user gave, booleans as the API reads them", () => {
    const file = new Blob(["%PDF-1.4"], { type: "application/pdf" });
    const form = uploadForm({ file, filename: "audit.pdf", title: "Audit", effective_on: "2019-01-31", contains_personal_data: false });
    expect([...form.keys()]).toEqual(["file", "title", "effective_on", "contains_personal_data"]);
    expect((form.get("file") as File).name).toBe("audit.pdf");
    expect(form.get("contains_personal_data")).toBe("false");
  });
  it("leaves out what was not given, so the API names the missing fields", () => {
    const form = uploadForm({ file: null, title: "", description: "", effective_on: undefined, contains_personal_data: null });
    expect([...form.keys()]).toEqual([]);
  });
});

describe("uploadEvidence", () => {
  it("posts to the action with the bearer token and reports progress up to the whole file", async () => {
    const seen: number[] = [];
    const upload = start({}, (f) => seen.push(f));
    expect(fake.method).toBe("POST");
    expect(fake.url).toBe("/api/v1/actions/4/evidence");
    expect(fake.headers.Authorization).toBe("Bearer the-token");
    fake.upload.onprogress!({ lengthComputable: true, loaded: 512, total: 2048 });
    fake.upload.onprogress!({ lengthComputable: false, loaded: 1024, total: 0 });
    fake.upload.onprogress!({ lengthComputable: true, loaded: 2048, total: 2048 });
    fake.answer(201, created);
    expect(await upload.done).toEqual({ ok: true, data: created });
    expect(seen).toEqual([0.25, 1, 1]);
  });

  it("gives the API's problem, and ends the session on 401", async () => {
    const upload = start();
    fake.answer(415, { type: "t", title: "Unsupported", status: 415, code: "unsupported_type", detail: "The file must be a PDF…" });
    expect(await upload.done).toMatchObject({ ok: false, problem: { status: 415, code: "unsupported_type" } });
    expect(ended).not.toHaveBeenCalled();
    const again = start();
    fake.answer(401, { type: "t", title: "Unauthorised", status: 401, code: "not_authenticated", detail: "Sign in" });
    expect((await again.done).ok).toBe(false);
    expect(ended).toHaveBeenCalledOnce();
  });

  it("says so when the connection fails or the user cancels", async () => {
    const lost = start();
    fake.onerror!();
    expect(await lost.done).toMatchObject({ ok: false, problem: { code: "network_error" } });
    const cancelled = start();
    cancelled.abort();
    expect(await cancelled.done).toEqual({ ok: false, problem: UPLOAD_CANCELLED });
  });
});

describe("readAnswer", () => {
  it("treats an answer that is not JSON as unexpected", () => {
    expect(readAnswer(502, "<html>Bad gateway</html>")).toMatchObject({ ok: false, problem: { status: 502, code: "unexpected_response" } });
    expect(readAnswer(201, "")).toMatchObject({ ok: false });
  });
});
