// Must NOT type-check: the member has no `password`, which the contract
// requires. The CI check expects tsc to reject this file.
import createClient from "openapi-fetch";
import type { paths } from "./types/chatdash.js";

const api = createClient<paths>({ baseUrl: "http://127.0.0.1:4010/chatdash" });
await api.POST("/clients", {
  body: {
    client: { name: "Acme", language: "en" },
    member: { name: "Ann", loginId: "ann" },
  },
});
