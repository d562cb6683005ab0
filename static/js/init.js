// Loaded as <script type="module">. Inline scripts are blocked by CSP, so the
// govuk-frontend-supported body class is set here instead of inline in the template.
import { initAll } from '../govuk/govuk-frontend.min.js'

document.body.classList.add('govuk-frontend-supported')
initAll()
