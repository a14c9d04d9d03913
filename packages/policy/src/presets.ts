import comuneCento from "../policies/comune-cento.json" with { type: "json" };
import comuneCrespiatica from "../policies/comune-crespiatica.json" with { type: "json" };
import provinciaMassaCarrara from "../policies/provincia-massa-carrara.json" with { type: "json" };
import provinciaMonzaBrianza from "../policies/provincia-monza-brianza.json" with { type: "json" };
import provinciaPiacenza from "../policies/provincia-piacenza.json" with { type: "json" };
import { loadPolicy, type Policy } from "./policy";

/**
 * The five seed policies. Imported statically so a bundler inlines them: no file reads at cold start.
 * A new entity is a new document in `policies/` and one import here.
 */
export const policies: readonly Policy[] = [
  provinciaPiacenza,
  comuneCento,
  provinciaMonzaBrianza,
  comuneCrespiatica,
  provinciaMassaCarrara,
].map(loadPolicy);

const byId = new Map(policies.map((p) => [p.id, p]));

export function getPolicy(entityId: string): Policy {
  const policy = byId.get(entityId);
  if (!policy) throw new Error(`No policy for entity "${entityId}"; known entities: ${[...byId.keys()].join(", ")}`);
  return policy;
}
