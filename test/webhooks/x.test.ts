import { normaliseXAccountActivity, verifyXSignature, xCrcResponseToken } from "@sentinella/webhooks";
import { describe, expect, it } from "vitest";
import { deployments, fixture } from "./fixtures";

const receivedAt = new Date("2026-03-02T10:00:00.000Z");
const normalise = (body: unknown) => normaliseXAccountActivity(body, { receivedAt, deployments });

describe("X CRC and signature (reference test vectors)", () => {
  it("answers the CRC of X DevRel's example", () => {
    expect(
      xCrcResponseToken("9b4507b3-9040-4669-9ca3-6b94edb50553", "z3ZX4v7mAAUGykl3EcmkqbartmuW8VFOOzCloLx9Q45P0hLrFu"),
    ).toBe("sha256=Cytd4Sq+NvEcV3MMrXxWJGJx5A+y/lXzzU2Maartkx8=");
  });

  it.each([
    ["test=1&other_test=2", "sha256=25Cu3iwbbiqBTwQRzcKJZwisjf736V2Q8UaTlkfLSoc="],
    ['{"test_number":1,"test_string":"two"}', "sha256=YWHphPn/JFq43jkF0y4/w8R/SelmLjvpunhVFY8JhlI="],
  ])("accepts autohook's signature of %s", (body, header) => {
    expect(verifyXSignature(Buffer.from(body), header, "test")).toBe(true);
    expect(verifyXSignature(Buffer.from(`${body} `), header, "test")).toBe(false);
    expect(verifyXSignature(Buffer.from(body), header, "other secret")).toBe(false);
  });

  it.each([
    ["missing", undefined],
    ["hex instead of base64", `sha256=${"0".repeat(64)}`],
    ["no prefix", "25Cu3iwbbiqBTwQRzcKJZwisjf736V2Q8UaTlkfLSoc="],
    ["truncated", "sha256=25Cu3iwbbiqBTwQRzcKJZwisjf736V2Q8UaTlkfLSo="],
  ])("refuses a %s header", (_, header) => {
    expect(verifyXSignature(Buffer.from("test=1&other_test=2"), header, "test")).toBe(false);
  });
});

describe("normaliseXAccountActivity", () => {
  it("reads zammad's reply sample as a mention: it answers another user's tweet, not the account's", () => {
    const { items, ignored } = normalise(fixture("x-tweet-reply.json"));
    expect(ignored).toEqual([]);
    expect(items).toEqual([
      expect.objectContaining({
        entityId: "comune-esempio",
        platform: "x",
        accountId: "2975699229",
        itemId: "1207623566339919872",
        kind: "mention",
        event: "created",
        byStaff: false,
        text: "@ScruffyMcG This is only a test.",
        author: { id: "1205290247124217856", name: "pennbrooke1" },
        postId: "1205348660982083584",
        createdAt: "2019-12-19T11:27:49.433Z",
      }),
    ]);
  });

  const tweet = (overrides: object) => ({
    for_user_id: "2975699229",
    tweet_create_events: [
      {
        id_str: "1800",
        text: "Quando riapre la biblioteca?",
        in_reply_to_status_id_str: "1700",
        in_reply_to_user_id_str: "2975699229",
        user: { id_str: "555", screen_name: "giulia" },
        timestamp_ms: "1772445600000",
        ...overrides,
      },
    ],
  });

  it("reads a reply to the account's own tweet as a comment under it, the kind the account can hide", () => {
    const [item] = normalise(tweet({})).items;
    expect(item).toMatchObject({ kind: "comment", postId: "1700", threadId: "1800", parentId: "1700", byStaff: false });
  });

  it("reads the account's own reply as a staff item answering the tweet it replies to", () => {
    const [item] = normalise(
      tweet({ user: { id_str: "2975699229", screen_name: "comune" }, in_reply_to_user_id_str: "555" }),
    ).items;
    expect(item).toMatchObject({ byStaff: true, kind: "reply", threadId: "1700", parentId: "1700" });
  });

  it("reads the account's own post as a staff item", () => {
    const [item] = normalise(
      tweet({ user: { id_str: "2975699229" }, in_reply_to_status_id_str: null, in_reply_to_user_id_str: null }),
    ).items;
    expect(item).toMatchObject({ byStaff: true, kind: "comment", threadId: "1800" });
  });

  it("reads a quote of the account's tweet as a mention", () => {
    const [item] = normalise(
      tweet({ in_reply_to_status_id_str: null, in_reply_to_user_id_str: null, quoted_status: { id_str: "1700" } }),
    ).items;
    expect(item).toMatchObject({ kind: "mention", postId: "1700" });
  });

  it("takes a long tweet's whole text from extended_tweet", () => {
    const [item] = normalise(
      tweet({ truncated: true, text: "Quando riapre…", extended_tweet: { full_text: "Quando riapre la biblioteca?" } }),
    ).items;
    expect(item?.text).toBe("Quando riapre la biblioteca?");
  });

  it("acknowledges retweets without queueing them", () => {
    expect(normalise(tweet({ retweeted_status: { id_str: "1" } }))).toEqual({
      items: [],
      ignored: [{ reason: "x:retweet", count: 1 }],
      rejected: [],
    });
  });

  it("reads zammad's direct message: sent by the account, so a staff item in the recipient's conversation", () => {
    const [item] = normalise(fixture("x-direct-message.json")).items;
    expect(item).toMatchObject({
      accountId: "123",
      itemId: "1062015437679050760",
      kind: "message",
      byStaff: true,
      threadId: "456",
      author: { id: "123", name: "zammadhq" },
      text: "Hey! Hello!",
      createdAt: "2018-11-12T16:13:06.292Z",
    });
  });

  it("names the sender of a received message from the users map", () => {
    const body = fixture("x-direct-message.json") as { direct_message_events: { message_create: object }[] };
    body.direct_message_events[0] = {
      ...body.direct_message_events[0],
      message_create: { target: { recipient_id: "123" }, sender_id: "456", message_data: { text: "Ciao" } },
    };
    const [item] = normalise(body).items;
    expect(item).toMatchObject({ byStaff: false, threadId: "456", author: { id: "456", name: "medenhofer" } });
  });

  it("reads a deleted tweet as a deletion", () => {
    const { items } = normalise({
      for_user_id: "2975699229",
      tweet_delete_events: [{ status: { id: "1800", user_id: "555" }, timestamp_ms: "1772445600000" }],
    });
    expect(items).toEqual([expect.objectContaining({ itemId: "1800", event: "deleted", byStaff: false, text: "" })]);
  });

  it("counts and acknowledges every other event type", () => {
    const { items, ignored } = normalise({
      for_user_id: "2975699229",
      favorite_events: [{}, {}],
      follow_events: [{}],
      direct_message_indicate_typing_events: [{}],
      user_event: { revoke: {} },
    });
    expect(items).toEqual([]);
    expect(ignored).toEqual(
      expect.arrayContaining([
        { reason: "x:favorite_events", count: 2 },
        { reason: "x:follow_events", count: 1 },
        { reason: "x:direct_message_indicate_typing_events", count: 1 },
        { reason: "x:user_event", count: 1 },
      ]),
    );
  });

  it("queues nothing for an account no deployment runs: for_user_id selects the deployment", () => {
    const { items, ignored } = normalise({ ...tweet({}), for_user_id: "999" });
    expect(items).toEqual([]);
    expect(ignored).toEqual([{ reason: "unknown_account", count: 1 }]);
  });

  it("records a malformed tweet as rejected (a warning and an alarm in ingress) and keeps the rest of the delivery", () => {
    const body = tweet({});
    body.tweet_create_events.push({ text: "no id" } as never);
    const { items, ignored, rejected } = normalise(body);
    expect(items).toHaveLength(1);
    expect(ignored).toEqual([]);
    expect(rejected).toEqual([{ reason: "x:tweet:malformed", count: 1 }]);
  });
});
