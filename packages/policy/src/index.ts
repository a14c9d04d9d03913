export type { Detector, DetectorInput, Finding } from "./detector";
export { CLASSIFIER_VERSION, type ClassifyContext, type ClassifyInput, classify } from "./engine";
export {
  CategoryRule,
  ElectionPeriod,
  inElectionPeriod,
  loadPolicy,
  type Policy,
  PolicyDocument,
  Redress,
  RepeatOffenderRule,
  Retention,
} from "./policy";
export { getPolicy, policies } from "./presets";
