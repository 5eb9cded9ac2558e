// A frontend's call to ChatDash's Create Client, typed from the contract
// the mock serves (`openapi-typescript` on /__mock/openapi/chatdash.json)
// and sent with `openapi-fetch`. Run: node out/create-client.js BASE_URL
import createClient from "openapi-fetch";
import type { paths } from "./types/chatdash.js";

// Node's globals, without @types/node
declare const process: { argv: string[]; exit(code: number): never };

const base = process.argv[2];
const api = createClient<paths>({ baseUrl: `${base}/chatdash` });

const ok = await api.POST("/clients", {
  headers: { Authorization: "ci-key" },
  body: {
    client: { name: "Acme", language: "en" },
    member: { name: "Ann", loginId: "ann", password: "s3cret" },
  },
});
if (ok.response.status !== 200 || ok.data?.message === undefined) {
  console.error("Create Client did not succeed:", ok.response.status, ok.error);
  process.exit(1);
}
const message: string = ok.data.message;
console.log(`createClient: ${ok.response.status} ${message}`);

// the documented 400, typed: its `error` says what was wrong
const bad = await api.POST("/clients", {
  headers: { Authorization: "ci-key" },
  body: JSON.parse('{"client":{"name":"Acme","language":"en"},"member":{"name":"Ann","loginId":"ann"}}'),
});
const why: string | undefined = bad.error && "error" in bad.error ? bad.error.error : undefined;
if (bad.response.status !== 400 || why !== "body /member/password: required property missing") {
  console.error("the invalid call was not answered with the documented 400 saying why:", bad.response.status, why);
  process.exit(1);
}
console.log(`createClient without a password: ${bad.response.status} ${why}`);
