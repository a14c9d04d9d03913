export { type Expectation, meets, parseExpectation } from "./expectation";
export {
  DEFAULT_SEED,
  type Functionality,
  type GenerateOptions,
  generateSuites,
  type Side,
  type SuiteCase,
  suiteNames,
} from "./generate";
