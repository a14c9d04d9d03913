import { type Platform, type PlatformActions, PlatformError } from "@sentinella/core";

/**
 * One PlatformActions over several adapters, chosen by each target's platform: the classifier and the scheduler
 * see one port whatever the channel. An optional call the target's adapter lacks is refused for that
 * platform as `permanent`.
 */
export function routePlatformActions(adapters: Partial<Record<Platform, PlatformActions>>): PlatformActions {
  const adapterFor = (platform: Platform): PlatformActions => {
    const adapter = adapters[platform];
    if (!adapter) throw new PlatformError("permanent", "unsupported_platform", `no adapter for ${platform}`);
    return adapter;
  };
  return {
    hide: async (target) => adapterFor(target.platform).hide(target),
    unhide: async (target) => adapterFor(target.platform).unhide(target),
    reply: async (target, text) => adapterFor(target.platform).reply(target, text),
    privateReply: async (target, text) => adapterFor(target.platform).privateReply(target, text),
    async remove(target) {
      const adapter = adapterFor(target.platform);
      if (!adapter.remove) throw new PlatformError("permanent", "not_removable", `${target.platform} cannot delete`);
      return adapter.remove(target);
    },
    async block(target) {
      const adapter = adapterFor(target.platform);
      if (!adapter.block) throw new PlatformError("permanent", "not_blockable", `${target.platform} cannot block`);
      return adapter.block(target);
    },
    async findReply(target, text) {
      const adapter = adapterFor(target.platform);
      // "Not found" would let a retry reply a second time: a platform that cannot look is a refusal, not a miss.
      if (!adapter.findReply) {
        throw new PlatformError("permanent", "no_read_back", `${target.platform} replies cannot be looked up`);
      }
      return adapter.findReply(target, text);
    },
    async fetchMentionText(target) {
      const adapter = adapterFor(target.platform);
      if (!adapter.fetchMentionText) {
        throw new PlatformError("permanent", "no_text_read", `${target.platform} items cannot be read back`);
      }
      return adapter.fetchMentionText(target);
    },
  };
}
