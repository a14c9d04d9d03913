import { readdirSync } from "node:fs";
import { Item, itemVersionKey } from "@sentinella/core";
import { metaTime, normaliseMetaWebhook } from "@sentinella/webhooks";
import { describe, expect, it } from "vitest";
import { deployments, fixture } from "./fixtures";

const receivedAt = new Date("2026-01-01T10:00:00.000Z");
const normalise = (name: string) => normaliseMetaWebhook(fixture(name), { receivedAt, deployments });

describe("normaliseMetaWebhook: Facebook Page feed", () => {
  it("turns a citizen's comment into a queued item with the raw fragment", () => {
    const { items, ignored } = normalise("fb-comment-accented.body");
    expect(ignored).toEqual([]);
    expect(items).toHaveLength(1);
    const [item] = items;
    expect(Item.parse(item)).toEqual(item);
    expect(item).toMatchObject({
      entityId: "comune-esempio",
      platform: "facebook",
      accountId: "111",
      itemId: "222_333",
      kind: "comment",
      event: "created",
      version: "0",
      postId: "111_222",
      threadId: "222_333",
      author: { id: "999", name: "Mario Rossi" },
      byStaff: false,
      text: "Quando apre l'ufficio anagrafe? è urgente",
      createdAt: "2025-12-31T23:59:59.000Z",
      receivedAt: "2026-01-01T10:00:00.000Z",
    });
    expect(item?.parentId).toBeUndefined();
    expect(item?.raw).toMatchObject({ field: "feed", value: { comment_id: "222_333" } });
  });

  it("recognises a reply by a parent that is a comment, not the post", () => {
    const [item] = normalise("fb-feed-reply.json").items;
    expect(item).toMatchObject({
      kind: "reply",
      itemId: "139560936744456_139620233405726",
      parentId: "139560936744456_139562213411528",
      threadId: "139560936744456_139562213411528",
      text: "Anche in via Roma la raccolta non è passata",
    });
  });

  it("reads an edit in the older sender_id/sender_name form, versioned by the notification time", () => {
    const [item] = normalise("fb-feed-edited-sender.json").items;
    expect(item).toMatchObject({
      event: "edited",
      kind: "comment",
      author: { id: "1914154345481707", name: "Carlo Neri" },
      version: "2017-03-20T08:31:40.000Z",
      createdAt: "2017-03-20T08:31:32.000Z",
      text: "Ho corretto: il numero verde non risponde",
    });
  });

  it("reads a hide and an unhide done on the Page as events of the comment, versioned by the notification", () => {
    const feed = (verb: string, time: number) => ({
      object: "page",
      entry: [
        {
          id: "111",
          time,
          changes: [
            {
              field: "feed",
              value: {
                item: "comment",
                verb,
                comment_id: "222_333",
                post_id: "111_222",
                from: { id: "999", name: "Mario Rossi" },
                created_time: 1767225599,
              },
            },
          ],
        },
      ],
    });
    const [hidden] = normaliseMetaWebhook(feed("hide", 1767261600), { receivedAt, deployments }).items;
    const [unhidden] = normaliseMetaWebhook(feed("unhide", 1767265200), { receivedAt, deployments }).items;
    expect(hidden).toMatchObject({ itemId: "222_333", event: "hidden", version: "2026-01-01T10:00:00.000Z" });
    expect(unhidden).toMatchObject({ itemId: "222_333", event: "unhidden", version: "2026-01-01T11:00:00.000Z" });
    expect(hidden?.author).toEqual({ id: "999", name: "Mario Rossi" });
  });

  it("prefers edited_time as the version of an edit, so two edits are two versions", () => {
    const editedAt = (time: number) => {
      const body = fixture("fb-feed-edited-sender.json") as { entry: { changes: { value: object }[] }[] };
      Object.assign(body.entry[0]?.changes[0]?.value ?? {}, { edited_time: time });
      const [item] = normaliseMetaWebhook(body, { receivedAt, deployments }).items;
      return item as Item;
    };
    expect(editedAt(1489998800).version).toBe("2017-03-20T08:33:20.000Z");
    expect(itemVersionKey(editedAt(1489998800))).not.toBe(itemVersionKey(editedAt(1489998900)));
  });

  it("turns a removal into a deletion with no text", () => {
    const [item] = normalise("fb-feed-remove.json").items;
    expect(item).toMatchObject({ event: "deleted", version: "0", text: "", author: { id: "139560936744123" } });
  });

  it("splits a batch into one item per comment, marks the Page's own reply as staff, counts the rest", () => {
    const { items, ignored } = normalise("fb-feed-batch.json");
    expect(items.map((i) => [i.itemId, i.kind, i.byStaff])).toEqual([
      ["139560936755999_140077593359990", "comment", false],
      ["139560936755999_140077616693321", "reply", true],
      ["139560936755999_140077616699999", "comment", false],
    ]);
    expect(items[0]?.attachments).toEqual([{ type: "photo", url: "https://scontent.xx.fbcdn.net/v/t1.0-9/foto.jpg" }]);
    expect(items[1]?.threadId).toBe("139560936755999_140077593359990");
    expect(ignored).toEqual([
      { reason: "facebook:feed:reaction", count: 1 },
      { reason: "facebook:feed:like", count: 1 },
      { reason: "facebook:feed:status", count: 1 },
    ]);
  });
});

describe("normaliseMetaWebhook: Instagram", () => {
  it("reads comments and replies, and marks the account's own reply as staff", () => {
    const { items, ignored } = normalise("ig-comments.json");
    expect(ignored).toEqual([]);
    expect(items.map((i) => Item.parse(i))).toHaveLength(3);
    expect(items[0]).toMatchObject({
      platform: "instagram",
      accountId: "17841405309211844",
      itemId: "17865799348089039",
      kind: "comment",
      postId: "123123123",
      threadId: "17865799348089039",
      author: { id: "232323232", name: "marta.esposito" },
      text: "Quando riapre la biblioteca?",
      byStaff: false,
      createdAt: "2018-03-09T19:16:08.000Z",
    });
    expect(items[1]).toMatchObject({ kind: "reply", parentId: "17865799348089039", byStaff: false });
    expect(items[2]).toMatchObject({ kind: "reply", threadId: "17865799348089039", byStaff: true });
  });

  it("reads the Instagram Login form without changes[], recognising the account by its username", () => {
    const [item] = normalise("ig-comment-ig-login.json").items;
    expect(item).toMatchObject({
      itemId: "17919697626119712",
      kind: "comment",
      postId: "18172143295349192",
      byStaff: true,
      text: "Orari aggiornati in bio.",
    });
    expect(item?.raw).toMatchObject({ id: "17841405309211844", field: "comments", time: 1767225600 });
  });

  it("takes the comment id from comment_id when id is absent", () => {
    const [item] = normalise("ig-comment-fb-login-comment-id.json").items;
    expect(item).toMatchObject({ itemId: "17894227972186999", text: "Il link non funziona", byStaff: false });
  });

  it("reads live comments", () => {
    const [item] = normalise("ig-live-comments.json").items;
    expect(item).toMatchObject({ itemId: "17865799348089777", kind: "comment", text: "Si sente malissimo" });
  });

  it("reads mentions by comment_id or id, with or without changes[]", () => {
    const { items } = normalise("ig-mentions.json");
    expect(items.map((i) => [i.kind, i.itemId, i.postId, i.text])).toEqual([
      ["mention", "17894227972186120", "17918195224117851", ""],
      ["mention", "17894227972186121", "17918195224117852", ""],
    ]);
  });
});

describe("normaliseMetaWebhook: private messages", () => {
  it("reads Messenger messages with attachments; an echo is staff on the citizen's thread", () => {
    const { items, ignored } = normalise("messenger.json");
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({
      kind: "message",
      itemId: "m_1457764197618:41d102a3e1ae206a38",
      threadId: "6543210987654321",
      author: { id: "6543210987654321" },
      byStaff: false,
      attachments: [{ type: "image", url: "https://scontent.xx.fbcdn.net/v/pratica.jpg" }],
      createdAt: "2026-01-01T00:00:00.123Z",
    });
    expect(items[1]).toMatchObject({ byStaff: true, threadId: "6543210987654321", author: { id: "137542570280222" } });
    expect(ignored).toEqual([{ reason: "facebook:messaging:read", count: 1 }]);
  });

  it("reads Instagram messages, echoes and deletions; reactions are counted, not queued", () => {
    const { items, ignored } = normalise("ig-messaging.json");
    expect(items.map((i) => [i.event, i.byStaff, i.threadId])).toEqual([
      ["created", false, "1234567890123456"],
      ["created", true, "1234567890123456"],
      ["deleted", false, "1234567890123456"],
    ]);
    expect(items[0]?.createdAt).toBe("2019-09-23T18:14:45.349Z");
    expect(ignored).toEqual([{ reason: "instagram:messaging:reaction", count: 1 }]);
  });
});

describe("normaliseMetaWebhook: what is not queued", () => {
  it("ignores every event of an account no deployment runs", () => {
    const { items, ignored } = normaliseMetaWebhook(fixture("fb-feed-batch.json"), { receivedAt, deployments: [] });
    expect(items).toEqual([]);
    expect(ignored).toEqual([{ reason: "unknown_account", count: 6 }]);
  });

  it("does not take a Facebook Page id for an Instagram account of the same number", () => {
    const messaging = [{ sender: { id: "1" }, recipient: { id: "2" }, message: { mid: "m", text: "x" } }];
    const body = { object: "instagram", entry: [{ id: "137542570280222", time: 1, messaging }] };
    expect(normaliseMetaWebhook(body, { receivedAt, deployments }).ignored).toEqual([
      { reason: "unknown_account", count: 1 },
    ]);
  });

  it.each([
    ["a non-object", "ciao", "rejected", "unrecognised_payload", 1],
    ["an envelope without entries", { object: "page" }, "rejected", "unrecognised_payload", 1],
    [
      "another Meta object",
      { object: "whatsapp_business_account", entry: [{}, {}] },
      "ignored",
      "object:whatsapp_business_account",
      2,
    ],
    ["an object named after a built-in", { object: "constructor", entry: [{}] }, "ignored", "object:constructor", 1],
    ["an object name that is no word", { object: "<script>", entry: [{}] }, "ignored", "object:other", 1],
    ["an entry without id", { object: "page", entry: [{ time: 1 }] }, "rejected", "facebook:malformed_entry", 1],
  ])("counts %s without throwing", (_, body, outcome, reason, count) => {
    expect(normaliseMetaWebhook(body, { receivedAt, deployments })).toEqual({
      items: [],
      ignored: [],
      rejected: [],
      [outcome]: [{ reason, count }],
    });
  });

  it("counts fields and verbs it does not use, and comments it cannot read", () => {
    const change = (field: string, value: unknown) => ({ field, value });
    const body = {
      object: "page",
      entry: [
        {
          id: "137542570280222",
          time: 1767225600,
          changes: [
            change("feed", { item: "comment", verb: "block", comment_id: "1_2", post_id: "9_1" }),
            change("feed", { item: "comment", verb: "__proto__", comment_id: "1_4", post_id: "9_1" }),
            change("feed", { item: "comment", verb: "constructor", comment_id: "1_5", post_id: "9_1" }),
            change("feed", { item: "comment", verb: "add" }),
            change("feed", { item: "comment", verb: "edited", comment_id: "1_3", post_id: "9_1" }),
            change("feed", { verb: "add" }),
            change("ratings", { item: "rating" }),
            "not a change",
          ],
          standby: [{ sender: { id: "1" } }],
        },
      ],
    };
    expect(normaliseMetaWebhook(body, { receivedAt, deployments })).toEqual({
      items: [],
      ignored: [
        { reason: "facebook:standby", count: 1 },
        { reason: "facebook:feed:comment:block", count: 1 },
        { reason: "facebook:feed:comment:other", count: 1 },
        { reason: "facebook:feed:comment:constructor", count: 1 },
        { reason: "facebook:feed:comment:edited_without_text", count: 1 },
        { reason: "facebook:ratings", count: 1 },
      ],
      rejected: [
        { reason: "facebook:feed:comment:without_id", count: 1 },
        { reason: "facebook:feed:malformed", count: 1 },
        { reason: "facebook:malformed_change", count: 1 },
      ],
    });
  });
});

describe("normaliseMetaWebhook: every fixture", () => {
  it.each(readdirSync(new URL("fixtures/", import.meta.url)))(
    "%s gives items that satisfy the Item schema and survive the queue's JSON",
    (name) => {
      for (const item of normalise(name).items) {
        expect(Item.parse(JSON.parse(JSON.stringify(item)))).toEqual(item);
      }
    },
  );
});

describe("metaTime", () => {
  it.each([
    [1767225600, "2026-01-01T00:00:00.000Z"],
    [1767225600123, "2026-01-01T00:00:00.123Z"],
    ["1767225600", "2026-01-01T00:00:00.000Z"],
    ["2026-01-01T00:00:00+0000", "2026-01-01T00:00:00.000Z"],
  ])("reads %s", (value, iso) => {
    expect(metaTime(value)?.toISOString()).toBe(iso);
  });

  it("gives nothing for a missing or unreadable time", () => {
    expect(metaTime(undefined)).toBeUndefined();
    expect(metaTime("ieri")).toBeUndefined();
  });
});

describe("event times out of range", () => {
  const commentAt = (created_time: unknown, time: unknown = 1767225600) => {
    const value = { item: "comment", verb: "add", comment_id: "1_9", post_id: "9_1", message: "ok", created_time };
    const body = { object: "page", entry: [{ id: "137542570280222", time, changes: [{ field: "feed", value }] }] };
    return normaliseMetaWebhook(body, { receivedAt, deployments }).items[0] as Item;
  };

  it.each([
    ["year 10000", 253402300800],
    ["before the platforms existed", -1e11],
    ["a day and more ahead of our clock", receivedAt.getTime() / 1000 + 2 * 86400],
  ])("fall back to the notification time: %s", (_, created) => {
    const item = commentAt(created);
    expect(item.createdAt).toBe("2026-01-01T00:00:00.000Z");
    expect(Item.safeParse(item).success).toBe(true);
  });

  it("fall back to the arrival time when the notification time is out of range too", () => {
    expect(commentAt(253402300800, 8.64e15).createdAt).toBe(receivedAt.toISOString());
  });
});

describe("the queued fragment", () => {
  it("leaves out the text the item carries, so a long comment is queued once", () => {
    for (const name of ["fb-comment-accented.body", "ig-comments.json", "ig-messaging.json", "messenger.json"]) {
      for (const item of normalise(name).items) {
        if (item.text) expect(JSON.stringify(item.raw), name).not.toContain(JSON.stringify(item.text).slice(1, -1));
      }
    }
  });
});
