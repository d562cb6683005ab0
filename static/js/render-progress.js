// Progress of an annual-report PDF being made by the worker, without reloading the page.
// Each element with data-render-status holds the status URL; its [data-render-label] shows the
// state, [data-render-advice] what a stalled render needs, [data-render-retry] the "Try again"
// form (shown while it has stalled), and [data-render-download] becomes the download link when
// the PDF is ready.
const WAIT_MS = 2000

function show (row, data) {
  const label = row.querySelector('[data-render-label]')
  const tag = row.querySelector('[data-render-tag]')
  if (label) label.textContent = data.label + (data.error ? ': ' + data.error : '')
  if (tag) {
    tag.className = 'govuk-tag ' + ({ done: 'govuk-tag--green', failed: 'govuk-tag--red', rendering: 'govuk-tag--blue' }[data.state] || 'govuk-tag--grey')
  }
  // A render that waited too long or whose worker fell silent says so and offers "Try again".
  const advice = row.querySelector('[data-render-advice]')
  if (advice) {
    advice.textContent = data.advice || ''
    advice.hidden = !data.advice
  }
  const retry = row.querySelector('[data-render-retry]')
  if (retry) retry.hidden = !data.stalled
  const link = row.querySelector('[data-render-download]')
  if (link && data.download) {
    link.href = data.download
    link.hidden = false
  }
}

async function follow (row) {
  const url = row.dataset.renderStatus
  for (;;) {
    let data
    try {
      const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      if (!response.ok) return
      data = await response.json()
    } catch (error) {
      return // offline or signed out: the page still works with a reload
    }
    show(row, data)
    if (data.state === 'done' || data.state === 'failed') {
      const live = document.getElementById('render-announcement')
      if (live) live.textContent = data.state === 'done' ? 'The PDF is ready to download.' : 'The PDF could not be made.'
      return
    }
    await new Promise(resolve => setTimeout(resolve, WAIT_MS))
  }
}

document.querySelectorAll('[data-render-status]').forEach(row => {
  if (row.dataset.renderState === 'queued' || row.dataset.renderState === 'rendering') follow(row)
})
