import type { StateFn } from "./index";

/*
 * The random provider's results. Every cloud takes passwords, ids and name suffixes from it, so
 * its mocks belong to no cloud. Each result is fixed per name and inputs, so plans compare run to
 * run.
 */
export const randomState: Record<string, StateFn> = {
  // Every special character the generator may draw is in the value, so that a test can check the
  // character set a real service accepts (random's own default set when none is given).
  "random:index/randomPassword:RandomPassword": (_name, inputs) => {
    const length = typeof inputs.length === "number" ? inputs.length : 32;
    const specials =
      inputs.special === false
        ? ""
        : typeof inputs.overrideSpecial === "string"
          ? inputs.overrideSpecial
          : "!@#$%&*()-_=+[]{}<>:?";
    const fill = "x".repeat(Math.max(length - 5 - specials.length, 0));
    return { result: `mock-${fill}${specials}`.slice(0, length), bcryptHash: "$2a$10$mock" };
  },
  "random:index/randomId:RandomId": (name, inputs) => {
    const bytes = Number(inputs.byteLength ?? 8);
    let hash = 0;
    for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
    const hex = hash
      .toString(16)
      .padStart(8, "0")
      .repeat(4)
      .slice(0, bytes * 2);
    return { hex, dec: String(parseInt(hex, 16)), b64Url: hex, b64Std: hex };
  },
  // Lowercase letters and digits, what a name suffix is drawn from.
  "random:index/randomString:RandomString": (_name, inputs) => ({
    result: "x7k2q9mp4w".slice(0, Number(inputs.length ?? 6)),
  }),
};
