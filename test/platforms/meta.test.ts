import { type ActionTarget, noAnswerErrorCode, PlatformError } from "@sentinella/core";
import { freePort, type SandboxGraph, startSandboxGraph } from "@sentinella/local";
import { createMetaActions } from "@sentinella/platforms";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

const fbComment: ActionTarget = {
  platform: "facebook",
  accountId: "fb-cento",
  itemId: "111_222",
  kind: "comment",
  threadId: "111_222",
  authorId: "999",
};
const igReply: ActionTarget = {
  platform: "instagram",
  accountId: "ig-cento",
  itemId: "17900000000000002",
  kind: "reply",
  threadId: "17900000000000001",
  authorId: "1788",
};
const fbMessage: ActionTarget = {
  platform: "facebook",
  accountId: "fb-cento",
  itemId: "m_1",
  kind: "message",
  authorId: "psid-7",
};

describe("Meta Graph actions against the sandbox Graph API", () => {
  let graph: SandboxGraph;
  const tokens: Record<string, string> = {
    "fb-cento": "page-token-fb",
    "ig-cento": "page-token-ig",
    "fb-other": "page-token-other",
  };
  let meta: ReturnType<typeof createMetaActions>;

  beforeAll(async () => {
    graph = await startSandboxGraph({ pageTokens: tokens });
    meta = createMetaActions({ baseUrl: graph.baseUrl, version: "v25.0", tokenFor: async (id) => tokens[id] });
  });
  afterAll(() => graph.stop());
  beforeEach(() => {
    graph.calls.length = 0;
  });

  it("hides and unhides a Facebook comment with is_hidden, the page token in the Authorization header", async () => {
    await meta.hide(fbComment);
    await meta.unhide(fbComment);
    expect(graph.calls).toMatchObject([
      { path: "/v25.0/111_222", kind: "hide", params: { is_hidden: true }, token: "page-token-fb" },
      { path: "/v25.0/111_222", kind: "unhide", params: { is_hidden: false } },
    ]);
    expect(graph.calls[0]?.params).not.toHaveProperty("access_token");
  });

  it("hides an Instagram comment with hide=true and the Instagram account's token", async () => {
    await meta.hide(igReply);
    expect(graph.calls).toMatchObject([
      { path: "/v25.0/17900000000000002", kind: "hide", params: { hide: true }, token: "page-token-ig" },
    ]);
  });

  it("replies under a Facebook comment and returns the new comment's id", async () => {
    const result = await meta.reply(fbComment, "Grazie, le rispondiamo a breve.");
    expect(graph.calls).toMatchObject([
      { path: "/v25.0/111_222/comments", kind: "reply", params: { message: "Grazie, le rispondiamo a breve." } },
    ]);
    expect(result.id).toBe(graph.calls[0]?.id);
  });

  it("replies to an Instagram reply on its thread's top-level comment", async () => {
    await meta.reply(igReply, "Buongiorno");
    expect(graph.calls).toMatchObject([
      { path: "/v25.0/17900000000000001/replies", params: { message: "Buongiorno" } },
    ]);
  });

  it("sends a private reply to a comment's author through the account's messages edge", async () => {
    const result = await meta.privateReply(fbComment, "Le scriviamo in privato");
    expect(graph.calls).toMatchObject([
      {
        path: "/v25.0/fb-cento/messages",
        kind: "private_reply",
        params: { recipient: { comment_id: "111_222" }, message: { text: "Le scriviamo in privato" } },
      },
    ]);
    expect(result.id).toMatch(/^m_/);
  });

  it("answers a private message with a direct message to its sender", async () => {
    await meta.reply(fbMessage, "Ciao");
    expect(graph.calls).toMatchObject([
      { path: "/v25.0/fb-cento/messages", params: { recipient: { id: "psid-7" }, messaging_type: "RESPONSE" } },
    ]);
  });

  it("finds the page's own reply with the same text under a Facebook comment, and no one else's", async () => {
    const text = "Grazie per la sua domanda, le rispondiamo entro 48 ore.";
    await meta.reply({ ...fbComment, accountId: "fb-other" }, text);
    await meta.reply(fbComment, "Un'altra risposta");
    expect(await meta.findReply?.(fbComment, text)).toBeUndefined();
    const sent = await meta.reply(fbComment, text);
    expect(await meta.findReply?.(fbComment, text)).toMatchObject({ id: sent.id });
  });

  it("finds the account's own reply on an Instagram thread under its top-level comment", async () => {
    const sent = await meta.reply(igReply, "Buongiorno");
    expect(await meta.findReply?.(igReply, "Buongiorno")).toMatchObject({ id: sent.id });
    expect(await meta.findReply?.({ ...igReply, threadId: "17900000000000009" }, "Buongiorno")).toBeUndefined();
  });

  it("reads further pages of replies until it finds the account's own", async () => {
    for (let i = 0; i < 120; i++) await meta.reply({ ...igReply, accountId: "fb-other" }, "Buongiorno");
    const sent = await meta.reply(igReply, "Buongiorno");
    expect(await meta.findReply?.(igReply, "Buongiorno")).toMatchObject({ id: sent.id });
  });

  it("cannot read back a direct message, so it finds none", async () => {
    await meta.reply(fbMessage, "Ciao");
    expect(await meta.findReply?.(fbMessage, "Ciao")).toBeUndefined();
  });

  it("reads a comment mention through the account's mentioned_comment field, with the account's token", async () => {
    const mention: ActionTarget = {
      platform: "instagram",
      accountId: "ig-cento",
      itemId: "17894227972186120",
      kind: "mention",
      threadId: "17894227972186120",
      postId: "17918195224117851",
    };
    graph.mentions.set(mention.itemId, "@comune_cento il vigile Rossi è un incapace");
    expect(await meta.fetchMentionText?.(mention)).toBe("@comune_cento il vigile Rossi è un incapace");

    const unconnected = createMetaActions({
      baseUrl: graph.baseUrl,
      version: "v25.0",
      tokenFor: async () => undefined,
    });
    await expect(unconnected.fetchMentionText?.(mention)).rejects.toMatchObject({ kind: "auth" });
    await expect(meta.fetchMentionText?.({ ...mention, itemId: "17800000000000000" })).rejects.toMatchObject({
      kind: "permanent",
    });
    expect(graph.calls).toHaveLength(0);
  });

  it("reads a caption mention, notified with the media id only, through mentioned_media", async () => {
    const media = "17918195224117999";
    graph.captionMentions.set(media, "Grazie @comune_cento per la festa");
    const caption: ActionTarget = { platform: "instagram", accountId: "ig-cento", itemId: media, kind: "mention" };
    expect(await meta.fetchMentionText?.({ ...caption, postId: media })).toBe("Grazie @comune_cento per la festa");
    // Asked for as a comment, the media id is no mentioning comment.
    await expect(meta.fetchMentionText?.(caption)).rejects.toMatchObject({ kind: "permanent", code: "100" });
  });

  it("asks Graph for the mention in the documented request form", async () => {
    graph.mentions.set("17894227972186121", "Ciao @comune_cento");
    const response = await fetch(
      `${graph.baseUrl}/v25.0/ig-cento?${new URLSearchParams({ fields: "mentioned_comment.comment_id(17894227972186121){text,timestamp}" })}`,
      { headers: { authorization: "Bearer page-token-ig" } },
    );
    expect(await response.json()).toEqual({
      mentioned_comment: { id: "17894227972186121", text: "Ciao @comune_cento" },
      id: "ig-cento",
    });
  });

  it("classifies a throttled mention read like any Graph call", async () => {
    graph.mentions.set("17894227972186122", "Ciao @comune_cento");
    graph.failNext(1, { status: 400, code: 4, message: "(#4) Application request limit reached" });
    const mention: ActionTarget = {
      platform: "instagram",
      accountId: "ig-cento",
      itemId: "17894227972186122",
      kind: "mention",
    };
    await expect(meta.fetchMentionText?.(mention)).rejects.toMatchObject({ kind: "throttled" });
    expect(await meta.fetchMentionText?.(mention)).toBe("Ciao @comune_cento");
  });

  it("classifies a failed look-up for replies like any Graph call", async () => {
    graph.failNext(1, { status: 400, code: 80001, message: "(#80001) too many calls" });
    await expect(meta.findReply?.(fbComment, "Ciao")).rejects.toMatchObject({ kind: "throttled" });
  });

  it("reports a reply whose answer was lost as transient with no answer, though the platform took it", async () => {
    graph.dropNextResponses(1);
    await expect(meta.reply(fbComment, "Ciao")).rejects.toMatchObject({ kind: "transient", code: noAnswerErrorCode });
    expect(graph.calls).toMatchObject([{ kind: "reply", params: { message: "Ciao" } }]);
    expect(await meta.findReply?.(fbComment, "Ciao")).toMatchObject({ id: graph.calls[0]?.id });
  });

  it("is refused a reply to a hidden Instagram comment, as Instagram does", async () => {
    const top = { ...igReply, itemId: "17900000000000001" };
    await meta.hide(top);
    await expect(meta.reply(igReply, "Troppo tardi")).rejects.toMatchObject({ kind: "permanent", code: "100" });
  });

  it.each([
    [4, 400, "throttled"],
    [17, 400, "throttled"],
    [32, 400, "throttled"],
    [613, 400, "throttled"],
    [80001, 400, "throttled"],
    [80002, 400, "throttled"],
    [190, 400, "auth"],
    [102, 400, "auth"],
    [1, 500, "transient"],
    [2, 503, "transient"],
    [100, 400, "permanent"],
    [200, 403, "permanent"],
  ])("classifies Graph error code %i (HTTP %i) as %s", async (code, status, kind) => {
    graph.failNext(1, { status, code, message: `(#${code}) sandbox` });
    const failure = await meta.hide(fbComment).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PlatformError);
    expect(failure).toMatchObject({ kind, code: String(code) });
    expect(graph.calls).toHaveLength(0);
  });

  it("passes on when a throttled page may call again, from Meta's business-use-case usage header", async () => {
    graph.failNext(1, { status: 400, code: 80001, message: "(#80001) too many calls", regainAccessMinutes: 7 });
    await expect(meta.hide(fbComment)).rejects.toMatchObject({ kind: "throttled", retryAfterSeconds: 420 });
    graph.failNext(1, { status: 400, code: 4, message: "(#4) Application request limit reached" });
    const withoutHeader = await meta.hide(fbComment).catch((error: PlatformError) => error);
    expect(withoutHeader).toMatchObject({ kind: "throttled" });
    expect((withoutHeader as PlatformError).retryAfterSeconds).toBeUndefined();
  });

  it("classifies an expired token reported as a 190 subcode as auth, keeping the subcode", async () => {
    graph.failNext(1, { status: 400, code: 190, subcode: 463, message: "Session has expired" });
    await expect(meta.hide(fbComment)).rejects.toMatchObject({ kind: "auth", code: "190/463" });
  });

  it("reports an account without a token as an auth failure without calling Graph", async () => {
    await expect(meta.hide({ ...fbComment, accountId: "fb-unknown" })).rejects.toMatchObject({ kind: "auth" });
    expect(graph.calls).toHaveLength(0);
  });

  it("treats an unreachable Graph API as transient, the call never sent", async () => {
    const closedPort = await freePort();
    const offline = createMetaActions({
      baseUrl: `http://127.0.0.1:${closedPort}`,
      version: "v25.0",
      tokenFor: async () => "t",
    });
    await expect(offline.hide(fbComment)).rejects.toMatchObject({ kind: "transient", code: "network" });
  });

  it("refuses platforms that are not Meta's and hiding a private message", async () => {
    await expect(meta.hide({ ...fbComment, platform: "x" })).rejects.toMatchObject({ kind: "permanent" });
    await expect(meta.hide(fbMessage)).rejects.toMatchObject({ kind: "permanent" });
    expect(graph.calls).toHaveLength(0);
  });
});

describe("sandbox Graph API request forms", () => {
  it("accepts form-encoded parameters and an access_token parameter, as Graph does", async () => {
    const graph = await startSandboxGraph();
    try {
      const response = await fetch(`${graph.baseUrl}/v25.0/111_222`, {
        method: "POST",
        body: new URLSearchParams({ is_hidden: "true", access_token: "tok" }),
      });
      expect(await response.json()).toEqual({ success: true });
      expect(graph.calls).toMatchObject([{ kind: "hide", params: { is_hidden: true }, token: "tok" }]);
      const missing = await fetch(`${graph.baseUrl}/v25.0/111_222`, { method: "POST" });
      expect(missing.status).toBe(400);
      expect(await missing.json()).toMatchObject({ error: { code: 190, type: "OAuthException" } });
    } finally {
      await graph.stop();
    }
  });
});
