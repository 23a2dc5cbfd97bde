// Dialog's script: starts GOV.UK Frontend's components (service navigation menu,
// error summary focus, notification banners, skip link...).
// Loaded as <script type="module">; the import is relative so that it works under any
// STATIC_URL. No inline script or style is used (strict CSP).
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

initAll();
