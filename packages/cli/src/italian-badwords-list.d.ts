/** The package ships plain CommonJS without types; only the word list is used. */
declare module "italian-badwords-list" {
  const list: { array: string[] };
  export default list;
}
