// Every audit check, in the order results are reported.
import type { Check } from "../types.js";
import { cookieChecks } from "./cookies.js";
import { djangoChecks } from "./django.js";
import { headerChecks } from "./headers.js";
import { healthChecks } from "./health.js";
import { loginChecks } from "./login.js";
import { portChecks } from "./ports.js";
import { redirectChecks } from "./redirect.js";
import { staticChecks } from "./static.js";
import { tlsChecks } from "./tls.js";

export const ALL_CHECKS: readonly Check[] = [
  ...tlsChecks,
  ...redirectChecks,
  ...headerChecks,
  ...cookieChecks,
  ...djangoChecks,
  ...loginChecks,
  ...healthChecks,
  ...staticChecks,
  ...portChecks,
];
