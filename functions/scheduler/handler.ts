/** Placeholder until the function is written: keeps the CDK app synthesising. */
export const handler = async () => {
  throw new Error("not implemented yet");
};
